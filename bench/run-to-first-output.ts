import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { freePort } from '../tests/support/lab-harness';
import { LabPage } from '../tests/support/lab-page';
import { waitForText } from '../tests/support/wait';

const root = path.resolve(__dirname, '..');

/**
 * Start → first server output in the page, each run followed by the same program started with
 * node directly (interleaved, so both see the same load on a shared machine).
 */
export async function runToFirstOutputMs(
  browser: Browser,
  labUrl: string,
  runs: number,
): Promise<{ run: number[]; direct: number[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(labUrl);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForLocalRuntime();
  const output = await lab.output('Server');
  const times: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.evaluate(() => performance.clearMeasures());
    await lab.start('server');
    await waitForText(output, /listening on/, 10_000);
    // Measured in the page: from Start to the first output chunk reaching the terminal.
    const measured = await page.evaluate(() => performance.getEntriesByName('lab:server:first-output')[0]?.duration);
    if (measured === undefined) throw new Error('the page recorded no lab:server:first-output measure');
    times.push(Math.round(measured));
    await page.getByRole('button', { name: 'Stop server', exact: true }).click();
    await waitForText(lab.status('Server'), /killed by|ended by|exited|stopped/);
    direct.push(await directNodeMs());
  }
  await page.close();
  return { run: times, direct };
}

async function directNodeMs(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['server.js'], {
    cwd: path.join(root, 'labs', 'close-vs-shutdown'),
    env: { PATH: process.env['PATH'], PORT: String(port) },
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const ms = performance.now() - started;
  child.kill('SIGKILL');
  return ms;
}
