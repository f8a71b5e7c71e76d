import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../tests/support/chromium';
import { cSourceDir } from '../tests/support/c-programs';
import { serveLinuxTestPage } from '../tests/support/linux-browser';

/**
 * npm run bench:linux: "Linux in your browser" in headless Chromium (the page of
 * tests/support/linux-browser.ts, without the rest of the site). Each run is a fresh page in
 * one browser profile: run 1 downloads the state, later runs restore it from the Cache API. Each
 * run restores, runs the warm-up compile, compiles the echo server and client and plays the
 * shutdown run. Medians of BENCH_RUNS (default 5) over the cached runs.
 */
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const sources = {
    server: readFileSync(path.join(cSourceDir, 'delayed-echo-server.c'), 'utf8'),
    client: readFileSync(path.join(cSourceDir, 'echo-client.c'), 'utf8'),
  };
  const site = await serveLinuxTestPage();
  const browser = await launchChromium();
  const context = await browser.newContext();
  const runs: Record<string, number>[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => window.linuxLab);
    const result = await page.evaluate(async (src) => {
      const { readyAt } = await window.linuxLab.start();
      const warmUpMs = await window.linuxLab.warmUp();
      const run = await window.linuxLab.experiment({
        sources: src,
        mode: 'default',
        lines: ['data1', 'data2', 'shutdown'],
      });
      const resetMs = await window.linuxLab.reset();
      return {
        readyAt,
        warmUpMs,
        compileToListeningMs: run.compileToListeningMs,
        firstReply: run.firstReply ?? NaN,
        resetMs,
        serverCode: run.serverExit.code ?? NaN,
      };
    }, sources);
    process.stderr.write(`run ${run}: ${JSON.stringify(result)}\n`);
    runs.push(result);
    await page.close();
  }
  await browser.close();
  await site.close();

  const cached = runs.slice(1);
  const m = (key: string) => Math.round(median(cached.map((r) => r[key]!)));
  const rows = [
    ['First visit: page start → guest ready (download over loopback + restore)', `${runs[0]!['readyAt']} ms`, ''],
    ['From the browser cache: page start → guest ready', `${m('readyAt')} ms`, '≤ 1500 ms'],
    ['Warm-up compile right after restore', `${m('warmUpMs')} ms`, '(while the learner reads)'],
    [
      'Compile the echo server in the guest + run it → "listening"',
      `${m('compileToListeningMs')} ms`,
      '≤ 1500 + 500 ms',
    ],
    [
      'Page start → first "reply: Hi, data1" (shutdown run, 150 ms delay)',
      `${m('firstReply')} ms`,
      '≤ 4000 ms + delay',
    ],
    ['Reset the machine', `${m('resetMs')} ms`, '< 1000 ms'],
  ];
  console.log(
    ['| measure (median) | result | budget |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
