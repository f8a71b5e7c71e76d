import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { outputOf, ready } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

/**
 * Lesson 6's last ACK, lost, as a learner meets it: the prediction first, its answer hidden; then
 * "Last ACK lost" in the C lab arms the fault itself (said under "The wire"), the loss is listed,
 * the server's FIN is sent again in LAST-ACK, the program says the TIME-WAIT side answered, the
 * run matches native Linux and the prediction unfolds. By role and name, desktop and phone.
 */
const { site, browser } = siteAndBrowserForTests();

const lastAckLab = (page: Page) => page.getByRole('region', { name: /^Lab: C: the last ACK of a close, lost/ });

describe('lesson 6: the last ACK of a close, lost', () => {
  for (const [width, height, label] of [
    [1280, 1000, 'desktop'],
    [360, 780, 'phone'],
  ] as const) {
    it(`the FIN comes again and TIME-WAIT answers it; the run matches native Linux (${label})`, async () => {
      const context = await browser().newContext({ viewport: { width, height } });
      try {
        const page = await context.newPage();
        await page.goto(site().url('/lessons/time-wait-and-restart'));
        const prediction = page.getByRole('region', { name: /The client's ACK of that FIN is lost on the wire/ });
        await prediction.scrollIntoViewIfNeeded();
        const answer = page.getByText("the timer's minimum", { exact: false });
        assert.equal(await answer.isVisible(), false, 'the answer is folded before the lab ran');

        const lab = lastAckLab(page);
        await lab.scrollIntoViewIfNeeded();
        await lab.getByRole('button', { name: 'Open the lab' }).click();
        await ready(lab.getByRole('button', { name: 'Start last ACK lost', exact: true })).click({ timeout: 90_000 });
        const lost = lab.getByRole('list', { name: 'Segments lost on the wire' });
        await waitForText(lost, /the last ACK/, 90_000);
        await waitForText(
          lab.getByRole('list', { name: 'Retransmissions, oldest first' }),
          /again, in LAST-ACK/,
          60_000,
        );
        const output = await outputOf(lab, 'Last ACK lost');
        await waitForText(output, /after 1 retransmission[\s\S]*in TIME-WAIT/, 60_000);
        await waitForText(
          lab.getByRole('status', { name: 'Your run compared with native Linux' }),
          /matches native Linux/,
          60_000,
        );
        // The aim was spent: the wire is clean again.
        await waitForText(lab.getByRole('status', { name: 'The wire' }), /Nothing is lost or delayed/);
        assert.equal(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          true,
          'nothing scrolls sideways',
        );
        await waitForText(prediction, /the timer's minimum/, 30_000); // the prediction unfolds after the run
        await page.screenshot({ path: `/tmp/last-ack-${label}.png`, fullPage: false });
      } finally {
        await context.close();
      }
    });
  }
});
