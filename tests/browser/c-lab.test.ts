import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { flagsLabel } from '../../src/runtimes/linux/kernel-events';
import { readPcap } from '../support/pcap-records';
import { ready } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText, waitUntil } from '../support/wait';

/**
 * Lesson 4's C lab on the built site, in real Chromium: it opens on Linux in the browser (v86
 * and the saved state fetched only then, with progress), the close run is done through the
 * lab's own controls and the client's terminal, the server is killed by SIGPIPE, and the packet
 * view lists the RST; the lab's checks say what the run showed and the native reference says it
 * matches; on a phone nothing scrolls sideways.
 */
const { site, browser } = siteAndBrowserForTests();

const cLab = (page: Page) => page.getByRole('region', { name: /^Lab: C: close vs shutdown/ });
const screen = (lab: Locator, title: string) =>
  lab.getByRole('group', { name: `${title} terminal`, exact: true }).locator('.xterm-rows');

describe("lesson 4's C lab on Linux in the browser", () => {
  it('runs the close run through the UI: the server is killed by SIGPIPE and the packet view shows the RST', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = cLab(page);
    await lab.scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(
      requests.filter((p) => p.includes('/v86/') || p.includes('/linux/')),
      [],
      'no emulator or guest image before the lab is opened',
    );

    await lab.getByRole('button', { name: 'Open the lab' }).click();
    const status = lab.getByRole('status', { name: 'Runtime' });
    await waitForText(lab, /Downloading the Linux machine: [\d.]+ of [\d.]+ MB \(\d+%\)/, 30_000);
    await waitForText(
      status,
      /Running Linux 6\.1 in your browser, emulated x86[\s\S]*Why: this lab's programs are C/,
      60_000,
    );
    assert.ok(requests.some((p) => p.endsWith('/v86/v86.wasm')));
    assert.ok(requests.some((p) => p.endsWith('/linux/state.bin.zst')));

    await ready(lab.getByRole('button', { name: 'Start server', exact: true })).click();
    await waitForText(screen(lab, 'Server'), /server: listening/, 60_000);
    await ready(lab.getByRole('button', { name: 'Start client', exact: true })).click();
    await waitForText(screen(lab, 'Client'), /client: connected/, 60_000);
    await lab.getByRole('textbox', { name: 'Client terminal input' }).focus();
    for (const line of ['data1', 'data2', 'close']) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    }
    // The guest's terminal echoes what was typed, once.
    await waitForText(
      screen(lab, 'Client'),
      /^(?![\s\S]*data1\s*\n\s*data1)[\s\S]*data1[\s\S]*close\(\): both directions closed/,
    );

    await waitForText(lab.getByRole('status', { name: 'Server status', exact: true }), /killed by SIGPIPE/, 30_000);
    await waitForText(
      screen(lab, 'Server'),
      /received "data1"[\s\S]*sent "Hi, data1"[\s\S]*received "data2"[\s\S]*server killed by SIGPIPE/,
    );
    // The lab's checks, judged on what the guest showed, and the native reference's verdict.
    const checks = lab.getByRole('region', { name: 'Checks' });
    await waitForText(
      checks.getByRole('status', { name: 'Checks met' }),
      /The server is killed by SIGPIPE at its second write\./,
      10_000,
    );
    assert.equal(
      await checks.getByRole('listitem', { name: 'The client prints no reply. Met.' }).count(),
      1,
      'the client printed no reply',
    );
    await waitForText(
      lab.getByRole('status', { name: 'Your run compared with native Linux' }),
      /^Your run matches native Linux\.$/,
      15_000,
    );
    assert.match(
      (await lab.getByRole('list', { name: 'Native Linux, Close run, Server: its lines and its end' }).textContent()) ??
        '',
      /killed by SIGPIPE/,
    );
    const packets = lab.getByRole('region', { name: 'What the kernel shows' });
    await waitForText(packets.getByRole('list').first(), /client :\d+ → server :\d+: RST/, 10_000);
    assert.ok((await packets.getByRole('listitem').filter({ hasText: /: RST/ }).count()) > 0);
    assert.ok((await packets.getByRole('img').count()) > 0, 'a sequence diagram per connection');

    // The capture as a file: every packet the view lists, in its order, with its flags and
    // sequence numbers (relative, as the list shows them).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      lab.getByRole('button', { name: 'Download the capture (.pcap)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^tcp-course-\d{4}-\d{2}-\d{2}-\d{6}\.pcap$/);
    const file = await readFile((await download.path())!);
    const captured = readPcap(file);
    await waitForText(lab.getByRole('status', { name: 'Capture' }), new RegExp(`^${captured.length} packets saved`));
    const first = new Map<string, number>();
    const fromPcap = captured.map((p) => {
      const dir = `${p.from}>${p.to}`;
      const back = `${p.to}>${p.from}`;
      if (!first.has(dir)) first.set(dir, p.seq);
      const seq = (p.seq - first.get(dir)! + 2 ** 32) % 2 ** 32;
      const ack = p.flags.ack ? ` ack ${(p.ack - (first.get(back) ?? p.ack) + 2 ** 32) % 2 ** 32}` : '';
      return `[${flagsLabel(p.flags)}] seq ${seq}${ack}`;
    });
    const listed = (await packets.getByRole('list').first().getByRole('listitem').allTextContents()).flatMap((t) => {
      const m = /\[[^\]]*\] seq \d+(?: ack \d+)?/.exec(t);
      return m ? [m[0]] : [];
    });
    assert.ok(listed.length >= 8, `the view lists the connection's segments: ${listed.join(' | ')}`);
    assert.deepEqual(fromPcap, listed);

    // Reset the machine: the status says so, then Linux runs again with a clean guest (its time
    // is a bench figure: npm run bench:linux).
    const resetting = status.evaluate(
      (el) =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          new MutationObserver(() => {
            seen.push(el.textContent ?? '');
            if (seen.some((t) => t.startsWith('Resetting')) && (el.textContent ?? '').startsWith('Running'))
              resolve(seen);
          }).observe(el, { subtree: true, childList: true, characterData: true });
        }),
    );
    await lab.getByRole('button', { name: 'Reset the machine' }).click();
    assert.ok((await resetting).length >= 2, 'the status said it was resetting, then that Linux runs');

    // On a phone: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await new Promise((r) => setTimeout(r, 300));
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(sideways, 0, 'the page scrolls sideways at 360 px');
  });

  it('keys typed one by one with pauses while both programs print: the echo is in the terminal, and the run matches native Linux', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = cLab(page);
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('button', { name: 'Open the lab' }).click();
    await waitForText(lab.getByRole('status', { name: 'Runtime' }), /^Running Linux 6\.1/, 60_000);
    // A seeded sequence of pauses, 0-80 ms between keys (a person typing), so a failure can be played again.
    let seed = 2026;
    const pause = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * 80);
    };
    for (const [scenario, lines] of [
      ['close', ['data1', 'data2', 'close']],
      ['shutdown', ['data1', 'data2', 'shutdown']],
    ] as const) {
      await ready(lab.getByRole('button', { name: 'Start server', exact: true })).click();
      await waitForText(screen(lab, 'Server'), /server: listening/, 60_000);
      await ready(lab.getByRole('button', { name: 'Start client', exact: true })).click();
      await waitForText(screen(lab, 'Client'), /client: connected/, 60_000);
      await lab.getByRole('textbox', { name: 'Client terminal input' }).focus();
      for (const line of lines) {
        for (const key of line) {
          await page.keyboard.type(key);
          await page.waitForTimeout(pause());
        }
        await page.keyboard.press('Enter');
        await page.waitForTimeout(pause());
      }
      // The kernel's echo of what was typed is on the client's screen.
      await waitForText(screen(lab, 'Client'), new RegExp(`data2[\\s\\S]*${lines[2]}`));
      await waitForText(
        lab.getByRole('status', { name: 'Your run compared with native Linux' }),
        /^Your run matches native Linux\.$/,
        30_000,
      );
      assert.match(
        (await lab.getByRole('combobox', { name: 'Scenario' }).inputValue()) ?? '',
        new RegExp(`^${scenario}$`),
      );
      await lab
        .getByRole('button', { name: 'Stop all', exact: true })
        .click({ timeout: 2000 })
        .catch(() => {});
      await ready(lab.getByRole('button', { name: 'Start server', exact: true })).waitFor({ timeout: 30_000 });
      await ready(lab.getByRole('button', { name: 'Start client', exact: true })).waitFor({ timeout: 30_000 });
    }
  });

  it("runs one of lesson 5's three dispositions: its checks are met, it matches native Linux, the prediction unfolds", async () => {
    const page = await (await browser().newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(site().url('/lessons/sigpipe-and-epipe'));
    const lab = page.getByRole('region', { name: /^Lab: C: SIGPIPE's three dispositions/ });
    await lab.scrollIntoViewIfNeeded();
    await lab.getByRole('button', { name: 'Open the lab' }).click();
    await waitForText(lab.getByRole('status', { name: 'Runtime' }), /^Running Linux 6\.1/, 60_000);
    const outcome = page.getByText('the handler replaced the default action', { exact: false });
    assert.equal(await outcome.isVisible(), false, 'the outcome is folded before the lab ran');
    await ready(lab.getByRole('button', { name: 'Start handler', exact: true })).click();
    await waitForText(lab.getByRole('status', { name: 'Handler status', exact: true }), /exited with code 0/, 60_000);
    await waitForText(
      lab.getByRole('status', { name: 'Your run compared with native Linux' }),
      /^Your run matches native Linux\.$/,
      15_000,
    );
    const checks = lab.getByRole('region', { name: 'Checks' });
    await waitForText(
      checks.getByRole('status', { name: 'Checks met' }),
      /Checks met by this run: 2 of 4: The peer's kernel answers the first write with an RST\. With a handler, the handler runs/,
      10_000,
    );
    // The other dispositions' checks say what Linux does there: folded until the learner runs
    // them (predict first), or asks to see them.
    const defaultKilled = checks.getByRole('listitem', {
      name: /^With the default action, the process is killed by SIGPIPE\. Not yet\./,
    });
    assert.equal(await defaultKilled.count(), 0);
    await waitForText(checks, /2 more checks, folded until your run shows them/);
    await checks.getByRole('button', { name: 'Show all checks' }).click();
    assert.equal(await defaultKilled.count(), 1);
    assert.match(
      (await lab.getByRole('combobox', { name: 'Scenario' }).inputValue()) ?? '',
      /^handler$/,
      'the panel follows the scenario the run did',
    );
    assert.equal(await outcome.isVisible(), true, 'running the lab unfolded the prediction');
  });

  it("a second visit: the lab near the viewport prepares the machine from the browser's cache, downloading no image and restoring it ahead, and opening it runs that machine", async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
    const first = await context.newPage();
    await first.goto(site().url('/lessons/close-vs-shutdown'));
    const firstLab = cLab(first);
    await firstLab.scrollIntoViewIfNeeded();
    await firstLab.getByRole('button', { name: 'Open the lab' }).click();
    await waitForText(firstLab.getByRole('status', { name: 'Runtime' }), /Running Linux 6\.1 in your browser/, 60_000);
    await first.close();

    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = cLab(page);
    await lab.scrollIntoViewIfNeeded();
    // Prepared while the learner reads: v86 loaded and the manifest read; the image comes from the Cache API.
    for (const file of ['/v86/libv86.mjs', '/v86/v86.wasm', '/linux/manifest.json'])
      await waitUntil(() => requests.includes(file), `${file} requested before the lab is opened`);
    await lab.getByRole('button', { name: 'Open the lab' }).click();
    await waitForText(lab.getByRole('status', { name: 'Runtime' }), /Running Linux 6\.1 in your browser/, 60_000);
    assert.deepEqual(
      requests.filter((p) => p.includes('/linux/') && !p.endsWith('manifest.json')),
      [],
      'the image was not downloaded again',
    );
    assert.equal(requests.filter((p) => p.endsWith('/v86/v86.wasm')).length, 1, 'v86 loaded once, by the preparation');
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    assert.ok(
      marks.includes('linux:start:restored-ahead'),
      `the start ran the machine restored ahead: ${marks.join(', ')}`,
    );
    assert.ok(!marks.includes('linux:start:image'), 'the start read no image of its own');
    await context.close();
  });
});
