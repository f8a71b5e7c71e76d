import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { LabPage } from '../support/lab-page';
import { freePort } from '../support/lab-harness';
import { isLoopback, listeningAddresses } from '../support/listening-sockets';
import { waitForText, waitForUrl } from '../support/wait';

/** `npm start` as a learner runs it: the dev server and the local runner together. */
let start: ChildProcess;
let output = '';
let sitePort = 0;
let runnerPort = 0;
let browser: Browser;
// A fresh search-index cache: the dev server must build the index itself.
const searchCache = mkdtempSync(path.join(tmpdir(), 'npm-start-search-'));

before(async () => {
  [sitePort, runnerPort] = [await freePort(), await freePort()];
  start = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      SITE_PORT: String(sitePort),
      LOCAL_RUNNER_PORT: String(runnerPort),
      DEV_SEARCH_CACHE_DIR: searchCache,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  start.stdout!.on('data', (d: Buffer) => (output += d));
  start.stderr!.on('data', (d: Buffer) => (output += d));
  await waitForUrl(`http://localhost:${sitePort}/lessons/close-vs-shutdown`, {
    process: start,
    output: () => output,
    timeoutMs: 90_000,
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (start?.pid && start.exitCode === null) {
    process.kill(-start.pid, 'SIGINT');
    await new Promise((r) => setTimeout(r, 1500));
    try {
      process.kill(-start.pid, 'SIGKILL');
    } catch {
      // Already stopped.
    }
  }
  rmSync(searchCache, { recursive: true, force: true });
});

describe('npm start', () => {
  it('listens on loopback only', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
    const addresses = listeningAddresses(start.pid!);
    assert.ok(
      addresses.some((a) => a.endsWith(`:${sitePort}`)),
      `site port in ${addresses.join(', ')}`,
    );
    assert.ok(
      addresses.some((a) => a.endsWith(`:${runnerPort}`)),
      `runner port in ${addresses.join(', ')}`,
    );
    const exposed = addresses.filter((a) => !isLoopback(a));
    assert.deepEqual(exposed, [], `ports open beyond loopback: ${exposed.join(', ')}`);
  });

  it('serves the lesson with a working lab on the local runtime', async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${sitePort}/lessons/close-vs-shutdown`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'the dev server sends COOP/COEP');
    const lab = new LabPage(page);
    await lab.open();
    await waitForText(lab.runtimeStatus(), /in-browser runtime is unavailable/, 2000);
    await lab.waitForLocalRuntime();
    await lab.start('server');
    await waitForText(await lab.output('Server'), /listening on 127\.0\.0\.1:\d+/, 15_000);
    await page.close();
  });

  it('searches the lessons (the dev server builds the index in the background)', async () => {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${sitePort}/lessons/how-this-course-works`);
    const search = page.getByRole('textbox', { name: 'Search' });
    await search.click();
    await search.fill('SIGPIPE');
    // The first query waits for the background build (10-60 s, the bundler's cache is warm).
    const result = page.getByRole('option', { name: /SIGPIPE and EPIPE/ }).first();
    await result.waitFor({ timeout: 100_000 });
    await result.click();
    await page.waitForURL(/\/lessons\/sigpipe-and-epipe/);
    await page.close();
  });
});
