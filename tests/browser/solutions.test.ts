import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLabAt } from '../support/lab-page';
import { siteAndBrowserForTests } from '../support/site-and-browser';
import { waitForText } from '../support/wait';

const { site, browser } = siteAndBrowserForTests();

describe('a lab with a solution (lesson 5)', () => {
  it('shows the solution in place of my version, runs it, and brings my version back', async () => {
    const lab = await openLabAt(browser(), site().url('/lessons/sigpipe-and-epipe'));
    const page = lab.page;
    await lab.replaceLine('server.js', 1, '// my own attempt');

    await page.getByRole('button', { name: 'Show the solution for server.js' }).click();
    await waitForText(lab.visibleCode(), /Lesson 5's solution/);

    // The solution survives the early close, and the lab's check says so.
    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on/);
    await lab.start('client');
    await waitForText(await lab.output('Client'), /connected to/);
    await lab.typeInto('Client', ['data1', 'data2', 'close']);
    await waitForText(await lab.output('Server'), /the connection failed: EPIPE/, 15_000);
    await waitForText(lab.check('The server survives the failed write.'), /met/);

    await page.getByRole('button', { name: 'Back to my version of server.js' }).click();
    await waitForText(lab.visibleCode(), /my own attempt/);
    assert.equal(await page.getByRole('button', { name: 'Show the solution for server.js' }).isVisible(), true);
    await page.close();
  });
});
