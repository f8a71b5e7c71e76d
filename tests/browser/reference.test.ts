import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLabAt } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('the real-Linux reference beside a run (lesson 7)', () => {
  it('follows the learner through the scenario and says the unchanged code matches real Linux', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/abortive-close'));
    const page = lab.page;
    const reference = page.getByRole('region', { name: 'Real Linux reference' });
    const verdict = reference.getByRole('status', { name: 'Your run compared with real Linux' });
    await waitForText(verdict, /Do this scenario’s steps/);
    const linux = await waitForText(
      reference.getByRole('list', { name: 'Real Linux, Three ways to end, oldest first' }),
      /Server: error ECONNRESET/,
    );
    assert.match(linux, /Client: called resetAndDestroy\(\): RST[\s\S]*Server: error ECONNRESET/);
    // Shown whole: its last lines (often the point) are not hidden below a scroll edge.
    const clipped = await reference
      .getByRole('list', { name: 'Real Linux, Three ways to end, oldest first' })
      .evaluate((list) => list.scrollHeight - list.clientHeight);
    assert.ok(clipped <= 1, `the reference list hides ${clipped} px of its lines`);

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
