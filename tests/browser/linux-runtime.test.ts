import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Segment } from '../../src/runtimes/linux/kernel-events';
import { cSourceDir } from '../support/c-programs';
import { launchChromium } from '../support/chromium';
import { serveLinuxTestPage, type LinuxTestPage } from '../support/linux-browser';

/**
 * "Linux in your browser" in real Chromium: v86 and the image come from our own origin, the
 * state is cached, and the C close run shows the kernel's SIGPIPE and RST in the page.
 */
let site: LinuxTestPage;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  site = await serveLinuxTestPage();
  browser = await launchChromium();
  context = await browser.newContext();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

async function openPage() {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(site.url);
  await page.waitForFunction(() => window.linuxLab);
  return { page, requests };
}

describe('Linux in your browser (Chromium)', () => {
  it('restores the guest from our origin, with download progress; the close run is killed by SIGPIPE and the RST is seen', async () => {
    const { page, requests } = await openPage();
    const manifest = JSON.parse(await readFile(path.join(__dirname, '../../static/linux/manifest.json'), 'utf8'));
    const { progress } = await page.evaluate(() => window.linuxLab.start());
    const last = progress.at(-1)!;
    const expected = ['state.bin.zst', 'seabios.bin', 'vgabios.bin'].reduce(
      (n, f) => n + manifest.artifacts[f].bytes,
      0,
    );
    assert.equal(last.totalBytes, expected);
    assert.equal(last.loadedBytes, expected);
    assert.equal(last.percent, 100);
    assert.ok(progress.length > 3, 'progress is reported while downloading');
    assert.ok(requests.some((u) => u === `${site.url}v86/libv86.mjs`));
    assert.ok(requests.some((u) => u === `${site.url}v86/v86.wasm`));
    assert.deepEqual(
      requests.filter((u) => new URL(u).origin !== new URL(site.url).origin), // blob: URLs carry their origin
      [],
      'nothing from another origin',
    );

    const sources = {
      server: await readFile(path.join(cSourceDir, 'delayed-echo-server.c'), 'utf8'),
      client: await readFile(path.join(cSourceDir, 'echo-client.c'), 'utf8'),
    };
    const run = await page.evaluate(
      (src) => window.linuxLab.experiment({ sources: src, mode: 'default', lines: ['data1', 'data2', 'close'] }),
      sources,
    );
    assert.deepEqual(run.serverExit, { code: null, signal: 'SIGPIPE' });
    assert.match(run.serverText, /sent "Hi, data1"[\s\S]*received "data2"/);
    const segments = run.events.filter((e): e is Segment => e.kind === 'segment');
    assert.ok(
      segments.some((s) => s.flags.rst && s.to.port === run.port),
      'an RST to the server',
    );
    await page.close();
  });

  it('a second visit restores from the browser cache without downloading the state again, and resets', async () => {
    const { page, requests } = await openPage();
    await page.evaluate(() => window.linuxLab.start());
    assert.ok(!requests.some((u) => u.includes('/linux/state.bin.zst')), requests.join('\n'));
    // The reset's time is a bench figure (npm run bench:linux); here: it ends, with the guest answering.
    const resetMs = await page.evaluate(() => window.linuxLab.reset());
    assert.ok(Number.isFinite(resetMs), `reset: ${resetMs}`);
    await page.close();
  });
});
