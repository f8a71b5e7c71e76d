import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

describe('predict, then run (lesson 4)', () => {
  it('keeps the outcome folded until the learner runs the lab, then unfolds it', async () => {
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
      await lab.start('server');
      await outcome.waitFor({ state: 'visible', timeout: 10_000 });
    } finally {
      await context.close();
    }
  });
});
