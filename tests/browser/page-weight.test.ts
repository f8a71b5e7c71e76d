import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestSite, type TestSite } from '../support/test-site';
import { lessons } from '../support/lessons';

/**
 * What each lesson page runs before the learner touches a lab: the JavaScript it executes
 * (gzip), not what Docusaurus prefetches for links in view, which only warms the cache.
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
    it(`/${route}: at most ${BUDGET_KIB} KiB gzip of JavaScript when read and scrolled, all from this site`, async () => {
      const page = await browser.newPage();
      const requested: string[] = [];
      const executed: string[] = [];
      page.on('request', (r) => {
        requested.push(r.url());
        // Script elements and chunk loads run; <link rel=prefetch> only warms the cache.
        if (r.resourceType() === 'script') executed.push(r.url());
      });
      await page.goto(site.url(`/${route}`), { waitUntil: 'networkidle' });
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(20);
      }
      await page.waitForLoadState('networkidle');
      await page.close();

      const foreign = requested.filter((u) => new URL(u).origin !== site.site.url);
      assert.deepEqual(foreign, [], 'nothing comes from a third-party host');

      const siteDir = path.resolve(process.env['TEST_SITE_DIR']!);
      const scripts = executed.filter((u) => new URL(u).pathname.endsWith('.js'));
      const sizes = scripts.map((u) => gzipSync(readFileSync(path.join(siteDir, new URL(u).pathname))).length);
      const totalKiB = sizes.reduce((a, b) => a + b, 0) / 1024;
      assert.ok(totalKiB <= BUDGET_KIB, `${totalKiB.toFixed(1)} KiB gzip in ${scripts.length} scripts`);
      const heavy = scripts.filter((u, i) => sizes[i]! > 100 * 1024 && !/common|main/.test(u));
      assert.deepEqual(heavy, [], 'no editor or terminal chunk before a lab is opened');
    });
  }
});
