import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLabAt } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('the real-Linux reference beside a run (lesson 7)', () => {
  it('keeps what real Linux does folded until the learner has done the scenario, follows them through it, and says the unchanged code matches', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/abortive-close'));
    const page = lab.page;
    const reference = page.getByRole('region', { name: 'Real Linux reference' });
    const verdict = reference.getByRole('status', { name: 'Your run compared with real Linux' });
    const list = reference.getByRole('list', { name: 'Real Linux, Three ways to end, oldest first' });
    // The guide's "what to look for": in a <details> of its own inside the scenario's steps.
    const lookFor = page.locator('details:has(> summary:text-is("Three ways to end")) > details');
    await waitForText(verdict, /Do this scenario’s steps/);
    // Predict first: before the run, the reference, and the guide's "what to look for", are folded.
    await reference.getByRole('button', { name: 'Show what real Linux does: Three ways to end' }).waitFor();
    assert.equal(await list.count(), 0, 'the reference is folded before the run');
    assert.equal(await lookFor.getAttribute('open'), null, "the guide's outcome is folded before the run");

    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /type end, destroy or reset/);
    await lab.typeInto('Client', ['end']);
    await waitForText(verdict, /follows this scenario so far\. Next: type “destroy”/);
    assert.equal(await list.count(), 0, 'still folded partway');
    await lab.typeInto('Client', ['destroy', 'reset']);
    // The scenario's last step done: what real Linux does unfolds, and so does the guide's outcome.
    const linux = await waitForText(list, /Server: error ECONNRESET/);
    assert.match(linux, /Client: called resetAndDestroy\(\): RST[\s\S]*Server: error ECONNRESET/);
    assert.equal(await lookFor.getAttribute('open'), '', "the guide's outcome unfolds with it");
    assert.match((await lookFor.textContent()) ?? '', /reset: the server gets 'error' ECONNRESET/);
    // Shown whole: its last lines (often the point) are not hidden below a scroll edge.
    const clipped = await list.evaluate((element) => element.scrollHeight - element.clientHeight);
    assert.ok(clipped <= 1, `the reference list hides ${clipped} px of its lines`);
    await waitForText(await lab.output('Server'), /connection 3: 'close' after an error/);
    await waitForText(verdict, /^Your run matches real Linux\.$/);

    // Kept in this browser: after a reload it is shown at once.
    await page.reload();
    await lab.open();
    await lab.waitForLocalRuntime();
    await waitForText(list, /Server: error ECONNRESET/);
    await page.close();
  });

  it('"Show what real Linux does" unfolds the reference before any run, by keyboard, and moves focus to it', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/abortive-close'));
    const page = lab.page;
    const reference = page.getByRole('region', { name: 'Real Linux reference' });
    const show = reference.getByRole('button', { name: 'Show what real Linux does: Three ways to end' });
    await show.focus();
    await page.keyboard.press('Enter');
    const list = reference.getByRole('list', { name: 'Real Linux, Three ways to end, oldest first' });
    await waitForText(list, /Server: error ECONNRESET/);
    assert.equal(await lab.focusedName(), 'Real Linux, Three ways to end, oldest first');
    await waitForText(
      reference.getByRole('status', { name: 'Your run compared with real Linux' }),
      /Do this scenario’s steps/,
    );
    await page.close();
  });

  it('Ctrl-D where the lab says it does what a typed line does (lesson 1: "end"): the run still follows the scenario and is compared', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/half-close'));
    const page = lab.page;
    const verdict = page
      .getByRole('region', { name: 'Real Linux reference' })
      .first()
      .getByRole('status', { name: 'Your run compared with real Linux' });
    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /connected/);
    await lab.typeInto('Client', ['one', 'two']);
    await waitForText(verdict, /Next: type “end”/);
    await page.keyboard.press('Control+D');
    await waitForText(await lab.output('Client'), /end of stream/, 15_000);
    await waitForText(verdict, /^Your run matches real Linux\.$/);
    await page.close();
  });

  it('a restart step (lesson 6): the server exits, is started again at once, serves the next client, and matches Linux', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/time-wait-and-restart'));
    const page = lab.page;
    const verdict = page
      .getByRole('region', { name: 'Real Linux reference' })
      .getByRole('status', { name: 'Your run compared with real Linux' });

    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /type a name/);
    await lab.typeInto('Client', ['ada']);
    await waitForText(lab.status('Server'), /exited with code 0/);
    await waitForText(verdict, /Next: start the Server process/);
    await lab.start('server');
    // The terminal was cleared on start, but its text view may still show the last run: wait
    // for the second listen in the timeline instead.
    await waitForText(lab.timeline(), /process exited with code 0[\s\S]*listening on port/);
    await lab.typeInto('Client', ['bob']);
    await waitForText(await lab.output('Client'), /hello, bob/);
    await waitForText(lab.check('The restarted server serves the next client.'), /met/);
    await waitForText(lab.check('The server exits after closing first'), /met/);
    await waitForText(verdict, /^Your run matches real Linux\.$/);
    await page.close();
  });
});
