import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { LabPage, ready } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

/**
 * Predict the wire in the C labs of lessons 1, 2, 3, 4 and 7, on the built site in Chromium: the
 * learner lists the segments the kernel will send and how each socket ends, runs the lab on Linux
 * in the page, and the packet view grades the prediction on that run's own kernel events. One
 * page and one run per lesson: right predictions (lessons 1, 3, 7; lesson 7's built by keyboard
 * only), a wrong one (lesson 2), and lesson 4's client edited (close() replaced by
 * shutdown(SHUT_WR)), graded by what it really sent, not by the lesson's answer.
 */
/**
 * One browser context for the five pages (the machine's image, kept in its Cache API, is
 * downloaded once); each test closes its page, so no emulator of an earlier lesson keeps running.
 */
let context: BrowserContext;
const { site } = siteAndBrowserForTests(async ({ browser }) => {
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
});
let opened: Page | null = null;
const newPage = async () => (opened = await context.newPage());
afterEach(async () => {
  await opened?.close();
  opened = null;
});

type Kind = 'data' | 'FIN' | 'RST' | 'ACK';
type End = 'CLOSED' | 'TIME_WAIT';

/** A terminal's screen, brought into view (xterm draws only what is on screen). */
async function terminal(lab: Locator, title: string): Promise<Locator> {
  const group = lab.getByRole('group', { name: `${title} terminal`, exact: true });
  await group.scrollIntoViewIfNeeded();
  return group.locator('.xterm-rows');
}

async function openCLab(page: Page, lesson: string, title: RegExp): Promise<Locator> {
  await page.goto(site().url(lesson));
  const lab = page.getByRole('region', { name: title });
  await lab.scrollIntoViewIfNeeded();
  await lab.getByRole('button', { name: 'Open the lab' }).click();
  await waitForText(lab.getByRole('status', { name: 'Runtime' }), /^Running Linux 6\.1/, 90_000);
  return lab;
}

/**
 * Builds a prediction with the builder's selects and buttons (by pointer). A segment's side is
 * the socket that connected ("client") or the one that accepted ("server"), whatever the lab calls
 * them; `ends` is keyed by the lab's names.
 */
async function predict(
  builder: Locator,
  segments: readonly (readonly ['client' | 'server', Kind])[],
  ends: Readonly<Record<string, End>>,
): Promise<void> {
  const add = builder.getByRole('group', { name: /^Add a segment/ });
  for (const [from, kind] of segments) {
    await add.getByRole('combobox', { name: 'From' }).selectOption(from);
    await add.getByRole('combobox', { name: 'Segment' }).selectOption(kind);
    await add.getByRole('button', { name: 'Add segment' }).click();
  }
  for (const [side, state] of Object.entries(ends)) {
    await builder.getByRole('combobox', { name: `${side}'s socket ends in` }).selectOption(state);
  }
  assert.equal(
    await builder
      .getByRole('list', { name: /the segments in order$/ })
      .getByRole('listitem')
      .count(),
    segments.length,
  );
}

const grade = (lab: Locator) => lab.getByRole('status', { name: 'Predict the wire' });
const graded = (lab: Locator) => lab.getByRole('region', { name: /^Your prediction, graded by the kernel/ });
/**
 * A list's items as text. The ACKs that carry nothing else, and the copies the guest sends again
 * when an ACK comes late (on a busy machine), are optional in a prediction: `essential` leaves them out.
 */
