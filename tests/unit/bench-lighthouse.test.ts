import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditPage, runOf, type LighthouseResult, type LighthouseRun } from '../../bench/lighthouse';
import { lighthouseRows } from '../../bench/lighthouse-report';

const result = (performance: number | null, extra: Partial<LighthouseResult> = {}): LighthouseResult => ({
  runWarnings: [],
  categories: {
    performance: { score: performance },
    accessibility: { score: 1 },
    'best-practices': { score: 0.96 },
  },
  audits: { 'largest-contentful-paint': { numericValue: 2100 }, 'total-blocking-time': { numericValue: 120 } },
  environment: { benchmarkIndex: 2235 },
  ...extra,
});

const quiet = { log: () => {} };

describe('bench: Lighthouse runs', () => {
  it('reads the scores of a run that measured the page', () => {
    assert.deepEqual(runOf(result(0.91), 1.5), {
      scores: { performance: 91, accessibility: 100, 'best-practices': 96 },
      lcpMs: 2100,
      tbtMs: 120,
      benchmarkIndex: 2235,
      load: 1.5,
    });
  });

  it('refuses a run without a score or with a runtime error, instead of reading it as 0', () => {
    assert.throws(
      () => runOf(result(null, { runWarnings: ['The page did not paint any content'] })),
      /no performance score.*did not paint/,
    );
    assert.throws(
      () => runOf(result(0.5, { runtimeError: { code: 'NO_FCP', message: 'The page did not paint' } })),
      /NO_FCP/,
    );
  });

  it('tries a failed run again and reports the medians of the runs that succeeded', async () => {
    const outcomes: (number | null)[] = [0.8, null, 0.95, 0.9];
    const audit = await auditPage(async () => runOf(result(outcomes.shift()!)), { runs: 3, retries: 3, ...quiet });
    assert.equal(audit.ok, true);
    assert.equal(audit.ok && audit.median.scores.performance, 90);
    assert.equal(audit.retries, 1);
  });

  it('reports the worst run beside the median: the lowest score and the longest blocking time', async () => {
    const runs: [number, number][] = [
      [0.95, 90],
      [0.82, 640],
      [0.93, 150],
    ];
    const audit = await auditPage(
      async () => {
        const [score, tbt] = runs.shift()!;
        return runOf(result(score, { audits: { 'total-blocking-time': { numericValue: tbt } } }));
      },
      { runs: 3, retries: 0, ...quiet },
    );
    assert.ok(audit.ok);
    assert.equal(audit.median.scores.performance, 93);
    assert.equal(audit.worst.scores.performance, 82, 'a lucky run does not hide the lowest');
    assert.equal(audit.median.tbtMs, 150);
    assert.equal(audit.worst.tbtMs, 640);
    assert.equal(audit.all.length, 3);
  });

  it('reports a page as failed, never as 0, when its runs keep failing', async () => {
    let calls = 0;
    const failing = async (): Promise<LighthouseRun> => {
      calls++;
      return runOf(result(null));
    };
    const audit = await auditPage(failing, { runs: 3, retries: 2, ...quiet });
    assert.equal(audit.ok, false);
    assert.match(!audit.ok ? audit.error : '', /no performance score/);
    assert.equal(calls, 3, 'the first run and two retries');
  });
});

describe('bench: Lighthouse budgets', () => {
  const audit = async (mobile: number, tbt: number) =>
    auditPage(async () => runOf(result(mobile, { audits: { 'total-blocking-time': { numericValue: tbt } } })), {
      runs: 1,
      retries: 0,
      ...quiet,
    });
  it('judges each budget on the worst run of any page', async () => {
    const rows = lighthouseRows([
      { route: 'lessons/a', desktop: await audit(0.99, 0), mobile: await audit(0.95, 90) },
      { route: 'lessons/b', desktop: await audit(1, 0), mobile: await audit(0.89, 240) },
    ]);
    const row = (name: RegExp) => rows.find((r) => name.test(r[0]))!;
    assert.deepEqual(row(/mobile emulation/).slice(1), ['89', '≥ 90', '✖']);
    assert.deepEqual(row(/total blocking time/).slice(1), ['240 ms', '≤ 200 ms', '✖']);
    assert.deepEqual(row(/desktop/).slice(1), ['99', '≥ 98', '✔']);
  });
});
