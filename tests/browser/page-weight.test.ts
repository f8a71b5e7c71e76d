import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { measurePageJs } from '../../bench/page-js';
import { lessons } from '../support/lessons';
import { siteAndBrowserForTests } from '../support/site-and-browser';

/**
 * What each lesson page runs before the learner touches a lab: the JavaScript it executes
 * (gzip), not what it prefetches for links and labs in view, which only warms the cache.
 */
const BUDGET_KIB = 200;

const { site, browser } = siteAndBrowserForTests();

describe('page weight of the lessons', () => {
  for (const { route } of lessons) {
    it(`/${route}: at most ${BUDGET_KIB} KiB gzip of JavaScript run when read and scrolled, all from this site`, async () => {
      const js = await measurePageJs(
        browser(),
        site().site.url,
        path.resolve(process.env['TEST_SITE_DIR']!),
        `/${route}`,
      );
      assert.deepEqual(js.foreign, [], 'nothing comes from a third-party host');
      assert.ok(js.runKiB <= BUDGET_KIB, `${js.runKiB.toFixed(1)} KiB gzip in ${js.scripts} scripts`);
      assert.deepEqual(js.heavy, [], 'no editor or terminal chunk runs before a lab is opened');
    });
  }
});
