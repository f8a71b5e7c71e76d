import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { outputOf, ready } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

/**
 * Faults on the wire in a C lab, as a learner uses them: pull the cable, type a line, watch TCP
 * send it again with growing waits while nothing arrives, plug the cable back in and see it
 * arrive; Reset the machine takes a fault away. By role and name, at desktop and phone width.
 */
const { site, browser } = siteAndBrowserForTests();

const cLab = (page: Page) => page.getByRole('region', { name: /^Lab: C: close vs shutdown/ });
const screen = (lab: Locator, title: string) =>
  lab.getByRole('group', { name: `${title} terminal`, exact: true }).locator('.xterm-rows');

describe('faults on the wire, in the C lab', () => {
  for (const [width, height, label] of [
    [1280, 1000, 'desktop'],
    [360, 780, 'phone'],
  ] as const) {
    it(`pull the cable, see the retransmissions, plug it back in (${label})`, async () => {
      const context = await browser().newContext({ viewport: { width, height } });
      try {
        const page = await context.newPage();
        await page.goto(site().url('/lessons/close-vs-shutdown'));
        const lab = cLab(page);
        await lab.scrollIntoViewIfNeeded();
        await lab.getByRole('button', { name: 'Open the lab' }).click();
        await ready(lab.getByRole('button', { name: 'Start server', exact: true })).click({ timeout: 90_000 });
        await waitForText(screen(lab, 'Server'), /server: listening/, 60_000);
        await ready(lab.getByRole('button', { name: 'Start client', exact: true })).click();
        await waitForText(screen(lab, 'Client'), /client: connected/, 60_000);

        const wire = lab.getByRole('group', { name: 'Faults on the wire' });
        const cable = wire.getByRole('button', { name: 'Pull the cable' });
        await cable.click();
        const said = wire.getByRole('status', { name: 'The wire' });
        await waitForText(said, /The cable is pulled: every segment on loopback is lost/);
        assert.equal(
          await wire.getByRole('button', { name: 'Plug the cable back in' }).getAttribute('aria-pressed'),
          'true',
        );

        await lab.getByRole('textbox', { name: 'Client terminal input' }).focus();
        await page.keyboard.type('data1');
        await page.keyboard.press('Enter');
        const again = lab.getByRole('list', { name: 'Retransmissions, oldest first' });
        await waitForText(again, /again, in ESTABLISHED[\s\S]*s after the last/, 60_000);
        const server = await outputOf(lab, 'Server');
        assert.doesNotMatch(await server.innerText(), /received/);

        await wire.getByRole('button', { name: 'Plug the cable back in' }).click();
        await waitForText(said, /Nothing is lost or delayed/);
        // The data arrives with TCP's next retransmission, when its (doubling) timer fires again.
        const list = await again.innerText();
        await waitForText(server, /received "data1"/, 90_000).catch(async (error: unknown) => {
          const later = await again.innerText();
          const packets = await lab
            .getByRole('list')
            .filter({ hasText: /client :\d+ → server/ })
            .first()
            .innerText()
            .catch(() => '');
          throw new Error(
            `${String(error)}\nretransmissions when plugged back in:\n${list}\nlater:\n${later}\npackets:\n${packets}`,
          );
        });
        assert.equal(
          await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          true,
          'nothing scrolls sideways',
        );

        // Reset takes a fault away.
        await wire.getByRole('button', { name: 'Pull the cable' }).click();
        await waitForText(said, /The cable is pulled/);
        await lab.getByRole('button', { name: 'Reset the machine' }).click();
        await waitForText(said, /Nothing is lost or delayed/, 60_000);
      } finally {
        await context.close();
      }
    });
  }
});
