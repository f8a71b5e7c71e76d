import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { LabPage, nodeLab } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const LESSON = '/lessons/close-vs-shutdown';
const serverSource = readFileSync(path.resolve(__dirname, '../../labs/close-vs-shutdown/server.js'), 'utf8');
const delayLine = serverSource.split('\n').findIndex((l) => l.startsWith('const DELAY_MS')) + 1;
const EDITED = 'const DELAY_MS = 300; // shared from the browser test';

const { site, browser } = siteAndBrowserForTests();
const contexts: BrowserContext[] = [];
after(async () => {
  for (const c of contexts) await c.close();
});

async function learner(): Promise<LabPage> {
  const context = await browser().newContext({ viewport: { width: 1280, height: 1000 } });
  contexts.push(context);
  return new LabPage(await context.newPage());
}

const sharedRegion = (lab: LabPage) =>
  lab.page
    .getByRole('region', { name: 'A shared run: a recording of someone’s run, not a run on this page' })
    .or(lab.page.getByRole('region', { name: /^A shared run/ }));

describe('a run shared by link', () => {
  let link = '';

  it('the sharer runs an edited server and copies a link that holds the edit, both terminals and the socket events', async () => {
    const lab = await learner();
    await lab.page.goto(site().url(LESSON));
    await lab.open();
    await lab.waitForLocalRuntime();
    await lab.replaceLine('server.js', delayLine, EDITED);
    await lab.start('server');
    await waitForText(await lab.output('Server'), /replying after 300 ms/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /connected to/);
    await lab.typeInto('Client', ['data1']);
    await waitForText(await lab.output('Client'), /reply: Hi, data1/);
    await waitForText(lab.timeline(), /write "Hi, data1"/);

    await lab.page.getByRole('button', { name: 'Copy link to this run' }).click();
    const said = await waitForText(lab.page.getByRole('status', { name: 'Sharing' }), /characters\)/);
    assert.match(said, /your changes to server\.js, each terminal’s output and the socket events/);
    link = await lab.page.getByRole('textbox', { name: 'Link to this run' }).inputValue();
    assert.match(link, new RegExp(`${LESSON}#share=close-vs-shutdown\\.[A-Za-z0-9_-]+$`));
  });

  it('the receiver is offered the run, and nothing of it is shown or put in the editor before they open it', async () => {
    assert.ok(link, 'the first test made a link');
    const lab = await learner();
    await lab.page.goto(link);
    const offer = lab.page.getByRole('region', { name: 'Shared run' });
    await waitForText(offer, /Someone shared a run of this lab with you: the changes to server\.js/);
    assert.equal(await nodeLab(lab.page).getByRole('button', { name: 'Open the lab' }).isVisible(), true);
    assert.equal(await sharedRegion(lab).count(), 0);

    await offer.getByRole('button', { name: 'Open the shared run' }).click();
    await lab.waitForLocalRuntime();
    const recording = sharedRegion(lab);
    await waitForText(recording, /received "data1"/);
    assert.match(await recording.innerText(), /reply: Hi, data1/);
    assert.match(await recording.innerText(), /write "Hi, data1"/);
    await lab.tab('server.js').click();
    await waitForText(lab.visibleCode(), /shared from the browser test/);
    assert.equal(new URL(lab.page.url()).hash, '', 'the run left the address');

    // Run to do it live: the shared edit runs here.
    await lab.start('server');
    await waitForText(await lab.output('Server'), /replying after 300 ms/);
  });

  it("a receiver's own edit is put aside for the shared file and comes back on request", async () => {
    const lab = await learner();
    await lab.page.goto(site().url(LESSON));
    await lab.open();
    await lab.waitForLocalRuntime();
    await lab.replaceLine('server.js', 1, '// my own first line');
    await waitForText(lab.visibleCode(), /my own first line/);
    await lab.page.goto(link); // the same page: only the fragment changes
    await lab.page
      .getByRole('region', { name: 'Shared run' })
      .getByRole('button', { name: 'Open the shared run' })
      .click();
    await waitForText(sharedRegion(lab), /Your own version of server\.js is put aside/);
    await waitForText(lab.visibleCode(), /shared from the browser test/);
    await lab.page.getByRole('button', { name: 'Back to my version of server.js' }).click();
    await waitForText(lab.visibleCode(), /my own first line/);
  });

  it('a broken or hostile link says why it carries no run', async () => {
    const lab = await learner();
    await lab.page.goto(site().url(`${LESSON}#share=close-vs-shutdown.AAAAAAAA`));
    const offer = lab.page.getByRole('region', { name: 'Shared run' });
    await waitForText(offer.getByRole('alert'), /cannot be opened: it is not compressed data/);
    await offer.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await offer.count(), 0);
  });
});
