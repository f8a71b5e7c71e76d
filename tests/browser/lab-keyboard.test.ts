import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabPage, openLabAt, nodeLab } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('lesson 4 as its text says, with the keyboard only', () => {
  it('does the close run, starts the server again while the client is up, does the shutdown run; both match real Linux', async () => {
    const page = await (await browser().newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(site().url('/lessons/close-vs-shutdown'));
    const lab = new LabPage(page);
    const verdict = page
      .getByRole('region', { name: 'Real Linux reference' })
      .getByRole('status', { name: 'Your run compared with real Linux' });

    // "Open the lab": focus goes into the opened lab, not back to the page.
    await nodeLab(page).getByRole('button', { name: 'Open the lab' }).focus();
    await page.keyboard.press('Enter');
    await waitForText(lab.runtimeStatus(), /Running on this computer/, 15_000);
    assert.match(await lab.focusedName(), /^Lab: Close vs shutdown.*, opened$/);
    // A keyboard learner waits until the editor and the processes have loaded (a skeleton
    // holds their place until then, with nothing in it to focus).
    await lab.waitForLocalRuntime();

    // Tab passes through the editor without typing into it.
    const passed = await lab.tabTo('Start server');
    assert.ok(passed.includes('server.js editor'), `Tab went through the editor: ${passed.join(' | ')}`);
    assert.doesNotMatch(await lab.tab('server.js').innerText(), /edited/);
    await page.keyboard.press('Enter');
    await waitForText(lab.screen('Server'), /listening on/);
    assert.equal(await lab.focusedName(), 'Start server', 'focus stays on the button');

    // Tab goes on through the server's terminal to the client's Start button.
    const throughTerminal = await lab.tabTo('Start client');
    assert.ok(throughTerminal.includes('Server terminal input'), throughTerminal.join(' | '));
    await page.keyboard.press('Enter');
    await waitForText(lab.screen('Client'), /connected to/);
    await lab.tabTo('Client terminal input');
    for (const line of ['data1', 'data2', 'close']) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    }
    // Escape leaves the terminal; Tab then goes on to the terminal's buttons.
    await page.keyboard.press('Escape');
    assert.equal(await lab.focusedName(), 'Client terminal controls');
    await page.keyboard.press('Tab');
    assert.equal(await lab.focusedName(), 'Top of client output');

    await waitForText(lab.status('Server'), /exited with code 1/, 20_000);
    // The key lines and the crash stay in sight together in the server's terminal.
    await lab.terminal('Server').scrollIntoViewIfNeeded();
    await waitForText(
      lab.screen('Server'),
      /received "data1"[\s\S]*sent "Hi, data1"[\s\S]*failed: EPIPE[\s\S]*Error: write EPIPE[\s\S]*more frames in Node[\s\S]*server exited with code 1/,
    );
    await waitForText(verdict, /^Your run matches real Linux\.$/);
    await waitForText(lab.check("The server's second write fails with EPIPE."), /met/);
    assert.match(await lab.status('Client').innerText(), /running/, 'the client of the close run is still up');

    // "Then start the server again and do the same with shutdown": a new run.
    await lab.tabTo('Start server', { back: true });
    await page.keyboard.press('Enter');
    await waitForText(verdict, /follows this scenario so far\. Next: restart the Client process \(Restart client\)/);
    assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'close');
    const timeline = await waitForText(lab.timeline(), /listening on port/);
    assert.doesNotMatch(timeline, /EPIPE/, 'the close run is not in the new run');
    assert.equal(await page.getByText('Previous run', { exact: false }).count(), 1);
    // The terminal draws on the next frames: wait for the clean one, which nothing of the last
    // process (its EPIPE, its exit) opens or follows.
    await waitForText(
      lab.screen('Server'),
      /^\s*\[server started at [^\]]+\]\s+server: listening(?![\s\S]*(EPIPE|SIGTERM|exited with code 1))/,
    );

    await lab.tabTo('Restart client');
    await page.keyboard.press('Enter');
    // The new run's timeline has the new client's connection (the terminal's first lines read
    // the same for the old client and the new one).
    await waitForText(lab.timeline(), /connected to/, 15_000);
    await waitForText(lab.screen('Client'), /^\s*\[client started at [^\]]+\]\s+client: connected to/);
    await lab.tabTo('Client terminal input');
    for (const line of ['data1', 'data2', 'shutdown']) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    }
    await waitForText(lab.status('Client'), /exited with code 0/, 20_000);
    await waitForText(verdict, /^Your run matches real Linux\.$/);
    assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'shutdown');
    await waitForText(lab.check('The client receives both replies, then the end of the stream.'), /met/);
    assert.doesNotMatch(await lab.tab('server.js').innerText(), /edited/);
    await page.close();
  });
});

describe('one click between runs', () => {
  it('"Start afresh" stops what runs and starts the scenario’s processes in order; "Stop all" stops them', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/close-vs-shutdown'));
    const page = lab.page;
    const verdict = page
      .getByRole('region', { name: 'Real Linux reference' })
      .getByRole('status', { name: 'Your run compared with real Linux' });
    await lab.start('server');
    await waitForText(lab.status('Server'), /running/);
    await lab.typeInto('Client', ['data1']); // the client is not running: a run of other steps

    await page.getByRole('button', { name: 'Start afresh: Shutdown run' }).click();
    await waitForText(lab.timeline(), /listening on port[\s\S]*connected to/, 15_000);
    await waitForText(verdict, /follows this scenario so far\. Next: type “data1”/);
    assert.equal(await page.getByRole('combobox', { name: 'Scenario' }).inputValue(), 'shutdown');
    assert.match(await lab.status('Client').innerText(), /running/);

    await page.getByRole('button', { name: 'Stop all' }).click();
    await waitForText(lab.status('Server'), /killed by|stopped/);
    await waitForText(lab.status('Client'), /killed by|stopped/);
    await page.close();
  });
});
