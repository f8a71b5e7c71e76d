import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { headersFile, isolationHeaders } from '../../plugins/isolation-headers';
import { serveStaticSite } from '../../preview/static-server';
import { launchChromium } from '../support/chromium';
import { LabPage } from '../support/lab-page';
import { waitForText, waitForUrl } from '../support/wait';

const root = path.resolve(__dirname, '../..');
const siteDir = path.resolve(process.env['TEST_SITE_DIR'] ?? 'build');
let browser: Browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe('the production build', () => {
  it('npm run serve: a cross-origin-isolated site whose labs run on the local runner', async () => {
    const sitePort = Number(process.env['TEST_SITE_PORT']);
    const serve = spawn(process.execPath, ['--import', 'tsx', 'preview/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        BUILD_DIR: siteDir,
        SITE_PORT: String(sitePort),
        LOCAL_RUNNER_PORT: process.env['TEST_RUNNER_PORT'],
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    serve.stdout!.on('data', (d: Buffer) => (output += d));
    serve.stderr!.on('data', (d: Buffer) => (output += d));
    try {
      await waitForUrl(`http://127.0.0.1:${sitePort}/`, { process: serve, output: () => output, timeoutMs: 30_000 });
      const response = await fetch(`http://127.0.0.1:${sitePort}/lessons/close-vs-shutdown`);
      for (const [name, value] of Object.entries(isolationHeaders))
        assert.equal(response.headers.get(name), value, name);

      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${sitePort}/lessons/close-vs-shutdown`);
      assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
      const lab = new LabPage(page);
      await lab.open();
      await lab.waitForLocalRuntime();
      await lab.start('server');
      await waitForText(await lab.output('Server'), /listening on 127\.0\.0\.1:\d+/);
      await page.close();
    } finally {
      serve.kill('SIGTERM');
    }
  });

  it('a host that sends no isolation headers: the service worker isolates the page (one reload)', async () => {
    const site = await serveStaticSite({ dir: siteDir, port: 0, isolate: false });
    try {
      const bare = await fetch(`${site.url}/lessons/close-vs-shutdown`);
      assert.equal(bare.headers.get('cross-origin-embedder-policy'), null, 'the server really sends none');
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.url}/lessons/close-vs-shutdown`);
      await page.waitForFunction(() => self.crossOriginIsolated === true, undefined, { timeout: 15_000 });
      assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
      assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);
      // The runtime is told the policy in force: the same as the headers'.
      const lab = new LabPage(page);
      await lab.open();
      await waitForText(lab.runtimeStatus(), /stackblitz\.com/, 5000);
      assert.doesNotMatch(await lab.runtimeStatus().innerText(), /not cross-origin isolated/);
      await context.close();
    } finally {
      await site.close();
    }
  });

  it('ships the same headers to every kind of host', () => {
    assert.equal(readFileSync(path.join(siteDir, '_headers'), 'utf8'), headersFile());
    const vercel = JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as {
      headers: { source: string; headers: { key: string; value: string }[] }[];
    };
    const all = vercel.headers.find((h) => h.source === '/(.*)')!;
    assert.deepEqual(Object.fromEntries(all.headers.map((h) => [h.key, h.value])), isolationHeaders);
    assert.ok(
      readFileSync(path.join(siteDir, 'coi-serviceworker.js'), 'utf8').includes('Cross-Origin-Embedder-Policy'),
    );
  });
});
