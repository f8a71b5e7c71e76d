import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { ready } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

/**
 * Lesson 5's C lab "The three cases", done as its guide says by a learner who reads between the
 * steps: each Start pressed 3 s after the process before has ended. The three processes are one
 * run, compared with native Linux ("matches"), and their checks are met by this run, not "in an
 * earlier run" (each Start began a run of its own before). Also what the learner sees on the way:
 * the lab opens with its status line in view, and "Stop all" looks unavailable while it is.
 */
const { site, browser } = siteAndBrowserForTests();

const READING_MS = 3000;

/** The contrast ratio of two CSS rgb() colours (WCAG 2). */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The first opaque background behind `element`; the canvas's white if none (the light theme's page is transparent). */
async function backgroundOf(element: Locator): Promise<string> {
  return element.evaluate((el) => {
    for (let node: Element | null = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && !/rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  });
}

describe('a C lab followed at a reading pace (lesson 5, the three cases)', () => {
  it('is one run, compared with native Linux: it matches, and its checks are met by this run', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(site().url('/lessons/sigpipe-and-epipe'));
    const lab = page.getByRole('region', { name: /^Lab: C: which failed writes raise SIGPIPE/ });
    const open = lab.getByRole('button', { name: 'Open the lab' });
    await open.scrollIntoViewIfNeeded();
    const scrolledBefore = await page.evaluate(() => window.scrollY);
    await open.click();

    // Opening does not scroll the lab's status line (and the download's progress) off the screen.
    const status = lab.getByRole('status', { name: 'Runtime' });
    await status.waitFor();
    await new Promise((r) => setTimeout(r, 500));
    const box = (await status.boundingBox())!;
    assert.ok(
      box.y >= 0 && box.y < 900,
      `the status line is at y=${box.y}, off the screen (the page scrolled from ${scrolledBefore} to ${await page.evaluate(() => window.scrollY)})`,
    );
    await waitForText(status, /^Running Linux 6\.1/, 90_000);

    // "Stop all" with nothing running: it looks unavailable (dashed, muted), and its text keeps AA contrast.
    const stopAll = lab.getByRole('button', { name: 'Stop all' });
    assert.equal(await stopAll.getAttribute('aria-disabled'), 'true');
    const looks = await stopAll.evaluate((el) => {
      const style = getComputedStyle(el);
      return { border: style.borderTopStyle, color: style.color, cursor: style.cursor };
    });
    const afresh = await lab
      .getByRole('button', { name: /^Start afresh/ })
      .first()
      .evaluate((el) => {
        const style = getComputedStyle(el);
        return { border: style.borderTopStyle, color: style.color };
      });
    assert.equal(looks.border, 'dashed', 'the unavailable "Stop all" has a dashed border');
    assert.equal(afresh.border, 'solid');
    assert.equal(looks.cursor, 'not-allowed');
    const ratio = contrast(looks.color, await backgroundOf(stopAll));
    assert.ok(ratio >= 4.5, `its text's contrast is ${ratio.toFixed(2)}:1`);

    const verdict = lab.getByRole('status', { name: 'Your run compared with native Linux' });
    for (const [title, name] of [
      ['Own shutdown', 'own shutdown'],
      ['No signal', 'no signal'],
      ['After FIN', 'after FIN'],
    ] as const) {
      await ready(lab.getByRole('button', { name: `Start ${name}`, exact: true })).click();
      await waitForText(
        lab.getByRole('status', { name: `${title} status`, exact: true }),
        /exited with code 0/,
        90_000,
      );
      // The learner reads what it printed before going on.
      await new Promise((r) => setTimeout(r, READING_MS));
      assert.doesNotMatch((await verdict.textContent()) ?? '', /did other steps/);
    }
    await waitForText(verdict, /^Your run matches native Linux\.$/, 15_000);
    const checks = lab.getByRole('region', { name: 'Checks' });
    await waitForText(checks.getByRole('status', { name: 'Checks met' }), /Checks met by this run: 3 of 3/, 10_000);
    assert.equal(await checks.getByRole('listitem', { name: /Met in an earlier run\.$/ }).count(), 0);
    await page.close();
  });
});
