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

// Bytes, not time: the lessons are measured three at a time, each in a context of its own.
describe('page weight of the lessons', { concurrency: 3 }, () => {
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

/**
 * Main-thread work a phone does on loading a lesson, beyond the JavaScript itself: found in
 * Lighthouse's mobile audits (see src/README.md, "Lesson pages: light by design").
 */
describe('work a phone does on loading a lesson', () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  it('prefetches what the screen links to, not every lesson in the closed menu', async () => {
    const context = await browser().newContext(phone);
    const page = await context.newPage();
    await page.goto(site().url('/lessons/close'), { waitUntil: 'networkidle' });
    await page.locator('html[data-has-hydrated="true"]').waitFor();
    await page.waitForTimeout(1000);
    const prefetched = await page.locator('link[rel="prefetch"]').count();
    // Closed, the menu rendered all lessons just off screen: about 170 prefetch links.
    assert.ok(prefetched <= 20, `${prefetched} <link rel=prefetch> on load`);
    // The menu still opens with every lesson in it.
    await page.getByRole('button', { name: 'Toggle navigation bar' }).click();
    const menu = page.locator('.navbar-sidebar');
    await menu.getByRole('link', { name: 'Closing TCP connections' }).first().waitFor();
    assert.ok((await menu.locator('a[href^="/lessons/"]').count()) >= lessons.length, 'every lesson in the menu');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`hydrates code blocks once, keeping the highlighted code of the HTML (${colorScheme} mode)`, async () => {
      const context = await browser().newContext({ ...phone, colorScheme });
      const page = await context.newPage();
      await page.addInitScript(() => {
        document.addEventListener('DOMContentLoaded', () => {
          (window as unknown as { firstCode: Element | null }).firstCode = document.querySelector('pre code');
        });
      });
      await page.goto(site().url('/lessons/close'), { waitUntil: 'networkidle' });
      await page.locator('html[data-has-hydrated="true"]').waitFor();
      await page.waitForTimeout(1000);
      const kept = await page.evaluate(() => {
        const first = (window as unknown as { firstCode: Element | null }).firstCode;
        return first !== null && document.contains(first);
      });
      // Docusaurus's CodeBlock re-mounted every code block after hydration (tokenized twice).
      assert.equal(kept, true, 'the code block from the HTML is still in the page');
      // And it has the colour mode's code colours.
      const background = await page
        .locator('pre')
        .first()
        .evaluate((pre) => getComputedStyle(pre).backgroundColor);
      assert.equal(background, colorScheme === 'dark' ? 'rgb(40, 42, 54)' : 'rgb(246, 248, 250)');
      await context.close();
    });
  }

  it('highlights the code of a lesson reached by client-side navigation', async () => {
    const context = await browser().newContext(phone);
    const page = await context.newPage();
    await page.goto(site().url('/lessons/close'), { waitUntil: 'networkidle' });
    await page.locator('html[data-has-hydrated="true"]').waitFor();
    // Kept from the HTML on load, the code blocks of the next lesson are rendered in the page.
    await page.getByRole('link', { name: /Next.*shutdown/i }).click();
    await page.waitForURL(/\/lessons\/shutdown$/);
    // Shown at once as plain lines (one "plain" token each), coloured once Prism has loaded.
    const code = page.locator('pre code').first();
    await code.locator('.token:not(.plain)').first().waitFor();
    assert.ok((await code.locator('.token:not(.plain)').count()) > 5, 'highlighted tokens');
    await context.close();
  });
});
