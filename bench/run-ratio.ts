import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { serveStaticSite } from '../preview/static-server';
import { findChromium, launchChromium } from '../tests/support/chromium';
import { freePort } from '../tests/support/lab-harness';
import { runToFirstOutputMs } from './run-to-first-output';
import { runnerFirstOutputMs } from './runner-first-output';
import { startRunnerProcess } from './runner-process';

/**
 * npm run bench:run: only "Run → first output" and its ratio to a bare node start, which npm
 * run bench also measures among everything else. One build (not timed), BENCH_RUNS interleaved
 * runs (default 15): for trying a change to the start path without a full bench.
 */
const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const siteDir = path.join(root, '.bench', 'site-run');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  if (!findChromium()) throw new Error('No Chromium: install one (apt-get install chromium) or set CHROME_PATH.');
  const [sitePort, runnerPort] = [await freePort(), await freePort()];
  const runnerUrl = `http://127.0.0.1:${runnerPort}`;
  process.stderr.write('build…\n');
  const built = spawnSync(path.join(root, 'node_modules', '.bin', 'docusaurus'), ['build', '--out-dir', siteDir], {
    cwd: root,
    env: { ...process.env, LOCAL_RUNNER_URL: runnerUrl },
    stdio: 'ignore',
  });
  if (built.status !== 0) throw new Error('the build failed');
  const site = await serveStaticSite({ dir: siteDir, port: sitePort });
  const runner = await startRunnerProcess(runnerPort, [site.url]);
  const browser = await launchChromium();
  try {
    process.stderr.write(`run → first output (${RUNS}), each followed by node directly…\n`);
    const { run, direct } = await runToFirstOutputMs(browser, `${site.url}/lessons/close-vs-shutdown`, RUNS);
    const runnerOnly = await runnerFirstOutputMs(runner.url, site.url, RUNS);
    const ratio = median(run) / median(direct);
    console.log(`| measure (median of ${RUNS}) | result |
|---|---|
| Run → first server output in the page | ${median(run)} ms |
| Same program through the runner without a browser | ${median(runnerOnly)} ms |
| Same program started with node directly | ${median(direct).toFixed(0)} ms |
| Ratio run / direct node (budget ≤ 1.5×) | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? '✔' : '✖'} |

raw ms: run ${run.join(', ')}; runner only ${runnerOnly.join(', ')}; direct ${direct.map((d) => d.toFixed(0)).join(', ')}`);
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
