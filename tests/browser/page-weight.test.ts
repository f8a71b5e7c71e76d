import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { measurePageJs } from '../../bench/page-js';
import { launchChromium } from '../support/chromium';
import { lessons } from '../support/lessons';
import { startTestSite, type TestSite } from '../support/test-site';

/**
 * What each lesson page runs before the learner touches a lab: the JavaScript it executes
 * (gzip), not what it prefetches for links and labs in view, which only warms the cache.
 */
const BUDGET_KIB = 200;
let site: TestSite;
let browser: Browser;

before(async () => {
  site = await startTestSite();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

describe('page weight of the lessons', () => {
  for (const { route } of lessons) {
    it(`/${route}: at most ${BUDGET_KIB} KiB gzip of JavaScript run when read and scrolled, all from this site`, async () => {
      const js = await measurePageJs(browser, site.site.url, path.resolve(process.env['TEST_SITE_DIR']!), `/${route}`);
      assert.deepEqual(js.foreign, [], 'nothing comes from a third-party host');
      assert.ok(js.runKiB <= BUDGET_KIB, `${js.runKiB.toFixed(1)} KiB gzip in ${js.scripts} scripts`);
      assert.deepEqual(js.heavy, [], 'no editor or terminal chunk runs before a lab is opened');
    });
  }
});
