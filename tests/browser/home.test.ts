import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('the home page, a map of the course', () => {
  it('lists every lesson in order with its labs marked Node or C, and starts a new learner at the beginning', async () => {
    const context = await browser().newContext({
      viewport: { width: 360, height: 780 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(site().url('/'));
    const map = page.getByRole('list').filter({ has: page.getByRole('heading', { name: /How this course works/ }) });
    const lessons = map.getByRole('heading', { level: 3 });
    assert.equal(await lessons.count(), 11);
    assert.match((await lessons.first().textContent()) ?? '', /^0\.\s*How this course works/);
    assert.match((await lessons.nth(2).textContent()) ?? '', /^2\.\s*close\(\)/);
    const lesson1Labs = page.getByRole('list', { name: 'Labs in TCP closes one direction at a time' });
    assert.match((await lesson1Labs.textContent()) ?? '', /Node.*C on Linux/s);
    const start = page.getByRole('link', { name: 'Start the course' });
    assert.equal(await start.getAttribute('href'), '/lessons/how-this-course-works');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scroll on a phone');
    await context.close();
  });

  it("sends a returning learner on from the furthest lesson they opened, and shows each lesson's opened and answered", async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(site().url('/lessons/half-close'));
    await page.waitForFunction(() => !document.querySelector('textarea')?.disabled);
    const question = page.getByRole('textbox', { name: 'Your answer' }).first();
    await question.fill('Control segments.');
    await waitForText(
      page
        .getByRole('status')
        .filter({ hasText: /Saved in this browser/ })
        .first(),
      /Saved/,
    );
    await page.goto(site().url('/lessons/close'));
    // The page records the visit once it runs (the sidebar's progress says so).
    await waitForText(
      page.getByRole('region', { name: 'Your progress' }).getByRole('status'),
      /2 of 11 lessons visited/,
    );

    await page.goto(site().url('/'));
    const go = page.getByRole('link', { name: /^Continue: / });
    await waitForText(go, /Continue: 3\. shutdown\(\)/);
    assert.equal(await go.getAttribute('href'), '/lessons/shutdown');
    const lesson1 = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: /TCP closes one direction at a time/ }),
    });
    await waitForText(lesson1, /Opened.*1 of \d+ questions answered/s);
    const lesson3 = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /shutdown\(\)$/ }) });
    assert.doesNotMatch((await lesson3.textContent()) ?? '', /Opened|answered/);
    await context.close();
  });
});
