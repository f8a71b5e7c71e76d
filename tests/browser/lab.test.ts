import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, beforeEach, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const LESSON = '/lessons/close-vs-shutdown';
const serverSource = readFileSync(path.resolve(__dirname, '../../labs/close-vs-shutdown/server.js'), 'utf8');
/** The line that sets the reply delay; the tests shorten it by editing it in the page. */
const delayLine = serverSource.split('\n').findIndex((l) => l.startsWith('const DELAY_MS')) + 1;
/**
 * Shorter than the lesson's 5 s, yet long enough for the three lines of a close run to be typed
 * before the first reply on a busy machine (each key is a round trip to the browser; at load 10,
 * 400 ms was not enough and the client closed after the reply came, which is another run).
 */
const FAST = 'const DELAY_MS = 2000; // edited in the browser test';

/** Opens the lab, shortens the delay, starts both processes and types `lines` into the client. */
async function runScenario(lines: readonly string[], edits: ReadonlyArray<[number, string]> = []) {
  await page.goto(site().url(LESSON));
  await lab.open();
  await lab.waitForLocalRuntime();
  await lab.replaceLine('server.js', delayLine, FAST);
  for (const [line, text] of edits) await lab.replaceLine('server.js', line, text);
  await lab.start('server');
  const server = await lab.output('Server');
  await waitForText(server, /replying after 2000 ms/);
  await lab.start('client');
  const client = await lab.output('Client');
  await waitForText(client, /connected to/);
  await lab.typeInto('Client', lines);
  return { server, client };
}

const { site, browser } = siteAndBrowserForTests();
let context: BrowserContext;
let page: Page;
let lab: LabPage;

before(() => assert.ok(delayLine > 0, 'server.js has a DELAY_MS line'));
beforeEach(async () => {
  await context?.close();
  context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
  page = await context.newPage();
  lab = new LabPage(page);
});

