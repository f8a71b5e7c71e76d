import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('the real-Linux reference beside a run (lesson 7)', () => {
  it('follows the learner through the scenario and says the unchanged code matches real Linux', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await page.goto(site().url('/lessons/abortive-close'));
    const lab = new LabPage(page);
    await lab.open();
    await lab.waitForLocalRuntime();
    const reference = page.getByRole('region', { name: 'Real Linux reference' });
    const verdict = reference.getByRole('status', { name: 'Your run compared with real Linux' });
    await waitForText(verdict, /Do this scenario’s steps/);
    const linux = await waitForText(
      reference.getByRole('list', { name: 'Real Linux, Three ways to end, oldest first' }),
      /Server: error ECONNRESET/,
    );
    assert.match(linux, /Client: called resetAndDestroy\(\): RST[\s\S]*Server: error ECONNRESET/);

    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /type end, destroy or reset/);
    await lab.typeInto('Client', ['end']);
    await waitForText(verdict, /follows this scenario so far\. Next: type “destroy”/);
    await lab.typeInto('Client', ['destroy', 'reset']);
    await waitForText(await lab.output('Server'), /connection 3: 'close' after an error/);
    await waitForText(verdict, /^Your run matches real Linux\.$/);
    await page.close();
  });
});