const essential = (items: string[]) => items.filter((t) => !/ACK only|sent again/.test(t));
const itemsOf = async (list: Locator) =>
  (await list.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

describe('predict the wire, graded by the kernel of the run', () => {
  it("lesson 1: a right prediction of what follows 'shutdown', graded right", async () => {
    const page = await newPage();
    const lab = await openCLab(page, '/lessons/half-close', /^Lab: C: a half-close/);
    const builder = lab.getByRole('region', { name: 'Predict the wire' });
    assert.match(await builder.innerText(), /After you type shutdown in the client terminal: which segments/);
    await predict(
      builder,
      [
        ['client', 'FIN'],
        ['server', 'data'],
        ['server', 'data'],
        ['server', 'FIN'],
      ],
      { client: 'TIME_WAIT', server: 'CLOSED' },
    );
    await ready(lab.getByRole('button', { name: 'Start server', exact: true })).click();
    await waitForText(await terminal(lab, 'Server'), /server: listening/, 120_000);
    await ready(lab.getByRole('button', { name: 'Start client', exact: true })).click();
    await waitForText(await terminal(lab, 'Client'), /client: connected/, 120_000);
    const packets = lab.getByRole('region', { name: 'What the kernel shows' });
    await lab.getByRole('textbox', { name: 'Client terminal input' }).focus();
    for (const [n, line] of ['one', 'two', 'shutdown'].entries()) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
      // Each line's segment reaches the page before the next line is typed (the window starts at "shutdown").
      if (n < 2) {
        await waitForText(
          packets.getByRole('list').first(),
          new RegExp(`(client :\\d+ → server :\\d+: data[^\\n]*\\n[\\s\\S]*){${n + 1}}`),
          30_000,
        );
      }
    }
    await waitForText(builder.getByRole('status'), /^Locked in for this run/, 10_000);
    await waitForText(
      grade(lab),
      /run 1: Your prediction is right: every segment in order, and both end states\./,
      60_000,
    );
    const sent = graded(lab).getByRole('list', { name: 'What the kernel sent' });
    assert.deepEqual(essential(await itemsOf(sent)), [
      '✓ client → server: FIN: you predicted it (your 1.)',
      '✓ server → client: data (8 bytes): you predicted it (your 2.)',
      '✓ server → client: data (8 bytes): you predicted it (your 3.)',
      '✓ server → client: FIN: you predicted it (your 4.)',
    ]);
    assert.match(await builder.innerText(), /Graded on run 1: right/);
  });

  it('lesson 2: a wrong prediction (a FIN) for the connection closed with data unread: the RST is what was sent', async () => {
    const page = await newPage();
    const lab = await openCLab(page, '/lessons/close', /^Lab: C: close\(\) with unread data/);
    const builder = lab.getByRole('region', { name: 'Predict the wire' });
    assert.match(
      await builder.innerText(),
      /On the second connection \(close\(\) with data left unread\), after its handshake/,
    );
    await predict(
      builder,
      [
        ['client', 'data'],
        ['server', 'FIN'],
      ],
      { peer: 'CLOSED', conn: 'TIME_WAIT' },
    );
    await ready(lab.getByRole('button', { name: 'Start program', exact: true })).click();
    await waitForText(grade(lab), /run 1: Your prediction differs from what the kernel did/, 90_000);
    assert.match(
      await grade(lab).innerText(),
      /1 of 2 predicted segments seen in order, 1 never sent; 1 segment with data, FIN or RST not in your prediction; conn ended CLOSED, not TIME-WAIT\./,
    );
    const you = graded(lab).getByRole('list', { name: 'You predicted' });
    assert.deepEqual(await itemsOf(you), [
      '✓ peer → conn: data: seen, in this order (1. sent)',
      '✗ conn → peer: FIN: never sent',
    ]);
    const sent = await itemsOf(graded(lab).getByRole('list', { name: 'What the kernel sent' }));
    assert.ok(sent.includes('! conn → peer: RST: not in your prediction'), sent.join('\n'));
    assert.match(await graded(lab).innerText(), /Not what the kernel did\./);
  });

  it("lesson 3: a right prediction of shut-rd.c's connection: SHUT_RD sends nothing, the late data draws an RST", async () => {
    const page = await newPage();
    const lab = await openCLab(page, '/lessons/shutdown', /^Lab: C: shutdown\(SHUT_RD\)/);
    const builder = lab.getByRole('region', { name: 'Predict the wire' });
    await predict(
      builder,
      [
        ['client', 'data'],
        ['client', 'data'],
        ['server', 'FIN'],
        ['client', 'data'],
        ['server', 'RST'],
      ],
      { peer: 'CLOSED', conn: 'CLOSED' },
    );
    await ready(lab.getByRole('button', { name: 'Start program', exact: true })).click();
    await waitForText(grade(lab), /run 1: Your prediction is right/, 90_000);
    assert.match(
      await graded(lab).getByRole('list', { name: 'How the sockets ended' }).innerText(),
      /peer: ended CLOSED; you said CLOSED: right[\s\S]*conn: ended CLOSED; you said CLOSED: right/,
    );
  });

  it("lesson 4: the client edited to shutdown() where it closed is graded on what it sent, not on the lesson's answer", async () => {
    const page = await newPage();
    const lab = await openCLab(page, '/lessons/close-vs-shutdown', /^Lab: C: close vs shutdown/);
    const close = lab.getByRole('region', { name: 'Close run' });
    // The lesson's close run: the client's FIN, the server's reply, the client's RST.
    await predict(
      close,
      [
        ['client', 'FIN'],
        ['server', 'data'],
        ['client', 'RST'],
      ],
      { client: 'CLOSED', server: 'CLOSED' },
    );
    const editor = new LabPage(page);
    const source = readFileSync(path.resolve(__dirname, '../../reference/c/echo-client.c'), 'utf8').split('\n');
    const number = source.findIndex((l) => l.includes('if (close(sock) < 0) die("close");')) + 1;
    assert.ok(number > 0);
    await editor.replaceLine('echo-client.c', number, 'if (shutdown(sock, SHUT_WR) < 0) die("close");');
    const code = await waitForText(editor.visibleCode(), /SHUT_WR\) < 0\) die\("close"\);/);
    assert.doesNotMatch(code, /if \(close\(sock\)/, "the client's close() is gone");

    await ready(lab.getByRole('button', { name: 'Start server', exact: true })).click();
    await waitForText(await terminal(lab, 'Server'), /server: listening/, 120_000);
    await ready(lab.getByRole('button', { name: 'Start client', exact: true })).click();
    await waitForText(await terminal(lab, 'Client'), /client: connected/, 120_000);
    const packets = lab.getByRole('region', { name: 'What the kernel shows' });
    await lab.getByRole('textbox', { name: 'Client terminal input' }).focus();
    for (const [n, typed] of ['data1', 'data2', 'close'].entries()) {
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
      if (n < 2) {
        await waitForText(
          packets.getByRole('list').first(),
          new RegExp(`(client :\\d+ → server :\\d+: data[^\\n]*\\n[\\s\\S]*){${n + 1}}`),
          30_000,
        );
      }
    }
    await waitForText(grade(lab), /Close run, run 1: Your prediction differs from what the kernel did/, 60_000);
    const result = graded(lab);
    assert.match(await result.innerText(), /Your run used your edited code/);
    // Where the reply is in the sent list depends on the ACKs before it.
    const ordinal = (t: string) => t.replace(/\(\d+\. sent\)/, '(n. sent)');
    assert.deepEqual((await itemsOf(result.getByRole('list', { name: 'You predicted' }))).map(ordinal), [
      '✓ client → server: FIN: seen, in this order (n. sent)',
      '✓ server → client: data: seen, in this order (n. sent)',
      '✗ client → server: RST: never sent',
    ]);
    const sent = await itemsOf(result.getByRole('list', { name: 'What the kernel sent' }));
    assert.deepEqual(essential(sent), [
      '✓ client → server: FIN: you predicted it (your 1.)',
      '✓ server → client: data (10 bytes): you predicted it (your 2.)',
      '! server → client: data (10 bytes): not in your prediction',
      '! server → client: FIN: not in your prediction',
    ]);
    assert.match(
      await result.getByRole('list', { name: 'How the sockets ended' }).innerText(),
      /client: ended TIME-WAIT; you said CLOSED: wrong/,
    );
    // The shutdown run's prediction was not graded by a close run.
    assert.equal(await lab.getByRole('region', { name: /graded by the kernel: Shutdown run/ }).count(), 0);
  });

  it('lesson 7: a prediction built by keyboard only, right: one RST and no TIME-WAIT; on a phone nothing scrolls sideways', async () => {
    const page = await newPage();
    const lab = await openCLab(page, '/lessons/abortive-close', /^Lab: C: SO_LINGER 0/);
    const builder = lab.getByRole('region', { name: 'Predict the wire' });
    await builder.getByRole('combobox', { name: 'From' }).focus();
    await page.keyboard.press('ArrowDown'); // conn → peer
    await page.keyboard.press('Tab');
    await page.keyboard.type('RST');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Add segment
    await page.keyboard.press('Tab');
    await page.keyboard.type('CLOSED');
    await page.keyboard.press('Tab');
    await page.keyboard.type('CLOSED');
    assert.deepEqual(await itemsOf(builder.getByRole('list', { name: /the segments in order$/ })), [
      'conn → peer: RST Up Down Remove',
    ]);
    assert.equal(await builder.getByRole('combobox', { name: "conn's socket ends in" }).inputValue(), 'CLOSED');
    assert.equal(await builder.getByRole('combobox', { name: "peer's socket ends in" }).inputValue(), 'CLOSED');

    await ready(lab.getByRole('button', { name: 'Start program', exact: true })).click();
    await waitForText(grade(lab), /run 1: Your prediction is right/, 90_000);
    assert.deepEqual(await itemsOf(graded(lab).getByRole('list', { name: 'What the kernel sent' })), [
      '✓ conn → peer: RST: you predicted it (your 1.)',
    ]);

    await page.setViewportSize({ width: 360, height: 800 });
    await graded(lab).scrollIntoViewIfNeeded();
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(sideways, 0, 'the page scrolls sideways at 360 px');
  });
});
