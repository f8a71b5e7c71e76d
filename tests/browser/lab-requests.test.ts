import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';

const { site, browser } = siteAndBrowserForTests();

describe('a lesson page with its lab', () => {
  it('requests nothing that is missing and logs no console error, from load to a running lab', async () => {
    const page = await browser().newPage();
    const failed: string[] = [];
    const ownOrigin = new URL(site().url('/')).origin;
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().startsWith(ownOrigin)) {
        failed.push(`${response.status()} ${response.url()}`);
      }
    });
    page.on('console', (message) => {
      // A resource of another host that cannot be reached (this machine is offline: the check
      // whether StackBlitz answers fails, as it should) is the only error allowed.
      const where = message.location().url;
      const otherHost = message.text().startsWith('Failed to load resource') && !where.startsWith(ownOrigin);
      if (message.type() === 'error' && !otherHost) failed.push(`console: ${message.text()} (${where})`);
    });
    page.on('pageerror', (error) => failed.push(`page error: ${error.message}`));
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = new LabPage(page);
    // Scrolled to, the lab's chunk loads and prefetches the editor and terminals.
    await page.getByRole('button', { name: 'Open the lab' }).first().scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    await lab.open();
    await lab.waitForLocalRuntime();
    await lab.start('server');
    await page.waitForLoadState('networkidle');
    assert.deepEqual(failed, []);
    await page.close();
  });
});
