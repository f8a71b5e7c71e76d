import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

describe('the navbar on a phone', () => {
  for (const width of [320, 360, 390]) {
    it(`shows the whole course title at ${width} px, clear of the search button, without sideways scroll`, async () => {
      const context = await browser().newContext({ viewport: { width, height: 700 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await page.goto(site().url('/lessons/close'));
      const title = page.locator('.navbar__title');
      assert.equal(await title.textContent(), 'Closing TCP connections');
      const layout = await page.evaluate(() => {
        const titleBox = document.querySelector<HTMLElement>('.navbar__title')!;
        const range = document.createRange();
        range.selectNodeContents(titleBox);
        const text = range.getBoundingClientRect();
        const search = document.querySelector('.navbar__search')!.getBoundingClientRect();
        return {
          clipped: titleBox.scrollWidth > titleBox.clientWidth,
          textRight: text.right,
          titleRight: titleBox.getBoundingClientRect().right,
          searchLeft: search.left,
          sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      assert.equal(layout.clipped, false, 'the title is not cut off');
      assert.ok(
        layout.textRight <= layout.titleRight + 0.5,
        `the title's text fits its box: ${JSON.stringify(layout)}`,
      );
      assert.ok(
        layout.textRight <= layout.searchLeft,
        `the title ends before the search button: ${JSON.stringify(layout)}`,
      );
      assert.equal(layout.sideways, 0);
      await context.close();
    });
  }
});
