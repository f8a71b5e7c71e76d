import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { serveStaticSite } from '../preview/static-server';
import { startRunner } from '../runner/service';
import { findChromium, launchChromium } from '../tests/support/chromium';
import { LabPage } from '../tests/support/lab-page';
import { freePort } from '../tests/support/lab-harness';
import { lessons } from '../tests/support/lessons';
import { waitForText } from '../tests/support/wait';
import { measurePageJs } from './page-js';

/**
 * npm run bench: the built site in a real Chromium, measured against the budgets. Medians of
 * BENCH_RUNS runs (default 5) each; the machine is shared, so read ratios and medians, not
 * single numbers. BENCH_LIGHTHOUSE_PAGES=all audits every lesson (default: three).
 */
const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const BUILD_RUNS = Number(process.env['BENCH_BUILD_RUNS'] ?? 3);
const outDir = path.join(root, '.bench');
const siteDir = path.join(outDir, 'site');
const LAB = '/lessons/close-vs-shutdown';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const log = (line: string) => process.stderr.write(`${line}\n`);

function coldBuild(runnerUrl: string): number {
  rmSync(path.join(root, '.docusaurus'), { recursive: true, force: true });
  rmSync(path.join(root, 'node_modules', '.cache'), { recursive: true, force: true });
  rmSync(siteDir, { recursive: true, force: true });
  const started = performance.now();
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'docusaurus'), ['build', '--out-dir', siteDir], {
    cwd: root,
    env: { ...process.env, LOCAL_RUNNER_URL: runnerUrl },
    stdio: 'ignore',
  });
  if (result.status !== 0) throw new Error('the build failed');
  return (performance.now() - started) / 1000;
}

async function labReadyMs(browser: Browser, siteUrl: string, warm: boolean): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${siteUrl}${LAB}`, { waitUntil: 'load' });
  if (warm) {
    // As a learner reading down to the lab: it comes into view, the warm-up prefetches the editor.
    await page.getByRole('button', { name: 'Open the lab' }).scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
  }
  const lab = new LabPage(page);
  const started = Date.now();
  await lab.open();
  // Ready: an editable editor, both terminals, and a runtime that can start them.
  await page.locator('.monaco-editor textarea').first().waitFor();
  await page.locator('.xterm-screen').nth(1).waitFor();
  await page.getByRole('button', { name: 'Start server', exact: true }).and(page.locator(':enabled')).waitFor();
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

async function runToFirstOutputMs(browser: Browser, siteUrl: string): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${siteUrl}${LAB}`);
  const lab = new LabPage(page);
  await lab.open();
  await lab.waitForLocalRuntime();
  const output = await lab.output('Server');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.evaluate(() => performance.clearMeasures());
    await lab.start('server');
    await waitForText(output, /listening on/, 10_000);
    // Measured in the page: from Start to the first output chunk reaching the terminal.
    const measured = await page.evaluate(() => performance.getEntriesByName('lab:server:first-output')[0]?.duration);
    if (measured === undefined) throw new Error('the page recorded no lab:server:first-output measure');
    times.push(Math.round(measured));
    await page.getByRole('button', { name: 'Stop server', exact: true }).click();
    await waitForText(lab.status('Server'), /ended by|exited|stopped/);
  }
  await page.close();
  return times;
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

async function lighthouseScores(url: string, formFactor: 'desktop' | 'mobile'): Promise<Record<string, number>> {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({
    chromePath: findChromium()!,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] },
      formFactor === 'desktop' ? desktopConfig : undefined,
    );
    const categories = result!.lhr.categories;
    return Object.fromEntries(Object.entries(categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)]));
  } finally {
    chrome.kill();
  }
}

