import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLabAt } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('"Try the browser anyway" when StackBlitz cannot be reached', () => {
  it('asks before it would stop the running server, shows the attempt with a way out, and keeps the server running', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/close-vs-shutdown'));
    const page = lab.page;
    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);

    // Declined: nothing changes.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Try the browser anyway' }).click();
    assert.match(asked, /stops the running server/);
    assert.equal(await page.getByRole('combobox', { name: 'Run code' }).inputValue(), 'auto');

    // Accepted: the attempt shows its progress and a cancel button; this computer keeps the lab.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Try the browser anyway' }).click();
    await page.getByRole('progressbar', { name: 'Starting the in-browser runtime' }).waitFor({ timeout: 3000 });
    assert.match(await lab.runtimeStatus().innerText(), /Running on this computer.*until it is ready/s);
    await page.getByRole('button', { name: 'Cancel: keep this computer' }).click();
    await waitForText(lab.runtimeStatus(), /Running on this computer.*you chose this computer/s);
    assert.equal(await page.getByRole('progressbar', { name: 'Starting the in-browser runtime' }).count(), 0);
    assert.match(await lab.status('Server').innerText(), /running/);
    await page.close();
  });
});
