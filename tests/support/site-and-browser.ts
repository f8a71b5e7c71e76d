import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { startTestSite, type TestSite } from './test-site';

/**
 * Registers the hooks most browser test files need: the built site with its runner before
 * the tests, a Chromium, and both closed after. Call it at the top of a test file.
 */
export function siteAndBrowserForTests(): { site: () => TestSite; browser: () => Browser } {
  let site: TestSite | undefined;
  let browser: Browser | undefined;
  before(async () => {
    site = await startTestSite();
    browser = await launchChromium();
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