describe('the close vs shutdown lab in a real browser, local runtime', () => {
  it('is cross-origin isolated, and says that the in-browser runtime is unavailable and why (its servers are out of reach)', async () => {
    await page.goto(site().url(LESSON));
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    await lab.open();
    // The boot gate's own 1.5 s limit on asking StackBlitz's servers is what makes it say so
    // (tests/unit/boot-gate.test.ts); how soon is a bench figure, not this test's.
    const text = await waitForText(lab.runtimeStatus(), /in-browser runtime is unavailable: .+/, 20_000);
    assert.match(text, /stackblitz\.com/);
    await lab.waitForLocalRuntime();
    assert.match(await lab.runtimeStatus().innerText(), /Running on this computer \(local Node\): Node v\d+/);
  });

  it('close run: the client gets nothing, the server dies on its second write with EPIPE', async () => {
    const { server, client } = await runScenario(['data1', 'data2', 'close']);

    await waitForText(lab.status('Server'), /exited with code 1/, 30_000);
    // The text view repaints on the next animation frame: wait for the text, not the status.
    const serverText = await waitForText(server, /Error: write EPIPE/);
    assert.match(serverText, /received "data1"[\s\S]*received "data2"/);
    assert.match(serverText, /sent "Hi, data1"/);
    assert.match(serverText, /write of "Hi, data2" failed: EPIPE/);
    assert.match(serverText, /Error: write EPIPE/);
    const clientText = await waitForText(client, /closed the socket in both directions/);
    assert.doesNotMatch(clientText, /reply:/);

    // The same run as socket events, and the lab's checks judged on it.
    const timeline = await waitForText(lab.timeline(), /write "Hi, data2" → EPIPE/);
    assert.match(
      timeline,
      /called destroy\(\)[\s\S]*end of stream \(FIN received\)[\s\S]*write "Hi, data1" → ok[\s\S]*write "Hi, data2" → EPIPE[\s\S]*process exited with code 1/,
    );
    await waitForText(lab.check("The server's second write fails with EPIPE."), /met/);
    assert.match((await lab.check("The server's first write succeeds.").getAttribute('aria-label')) ?? '', /Met\.$/);
    assert.match((await lab.check('The client receives no reply.').getAttribute('aria-label')) ?? '', /Met\.$/);
    assert.match((await lab.check('The server survives').getAttribute('aria-label')) ?? '', /Not yet\.$/);
  });

  it('a server edited to handle the write error survives, and its check turns to met', async () => {
    const encodingLine = serverSource.split('\n').findIndex((l) => l.includes("socket.setEncoding('utf8');")) + 1;
    const handler = "socket.setEncoding('utf8'); socket.on('error', (err) => log(`error ${err.code}`));";
    const { server } = await runScenario(['data1', 'data2', 'close'], [[encodingLine, handler]]);

    await waitForText(server, /server: error EPIPE/, 30_000);
    await waitForText(lab.check('The server survives'), /met/);
    await new Promise((r) => setTimeout(r, 500));
    assert.match((await lab.check('The server survives').getAttribute('aria-label')) ?? '', /Met\.$/);
    assert.match(await lab.status('Server').innerText(), /running/);

    // The learner goes on to the shutdown run: the close run's checks are not shown by it, and
    // say that an earlier run met them rather than "not yet", also after a reload.
    const client = await lab.output('Client');
    await lab.typeInto('Client', []);
    await page.keyboard.press('Control+D'); // the closed client leaves at the end of its input
    await waitForText(lab.status('Client'), /exited with code 0/, 30_000);
    await lab.start('client');
    await waitForText(client, /connected to/);
    await lab.typeInto('Client', ['data1', 'data2', 'shutdown']);
    await waitForText(lab.check('The client receives both replies, then the end of the stream.'), /met/, 30_000);
    const secondWrite = lab.check("The server's second write fails");
    assert.match((await secondWrite.getAttribute('aria-label')) ?? '', /Met in an earlier run\.$/);
    await page.reload();
    await lab.open();
    await waitForText(lab.check("The server's second write fails"), /met in an earlier run/);
  });

  it('shutdown run: the client gets both replies, then the end of the stream', async () => {
    const { server, client } = await runScenario(['data1', 'data2', 'shutdown']);

    const clientText = await waitForText(client, /the server ended the connection/, 30_000);
    assert.match(clientText, /reply: Hi, data1\n[\s\S]*reply: Hi, data2\n[\s\S]*the server ended the connection/);
    await waitForText(lab.status('Client'), /exited with code 0/);
    const serverText = await waitForText(server, /closing our side/);
    assert.match(serverText, /sent "Hi, data1"[\s\S]*sent "Hi, data2"/);
    assert.match(await lab.status('Server').innerText(), /running/);

    const timeline = await waitForText(lab.timeline(), /end of stream \(FIN received\)[\s\S]*socket closed/);
    // The reply to data1 may be written before or after the client's FIN, depending on how fast
    // "shutdown" was typed (the test's delay is short); the reply to data2 always comes after it.
    assert.match(timeline, /write "Hi, data1" → ok/);
    assert.match(timeline, /called end\(\): FIN[\s\S]*write "Hi, data2" → ok/);
    await waitForText(lab.check('The client receives both replies, then the end of the stream.'), /met/);

    // A third run, as lesson 4 suggests: only the client again, Ctrl-D instead of "shutdown".
    // The server is still serving: the new run takes it over rather than leaving it out.
    await lab.start('client');
    await waitForText(client, /connected to/);
    await lab.typeInto('Client', ['data1', 'data2']);
    await page.keyboard.press('Control+D');
    await waitForText(lab.status('Client'), /exited with code 0/, 30_000);
    const events = page.getByRole('region', { name: 'Socket events' });
    await waitForText(events, /The server is still running from the previous run: this run takes it over/);
    const third = await waitForText(lab.timeline(), /client:\s*end of stream \(FIN received\)/);
    assert.match(third, /^before\s*server:\s*listening on port \d+/);
    assert.doesNotMatch(
      third,
      /accepted a connection[\s\S]*accepted a connection/,
      'the shutdown run’s events stay in the previous run',
    );
    assert.match(
      third,
      /server:\s*accepted a connection[\s\S]*client:\s*called end\(\): FIN[\s\S]*server:\s*write "Hi, data2" → ok/,
    );
    await waitForText(lab.check('The client receives both replies, then the end of the stream.'), /met/);
  });

  it('keeps edits across a reload until the learner resets the files', async () => {
    await page.goto(site().url(LESSON));
    await lab.open();
    await lab.waitForLocalRuntime();
    await lab.replaceLine('server.js', delayLine, FAST);
    await waitForText(lab.tab('server.js'), /edited/);

    await page.reload();
    await lab.open();
    await waitForText(lab.visibleCode(), /edited in the browser test/);
    await waitForText(lab.tab('server.js'), /server\.js[\s\S]*\(edited\)/);
    assert.doesNotMatch(await lab.tab('client.js').innerText(), /edited/);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset files' }).click();
    await waitForText(lab.visibleCode(), /Number\(process\.env\.DELAY_MS \|\| 5000\)/);
    assert.doesNotMatch(await lab.tab('server.js').innerText(), /edited/);
    await page.reload();
    await lab.open();
    await waitForText(lab.visibleCode(), /Number\(process\.env\.DELAY_MS \|\| 5000\)/);
  });
});
