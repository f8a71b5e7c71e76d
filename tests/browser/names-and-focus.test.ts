import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

describe('names, states and focus a learner can rely on', () => {
  it('names a heading’s anchor link by the heading’s words, also when the heading holds code', async () => {
    const page = await browser().newPage();
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const anchor = page.getByRole('link', { name: "Direct link to The trap: Node's allowHalfOpen", exact: true });
    assert.equal(await anchor.count(), 1);
    assert.equal(await page.getByRole('link', { name: /Direct link to the-trap/ }).count(), 0);
    await page.close();
  });

  it('shows Restart as unavailable until its process runs, terminals that speak politely, and a 3 px focus ring on the lab’s buttons', async () => {
    const page = await browser().newPage();
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForLocalRuntime();
    const restart = page.getByRole('button', { name: 'Restart server', exact: true });
    assert.equal(await restart.getAttribute('aria-disabled'), 'true', 'not started: nothing to restart');
    // The terminals read new output out politely (xterm's own default is assertive).
    const liveRegions = await page
      .locator('.xterm-accessibility .live-region')
      .evaluateAll((regions) => regions.map((region) => region.getAttribute('aria-live')));
    assert.deepEqual(liveRegions, ['polite', 'polite']);
    await lab.start('server');
    await page.getByRole('status', { name: 'Server status' }).filter({ hasText: 'running' }).waitFor();
    assert.equal(await restart.getAttribute('aria-disabled'), null, 'running: it can be restarted');

    const start = page.getByRole('button', { name: 'Start client', exact: true });
    await start.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await start.evaluate((button) => {
      const style = getComputedStyle(button);
      return {
        width: parseFloat(style.outlineWidth),
        style: style.outlineStyle,
        offset: parseFloat(style.outlineOffset),
      };
    });
    assert.ok(ring.width >= 3 && ring.style === 'solid' && ring.offset >= 2, JSON.stringify(ring));
    await page.close();
  });
});
