import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serveStaticSite } from '../../preview/static-server';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { browser } = siteAndBrowserForTests();

describe('a Node lab that nothing here can run: watch it on real Linux', () => {
  it('plays the close run as recorded on real Linux in the lab’s terminals and timeline, marked as a recording, and the lesson’s predictions about it may then unfold', async () => {
    // The same site from another origin: the local runner refuses it, and the in-browser runtime
    // cannot reach StackBlitz from here.
    const elsewhere = await serveStaticSite({ dir: process.env['TEST_SITE_DIR']!, port: 0 });
    const context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(`${elsewhere.url}/lessons/close-vs-shutdown`);
      await page.evaluate(() => {
        const runs: unknown[] = [];
        (window as unknown as { labRuns: unknown[] }).labRuns = runs;
        window.addEventListener('course:lab-run', (e) => runs.push((e as CustomEvent).detail));
      });
      const lab = page.getByRole('region', { name: /^Lab: (?!C: )/ }).first();
      await lab.scrollIntoViewIfNeeded();
      await lab.getByRole('button', { name: 'Open the lab' }).click();
      await waitForText(lab.getByRole('status', { name: 'Runtime' }), /No runtime can run this lab right now/, 60_000);

      await lab.getByRole('button', { name: 'Watch the close run' }).click();
      await waitForText(lab.getByRole('status', { name: 'Recording' }), /Playing the recording of the close run/);
      await page.getByText('Server output as text', { exact: true }).click();
      const server = page.getByRole('log', { name: 'Server output', exact: true });
      await waitForText(server, /a recording of real Linux \(Node v\d+/);
      // At the recording's own pace: the reply comes after the server's 5 s delay, then EPIPE.
      await waitForText(server, /write of "Hi, data2" failed: EPIPE/, 30_000);
      await waitForText(
        page.getByRole('log', { name: 'Socket events, oldest first' }),
        /write "Hi, data2" → EPIPE/,
        10_000,
      );
      await waitForText(lab.getByRole('status', { name: 'Recording' }), /^$/, 30_000);
      await waitForText(
        lab.getByRole('status', { name: 'Your run compared with real Linux' }),
        /This was the recording of real Linux itself/,
      );
      const runs = await page.evaluate(
        () => (window as unknown as { labRuns: { scenario?: string; ended?: boolean }[] }).labRuns,
      );
      assert.ok(
        runs.some((r) => r.scenario === 'close' && r.ended),
        `the close run was announced as done: ${JSON.stringify(runs)}`,
      );
    } finally {
      await context.close();
      await elsewhere.close();
    }
  });
});
