import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

describe('predict, then run (lesson 4)', () => {
  it('keeps the outcome folded until the learner runs the lab, then unfolds it without moving the lab', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(site().url('/lessons/close-vs-shutdown'));
      const outcome = page.getByRole('heading', { name: 'The shutdown run: both replies arrive' });
      assert.equal(await outcome.isVisible(), false, 'the outcome is folded before the lab ran');

      const lab = new LabPage(page);
      await lab.open();
      await lab.waitForLocalRuntime();
      assert.equal(await outcome.isVisible(), false, 'opening the lab is not running it');
      const start = page.getByRole('button', { name: 'Start server', exact: true });
      await start.scrollIntoViewIfNeeded();
      const before = (await start.boundingBox())?.y;
      await start.click();
      await outcome.waitFor({ state: 'visible', timeout: 10_000 });
      // The outcomes unfold above the lab; the button just pressed stays where it was.
      const after = (await start.boundingBox())?.y;
      assert.ok(before !== undefined && after !== undefined);
      assert.ok(Math.abs(after - before) < 2, `the Start button moved from y=${before} to y=${after}`);
    } finally {
      await context.close();
    }
  });
});
