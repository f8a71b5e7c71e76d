import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestSite, type TestSite } from '../support/test-site';

/** What a lesson page with a lab costs before the learner touches the lab. */
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

describe('page weight of a lesson with a lab', () => {
  it(`runs at most ${BUDGET_KIB} KiB gzip of JavaScript when read and scrolled, all of it from this site`, async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(site.url('/lessons/close-vs-shutdown'), { waitUntil: 'networkidle' });
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(30);
    }
    await page.waitForLoadState('networkidle');
    await page.close();

    const foreign = requested.filter((u) => new URL(u).origin !== site.site.url);
    assert.deepEqual(foreign, [], 'nothing comes from a third-party host');

    const siteDir = path.resolve(process.env['TEST_SITE_DIR']!);
    const scripts = requested.filter((u) => new URL(u).pathname.endsWith('.js'));
    const sizes = scripts.map((u) => gzipSync(readFileSync(path.join(siteDir, new URL(u).pathname))).length);
    const totalKiB = sizes.reduce((a, b) => a + b, 0) / 1024;
    assert.ok(totalKiB <= BUDGET_KIB, `${totalKiB.toFixed(1)} KiB gzip in ${scripts.length} scripts`);
    const heavy = scripts.filter((u, i) => sizes[i]! > 100 * 1024 && !/common|main/.test(u));
    assert.deepEqual(heavy, [], 'no editor or terminal chunk before the lab is opened');
    console.log(`# lesson page JS: ${totalKiB.toFixed(1)} KiB gzip in ${scripts.length} scripts`);
  });
});
