import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

let page: Page;
const { site } = siteAndBrowserForTests(async ({ browser }) => {
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});

describe('the course around the labs', () => {
  it('keeps an answer to a think-question across a reload, and reveals the reference answer on request', async () => {
    await page.goto(site().url('/lessons/half-close'));
    const question = page.getByRole('region', { name: /the client's side keeps sending segments/ });
    const box = question.getByRole('textbox', { name: 'Your answer' });
    await box.waitFor();
    await page.waitForFunction(() => !document.querySelector('textarea')?.disabled);
    await box.fill('Control segments, not application data.');
    await waitForText(question.getByRole('status'), /Saved in this browser/);

    await page.reload();
    await page.waitForFunction(() => !document.querySelector('textarea')?.disabled);
    assert.equal(await box.inputValue(), 'Control segments, not application data.');

    const reference = question.getByText('the author');
    assert.equal(await reference.isVisible(), false, 'hidden until asked');
    await question.getByText('Show the reference answer').click();
    assert.equal(await reference.isVisible(), true);
  });

  it('shows visited lessons and answered questions in the sidebar, and clears them', async () => {
    await page.goto(site().url('/lessons/close'));
    const progress = page.getByRole('region', { name: 'Your progress' });
    await waitForText(progress.getByRole('status'), /2 of 11 lessons visited · 1 question answered/);
    const visitedLink = page
      .getByRole('navigation', { name: 'Docs sidebar' })
      .getByRole('link', { name: /1\. TCP closes one direction at a time/ });
    const marker = await visitedLink.evaluate((el) => getComputedStyle(el, '::after').content);
    assert.match(marker, /✓/);

    page.once('dialog', (d) => void d.accept());
    await progress.getByRole('button', { name: 'Clear progress' }).click();
    await waitForText(progress.getByRole('status'), /0 of 11 lessons visited · 0 questions answered/);
  });

  it('explains a wrong choice in the review quiz', async () => {
    await page.goto(site().url('/lessons/cheat-sheet-and-review'));
    const quiz = page.getByRole('group', { name: 'Your read() returns 0. What do you know?' });
    await quiz.getByRole('radio', { name: 'The connection is closed in both directions' }).check();
    await waitForText(quiz.getByRole('status'), /Not quite\. A FIN ends only the peer's sending direction/);
  });

  it('finds "SIGPIPE" with the local search, offline', async () => {
    await page.goto(site().url('/lessons/how-this-course-works'));
    const search = page.getByRole('textbox', { name: 'Search' });
    await search.click();
    await search.fill('SIGPIPE');
    const result = page.getByRole('option', { name: /SIGPIPE and EPIPE/ }).first();
    await result.waitFor({ timeout: 10_000 });
    await result.click();
    await page.waitForURL(/\/lessons\/sigpipe-and-epipe/);
  });
});
