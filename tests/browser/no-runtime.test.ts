import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serveStaticSite } from '../../preview/static-server';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { browser } = siteAndBrowserForTests();

describe('a Node lab that nothing here can run', () => {
  it("says so, and points to its lesson's C lab, which runs on the real kernel in the page", async () => {
    // The same site from another origin: the local runner refuses it, and the in-browser runtime
    // cannot reach StackBlitz from here.
    const elsewhere = await serveStaticSite({ dir: process.env['TEST_SITE_DIR']!, port: 0 });
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${elsewhere.url}/lessons/half-close`);
      const lab = page.getByRole('region', { name: /^Lab: Watch a half-close/ });
      await lab.scrollIntoViewIfNeeded();
      await lab.getByRole('button', { name: 'Open the lab' }).click();
      await waitForText(lab.getByRole('status', { name: 'Runtime' }), /No runtime can run this lab right now/, 60_000);
      const instead = lab.getByRole('link', { name: 'C: a half-close on a real Linux kernel' });
      assert.equal(await instead.getAttribute('href'), '#lab-c-half-close');
      await instead.click();
      await page.waitForURL(/#lab-c-half-close$/);
      const cLab = page.getByRole('region', { name: /^Lab: C: a half-close on a real Linux kernel/ });
      assert.ok(await cLab.getByRole('button', { name: 'Open the lab' }).isVisible(), 'the C lab, in view');
    } finally {
      await context.close();
      await elsewhere.close();
    }
  });
});