async function main(): Promise<void> {
  if (!findChromium()) throw new Error('No Chromium: install one (apt-get install chromium) or set CHROME_PATH.');
  mkdirSync(outDir, { recursive: true });
  const [sitePort, runnerPort] = [await freePort(), await freePort()];
  const runnerUrl = `http://127.0.0.1:${runnerPort}`;

  log(`cold builds (${BUILD_RUNS})…`);
  const builds = Array.from({ length: BUILD_RUNS }, () => coldBuild(runnerUrl));

  const site = await serveStaticSite({ dir: siteDir, port: sitePort });
  const runner = await startRunner({ port: runnerPort, allowedOrigins: [site.url] });
  const browser = await launchChromium();
  try {
    log('JS per lesson page…');
    const pages: { route: string; kib: number; prefetched: number }[] = [];
    for (const { route } of lessons) {
      const js = await measurePageJs(browser, site.url, siteDir, `/${route}`);
      pages.push({ route, kib: js.runKiB, prefetched: js.prefetchedKiB });
    }
    log(`lab ready (${RUNS} warm, ${RUNS} cold)…`);
    const warm: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await labReadyMs(browser, site.url, true));
    for (let i = 0; i < RUNS; i++) cold.push(await labReadyMs(browser, site.url, false));
    log(`run → first output (${RUNS}) and direct node (${RUNS})…`);
    const run = await runToFirstOutputMs(browser, site.url);
    const direct: number[] = [];
    for (let i = 0; i < RUNS; i++) direct.push(await directNodeMs());

    const lhRoutes =
      process.env['BENCH_LIGHTHOUSE_PAGES'] === 'all'
        ? lessons.map((l) => `/${l.route}`)
        : ['/lessons/how-this-course-works', LAB, '/lessons/cheat-sheet-and-review'];
    log(`lighthouse (${lhRoutes.length} pages)…`);
    const audits: { route: string; scores: Record<string, number>; mobile: Record<string, number> }[] = [];
    for (const route of lhRoutes) {
      audits.push({
        route,
        scores: await lighthouseScores(`${site.url}${route}`, 'desktop'),
        mobile: await lighthouseScores(`${site.url}${route}`, 'mobile'),
      });
    }

    const maxKiB = Math.max(...pages.map((p) => p.kib));
    const runMedian = median(run);
    const directMedian = median(direct);
    const ratio = runMedian / directMedian;
    const perf = Math.min(...audits.map((a) => a.scores['performance'] ?? 0));
    const a11y = Math.min(...audits.map((a) => a.scores['accessibility'] ?? 0));
    const bp = Math.min(...audits.map((a) => a.scores['best-practices'] ?? 0));
    const mobilePerf = Math.min(...audits.map((a) => a.mobile['performance'] ?? 0));
    const ok = (pass: boolean) => (pass ? '✔' : '✖');
    const rows: [string, string, string, string][] = [
      ['JS run per lesson page (gzip, max of 10)', `${maxKiB.toFixed(1)} KiB`, '≤ 200 KiB', ok(maxKiB <= 200)],
      ['Lab ready after opening (warm, median)', `${median(warm)} ms`, '≤ 1500 ms', ok(median(warm) <= 1500)],
      ['Lab ready after opening (cold, median)', `${median(cold)} ms`, '(no budget)', ''],
      ['Run → first server output, local runtime (median)', `${runMedian} ms`, '≤ 300 ms', ok(runMedian <= 300)],
      ['Same program started with node directly (median)', `${directMedian.toFixed(0)} ms`, '', ''],
      ['Ratio run / direct node', `${ratio.toFixed(2)}×`, '≤ 2×', ok(ratio <= 2)],
      ['Cold build (median)', `${median(builds).toFixed(1)} s`, '≤ 60 s', ok(median(builds) <= 60)],
      ['Lighthouse performance, desktop (min)', `${perf}`, '≥ 95', ok(perf >= 95)],
      ['Lighthouse performance, mobile emulation (min)', `${mobilePerf}`, '(reported)', ''],
      ['Lighthouse accessibility (min)', `${a11y}`, '= 100', ok(a11y === 100)],
      ['Lighthouse best practices (min)', `${bp}`, '(reported)', ''],
    ];
    const table = [
      '| measure | result | budget | |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    const detail = [
      '',
      '| lesson page | JS run (KiB gzip) | prefetched (KiB gzip) |',
      '|---|---|---|',
      ...pages.map((p) => `| /${p.route} | ${p.kib.toFixed(1)} | ${p.prefetched.toFixed(1)} |`),
      '',
      '| page | performance (desktop) | performance (mobile) | accessibility | best practices |',
      '|---|---|---|---|---|',
      ...audits.map(
        (a) =>
          `| ${a.route} | ${a.scores['performance']} | ${a.mobile['performance']} | ${a.scores['accessibility']} | ${a.scores['best-practices']} |`,
      ),
      '',
      `runs: ${RUNS} (builds: ${BUILD_RUNS}); raw ms: warm ${warm.join(', ')}; cold ${cold.join(', ')}; run ${run.join(', ')}; direct ${direct.map((d) => d.toFixed(0)).join(', ')}; builds ${builds.map((b) => b.toFixed(1)).join(', ')} s`,
    ].join('\n');
    console.log(`${table}\n${detail}`);
    writeFileSync(path.join(outDir, 'latest.md'), `${table}\n${detail}\n`);
  } finally {
    await browser.close();
    await runner.close();
    await site.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
