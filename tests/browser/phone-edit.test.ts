import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('a lab on a phone (touch, no mouse, a narrow screen)', () => {
  it('edits the server by tapping into the editor and typing, runs it, and sees the edit take effect', async () => {
    const context = await browser().newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(site().url('/lessons/half-close'));
    const lab = new LabPage(page);
    const region = page.getByRole('region', { name: /^Lab: Watch a half-close/ });
    await region.scrollIntoViewIfNeeded();
    await region.getByRole('button', { name: 'Open the lab' }).tap();
    await lab.waitForLocalRuntime();

    await lab.tab('server.js').tap();
    // A tap at the start of the first line puts the cursor there; the phone's keyboard types. (The
    // line is found by its text: the editor draws its lines again when the tab changes.)
    const firstLine = page.locator('.monaco-editor .view-line').filter({ hasText: /^\/\/\sA\sserver\sthat\sanswers/ });
    await firstLine.tap({ position: { x: 2, y: 4 } });
    await page.keyboard.type("console.log('edited on a phone');\n");
    await waitForText(lab.visibleCode(), /console\.log\('edited on a phone'\);/);

    await region.getByRole('button', { name: 'Start server', exact: true }).tap();
    const screen = await lab.output('Server');
    await waitForText(screen, /edited on a phone/, 30_000);
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth),
      390,
      'no sideways scroll with the lab open',
    );
    await context.close();
  });
});
