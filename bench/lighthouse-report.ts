import type { Category, PageAudit } from './lighthouse';

/** One lesson page's Lighthouse runs, desktop and mobile. */
export interface LessonAudit {
  readonly route: string;
  readonly desktop: PageAudit;
  readonly mobile: PageAudit;
}

/** A budget row: measure, result, budget, ✔/✖ (empty when only reported). */
export type Row = readonly [string, string, string, string];

const ok = (pass: boolean) => (pass ? '✔' : '✖');

/**
 * The budgets, each judged on the worst run of any page (issue: a score met only on a lucky run
 * is not met): mobile performance ≥ 90 and TBT ≤ 200 ms, desktop ≥ 98, accessibility 100.
 */
export function lighthouseRows(audits: readonly LessonAudit[]): Row[] {
  const all = audits.flatMap((a) => [a.desktop, a.mobile]);
  const failed = all.filter((a) => !a.ok).length;
  const retried = all.reduce((n, a) => n + a.retries, 0);
  /** The worst run's value over every page, or null when a page has no run. */
  const worst = (form: 'desktop' | 'mobile', value: (a: Extract<PageAudit, { ok: true }>) => number, max = false) => {
    const values = audits.map((a) => (a[form].ok ? value(a[form]) : null));
    if (values.includes(null)) return null;
    return max ? Math.max(...(values as number[])) : Math.min(...(values as number[]));
  };
  const score = (form: 'desktop' | 'mobile', id: Category) => worst(form, (a) => a.worst.scores[id]);
  const show = (v: number | null, unit = '') => (v === null ? 'failed' : `${Math.round(v)}${unit}`);
  const atLeast = (v: number | null, budget: number) => ok(v !== null && v >= budget);
  const mobile = score('mobile', 'performance');
  const tbt = worst('mobile', (a) => a.worst.tbtMs, true);
  const desktop = score('desktop', 'performance');
  const a11y = [score('desktop', 'accessibility'), score('mobile', 'accessibility')];
  const a11yWorst = a11y.includes(null) ? null : Math.min(...(a11y as number[]));
  return [
    [
      'Lighthouse runs failed after retries (pages × form factors)',
      `${failed} (${retried} retried)`,
      '= 0',
      ok(failed === 0),
    ],
    ['Lighthouse performance, mobile emulation (lowest run, any page)', show(mobile), '≥ 90', atLeast(mobile, 90)],
    [
      'Lighthouse total blocking time, mobile (longest run, any page)',
      show(tbt, ' ms'),
      '≤ 200 ms',
      ok(tbt !== null && tbt <= 200),
    ],
    ['Lighthouse performance, desktop (lowest run, any page)', show(desktop), '≥ 98', atLeast(desktop, 98)],
    ['Lighthouse accessibility (lowest run, any page)', show(a11yWorst), '= 100', atLeast(a11yWorst, 100)],
    ['Lighthouse best practices (lowest run, any page)', show(score('desktop', 'best-practices')), '(reported)', ''],
  ];
}

/** The table per page: mobile median and worst run side by side, with the machine's state. */
export function lighthouseTable(audits: readonly LessonAudit[], runs: number): string {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const line = ({ route, desktop, mobile }: LessonAudit) => {
    if (!desktop.ok || !mobile.ok)
      return `| /${route} | ${desktop.ok ? '' : `failed (${desktop.error})`} ${mobile.ok ? '' : `failed (${mobile.error})`} | | | | | | |`;
    const loads = mobile.all.map((r) => r.load);
    return [
      `/${route}`,
      `${desktop.worst.scores.performance}`,
      `${mobile.median.scores.performance} / ${mobile.worst.scores.performance}`,
      `${ms(mobile.median.tbtMs)} / ${ms(mobile.worst.tbtMs)}`,
      `${ms(mobile.median.lcpMs)}`,
      `${Math.min(desktop.worst.scores.accessibility, mobile.worst.scores.accessibility)}`,
      `${Math.round(mobile.median.benchmarkIndex)}`,
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .concat(' |');
  };
  return [
    `| lesson page (Lighthouse, ${runs} runs each) | desktop perf. (lowest) | mobile perf. (median / lowest) | mobile TBT (median / longest) | mobile LCP (median) | accessibility (lowest) | benchmarkIndex (median) | load average |`,
    '|---|---|---|---|---|---|---|---|',
    ...audits.map(line),
  ].join('\n');
}
