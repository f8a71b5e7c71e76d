import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

/** A piece of Prism's core (its language-class pattern): present in whichever script holds Prism. */
const PRISM_CORE = 'lang(?:uage)?-';

/** Of the scripts `urls`, those that hold Prism. */
const holdingPrism = (page: Page, urls: readonly string[]) =>
  page.evaluate(
    async ({ urls, core }) => {
      const texts = await Promise.all(urls.map(async (url) => (await fetch(url)).text()));
      return urls.filter((_, i) => texts[i]!.includes(core));
    },
    { urls, core: PRISM_CORE },
  );

describe('Prism loads only when a code block needs it', () => {
  it('a lesson page runs no Prism at load; a client-side navigation loads it and highlights the code', async () => {
    const page = await browser().newPage();
    const scripts: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.url());
    });
    // Lesson 2 has code blocks: highlighted in its static HTML, kept as they are on hydration.
    await page.goto(site().url('/lessons/close'));
    await page.locator('html[data-has-hydrated="true"]').waitFor();
    assert.ok(await page.locator('.theme-code-block .token.keyword').count(), 'the static HTML is highlighted');
    assert.deepEqual(await holdingPrism(page, scripts), [], 'no script the page loaded holds Prism');

    // Lesson 4, reached without a page load: its code blocks are rendered in the browser.
    const before = scripts.length;
    await page
      .getByRole('link', { name: /The experiment: close vs shutdown/ })
      .first()
      .click();
    await page.waitForURL(/close-vs-shutdown/);
    await page.locator('.theme-code-block .token.keyword').first().waitFor({ timeout: 10_000 });
    const prism = await holdingPrism(page, scripts.slice(before));
    assert.equal(prism.length, 1, `one chunk brought Prism: ${prism.join(', ')}`);
    assert.doesNotMatch(prism[0]!, /\/main\./);
    await page.close();
  });
});
