import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

describe('predict, then run (lesson 4)', () => {
  it('keeps an outcome folded until the learner did its own run, then unfolds it without moving the lab', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(site().url('/lessons/close-vs-shutdown'));
      const shutdownOutcome = page.getByRole('heading', { name: 'The shutdown run: both replies arrive' });
      const closeOutcome = page.getByRole('heading', { name: 'The close run: nothing comes back' });
      assert.equal(await shutdownOutcome.isVisible(), false, 'the outcome is folded before the lab ran');

      const lab = new LabPage(page);
      await lab.open();
      await lab.waitForLocalRuntime();
      assert.equal(await shutdownOutcome.isVisible(), false, 'opening the lab is not running it');
      await lab.start('server');
      await page.getByRole('status', { name: 'Server status' }).filter({ hasText: 'running' }).waitFor();
      await page.waitForTimeout(500);
      assert.equal(await shutdownOutcome.isVisible(), false, 'starting the server is not the shutdown run');

      await lab.start('client');
      await page.getByRole('status', { name: 'Client status' }).filter({ hasText: 'running' }).waitFor();
      const terminal = lab.terminal('Client');
      await lab.typeInto('Client', ['data1', 'data2', 'shutdown']);
      const before = (await terminal.boundingBox())?.y;
      // The shutdown run ends when the client has both replies and the server's end (5 s each).
      await shutdownOutcome.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await closeOutcome.isVisible(), false, 'the shutdown run does not unfold the close run’s outcome');
      // The outcomes unfold above the lab; the terminal being typed in stays where it was.
      const after = (await terminal.boundingBox())?.y;
      assert.ok(before !== undefined && after !== undefined);
      assert.ok(Math.abs(after - before) < 2, `the client's terminal moved from y=${before} to y=${after}`);
    } finally {
      await context.close();
    }
  });
});
