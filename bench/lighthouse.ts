import { loadavg } from 'node:os';
import { findChromium } from '../tests/support/chromium';

export type FormFactor = 'desktop' | 'mobile';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export type Category = (typeof CATEGORIES)[number];

/** One Lighthouse run that produced every score. */
export interface LighthouseRun {
  readonly scores: Record<Category, number>;
  /** Mobile diagnosis: largest contentful paint and total blocking time, in ms. */
  readonly lcpMs: number;
  readonly tbtMs: number;
  /** Lighthouse's measure of the machine's speed at the run (higher is faster; NaN when absent). */
  readonly benchmarkIndex: number;
  /** The machine's 1-minute load average when the run began. */
  readonly load: number;
}

/**
 * A page's runs: the medians, and the worst run of each measure (the lowest score, the longest
 * TBT and LCP: a budget met only on a lucky run is not met), or why no run succeeded.
 */
export type PageAudit =
  | {
      readonly ok: true;
      readonly runs: number;
      readonly retries: number;
      readonly median: LighthouseRun;
      readonly worst: LighthouseRun;
      readonly all: readonly LighthouseRun[];
    }
  | { readonly ok: false; readonly runs: number; readonly retries: number; readonly error: string };

/**
 * One Lighthouse run in a fresh headless Chromium. Throws when Lighthouse reports a runtime
 * error or leaves a category without a score (for example when the page never painted):
 * such a run measured nothing, and must not count as a score of 0.
 */
export async function runLighthouse(url: string, formFactor: FormFactor): Promise<LighthouseRun> {
  const load = loadavg()[0]!;
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
      { port: chrome.port, logLevel: 'error', onlyCategories: [...CATEGORIES] },
      formFactor === 'desktop' ? desktopConfig : undefined,
    );
    if (!result) throw new Error('Lighthouse returned no result');
    return runOf(result.lhr, load);
  } finally {
    chrome.kill();
  }
}

/** The part of a Lighthouse result the bench reads. */
export interface LighthouseResult {
  readonly runtimeError?: { readonly code: string; readonly message: string };
  readonly runWarnings: readonly string[];
  readonly categories: Readonly<Record<string, { readonly score: number | null } | undefined>>;
  readonly audits: Readonly<Record<string, { readonly numericValue?: number } | undefined>>;
  readonly environment?: { readonly benchmarkIndex?: number };
}

/** The scores of a run; throws when the run measured nothing (a runtime error, a missing score). */
export function runOf(lhr: LighthouseResult, load = NaN): LighthouseRun {
  if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = {} as Record<Category, number>;
  for (const id of CATEGORIES) {
    const score = lhr.categories[id]?.score;
    if (typeof score !== 'number') throw new Error(`no ${id} score (${lhr.runWarnings.join('; ') || 'no warning'})`);
    scores[id] = Math.round(score * 100);
  }
  return {
    scores,
    lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
    tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? NaN,
    load,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * `runs` Lighthouse runs of a page (`runOnce`); a failed run is tried again, up to `retries`
 * times in all. The page fails when fewer than `runs` runs succeeded.
 */
export async function auditPage(
  runOnce: () => Promise<LighthouseRun>,
  { runs, retries, log, label = '' }: { runs: number; retries: number; log: (line: string) => void; label?: string },
): Promise<PageAudit> {
  const done: LighthouseRun[] = [];
  let retried = 0;
  let lastError = '';
  while (done.length < runs) {
    try {
      done.push(await runOnce());
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      log(`  a Lighthouse run failed${label ? ` (${label})` : ''}: ${lastError}`);
      if (retried === retries) return { ok: false, runs: done.length, retries: retried, error: lastError };
      retried++;
    }
  }
  const of = (pick: (values: number[]) => number, worse: (values: number[]) => number) => {
    const scores = {} as Record<Category, number>;
    for (const id of CATEGORIES) scores[id] = worse(done.map((r) => r.scores[id]));
    return {
      scores,
      lcpMs: pick(done.map((r) => r.lcpMs)),
      tbtMs: pick(done.map((r) => r.tbtMs)),
      benchmarkIndex: median(done.map((r) => r.benchmarkIndex)),
      load: median(done.map((r) => r.load)),
    };
  };
  return {
    ok: true,
    runs: done.length,
    retries: retried,
    median: of(median, median),
    worst: of(
      (values) => Math.max(...values),
      (values) => Math.min(...values),
    ),
    all: done,
  };
}
