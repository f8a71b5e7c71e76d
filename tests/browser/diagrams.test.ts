import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lessons } from '../support/lessons';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

interface Drawn {
  title: string;
  viewBoxWidth: number;
  /** The diagram's 13 px text as shown on screen, in CSS pixels. */
  textPx: number;
  /** Text that reaches past the drawing's left or right edge. */
  outside: string[];
}

describe('sequence diagrams', () => {
  for (const { width, viewBox, minTextPx } of [
    { width: 1366, viewBox: 680, minTextPx: 12 },
    { width: 360, viewBox: 360, minTextPx: 11 },
  ]) {
    it(`at ${width} px: one drawing made for the width, its text at least ${minTextPx} px and inside it`, async () => {
      const context = await browser().newContext({ viewport: { width, height: 800 }, isMobile: width < 500 });
      const page = await context.newPage();
      let measured = 0;
      for (const { route, diagrams } of lessons) {
        if (diagrams.length === 0) continue;
        await page.goto(site().url(`/${route}`));
        // Diagrams folded away until the learner predicted are measured too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        for (const title of diagrams) {
          const shown = page.getByRole('img', { name: new RegExp(`^${title.replace(/[()[\]{}.*+?^$|\\]/g, '\\$&')}`) });
          if ((await shown.count()) === 0) continue; // not in the page until the learner predicted
          assert.equal(await shown.count(), 1, `${route}: "${title}" is shown once`);
          const drawn: Drawn = await shown.evaluate((svg: SVGSVGElement) => {
            const viewBoxWidth = svg.viewBox.baseVal.width;
            const scale = svg.getBoundingClientRect().width / viewBoxWidth;
            const outside = Array.from(svg.querySelectorAll('text'))
              .filter((text) => {
                const box = text.getBBox();
                return box.width > 0 && (box.x < 0 || box.x + box.width > viewBoxWidth);
              })
              .map((text) => text.textContent ?? '');
            return { title: svg.querySelector('title')?.textContent ?? '', viewBoxWidth, textPx: 13 * scale, outside };
          });
          assert.equal(drawn.viewBoxWidth, viewBox, `${route}: "${title}" drawn for ${viewBox} px`);
          assert.ok(drawn.textPx >= minTextPx, `${route}: "${title}" text at ${drawn.textPx.toFixed(1)} px`);
          assert.deepEqual(drawn.outside, [], `${route}: "${title}": text past the edges`);
          measured++;
        }
        const sideways = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.equal(sideways, 0, `${route}: no sideways scroll`);
      }
      assert.ok(measured >= 6, `${measured} diagrams measured`);
      await context.close();
    });
  }
});
