import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { startTestSite, type TestSite } from './test-site';

/**
 * Registers the hooks most browser test files need: the built site with its runner before
 * the tests, a Chromium, and both closed after. Call it at the top of a test file.
 * Further setup that needs them goes in `then`: Node 20 starts a file's top-level before()
 * hooks as they are registered, so a second before() would not wait for this one.
 */
export function siteAndBrowserForTests(then?: (started: { site: TestSite; browser: Browser }) => Promise<void>): {
  site: () => TestSite;
  browser: () => Browser;
} {
  let site: TestSite | undefined;
  let browser: Browser | undefined;
  before(async () => {
    site = await startTestSite();
    browser = await launchChromium();
    await then?.({ site, browser });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    site: () => site ?? assertStarted(),
    browser: () => browser ?? assertStarted(),
  };
}

function assertStarted(): never {
  throw new Error('siteAndBrowserForTests(): the site and browser start in a before() hook; use them inside tests');
}
