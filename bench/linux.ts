import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import sirv from 'sirv';
import { v86StaticDirectory } from '../plugins/v86-static';
import { launchChromium } from '../tests/support/chromium';
import { cSourceDir } from '../tests/support/c-programs';

/**
 * npm run bench:linux: "Linux in your browser" in headless Chromium, without the rest of the site.
 * A small page (bench/linux-page.ts, bundled with esbuild) starts the runtime as a lab does, from
 * the committed image, and plays the C shutdown run. Each run is a fresh page in one browser
 * profile: run 1 downloads the state, later runs restore it from the Cache API. Medians of
 * BENCH_RUNS (default 5).
 */
const root = path.resolve(__dirname, '..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const pageDir = mkdtempSync(path.join(tmpdir(), 'bench-linux-'));
  await build({
    entryPoints: [path.join(__dirname, 'linux-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(pageDir, 'page.js'),
    logLevel: 'error',
  });
  const sources = {
    server: readFileSync(path.join(cSourceDir, 'delayed-echo-server.c'), 'utf8'),
    client: readFileSync(path.join(cSourceDir, 'echo-client.c'), 'utf8'),
  };
  writeFileSync(
    path.join(pageDir, 'index.html'),
    `<!doctype html><title>bench</title><script>window.benchSources = ${JSON.stringify(sources)};</script>` +
      '<script type="module" src="/page.js"></script>',
  );
  const servers = [pageDir, path.join(root, 'static'), v86StaticDirectory(root)].map((dir) =>
    sirv(dir, { dev: false, etag: true, maxAge: 3600 }),
  );
  const server = createServer((req, res) => {
    const next = (i: number) => () =>
      i < servers.length ? servers[i]!(req, res, next(i + 1)) : res.writeHead(404).end();
    next(0)();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

  const browser = await launchChromium();
  const context = await browser.newContext();
  const results: Record<string, number | string>[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(url);
    await page.waitForFunction(() => window.benchResult, null, { timeout: 120_000, polling: 100 });
    const result = (await page.evaluate(() => window.benchResult))!;
    if ('error' in result) throw new Error(String(result['error']));
    process.stderr.write(`run ${run}: ${JSON.stringify(result)}\n`);
    results.push(result);
    await page.close();
  }
  await browser.close();
  server.close();

  const cached = results.slice(1);
  const col = (key: string, rows = cached) => median(rows.map((r) => Number(r[key])));
  const rows: [string, string, string][] = [
    ['Restore, first visit (download over loopback + restore)', `${results[0]!['ready']} ms`, ''],
    ['Restore from the browser cache: page start → guest ready (median)', `${col('ready')} ms`, '≤ 1500 ms'],
    ['Warm-up compile right after restore (median)', `${col('warmUpCompileMs')} ms`, ''],
    [
      'Compile the echo server + start it → "listening" (median)',
      `${col('compileServerToListeningMs')} ms`,
      '≤ 1500 ms + 500 ms',
    ],
    [
      'Page start → first "reply: Hi, data1" in the shutdown run (median)',
      `${col('firstReply')} ms`,
      '≤ 4000 ms + the lab delay',
    ],
    ['Reset the machine (median)', `${col('resetMs')} ms`, '< 1000 ms'],
    ['Server exit in the shutdown run', String(results[0]!['serverExit']), 'code 0'],
  ];
  const table = ['| measure | result | budget |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
  console.log(table);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
