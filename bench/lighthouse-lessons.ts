import path from 'node:path';
import { serveStaticSite } from '../preview/static-server';
import { lessons } from '../tests/support/lessons';
import { auditPage, runLighthouse } from './lighthouse';
import { lighthouseRows, lighthouseTable, type LessonAudit } from './lighthouse-report';

/**
 * npm run bench:lighthouse: Lighthouse on every lesson page of a built site (BENCH_SITE_DIR,
 * default build/), desktop and mobile, BENCH_LIGHTHOUSE_RUNS runs each (default 3); the budgets
 * are judged on the worst run. BENCH_PAGES=close,shutdown limits it to some lessons.
 */
const RUNS = Number(process.env['BENCH_LIGHTHOUSE_RUNS'] ?? 3);
const log = (line: string) => process.stderr.write(`${line}\n`);
/** Failed runs tried again per page and form factor before the page counts as failed. */
const RETRIES = 3;

export async function auditLessons(siteUrl: string, runs: number, only?: readonly string[]): Promise<LessonAudit[]> {
  const audits: LessonAudit[] = [];
  for (const { route } of lessons.filter((l) => !only || only.some((o) => l.route.endsWith(o)))) {
    const url = `${siteUrl}/${route}`;
    const options = { runs, retries: RETRIES, log };
    log(`  ${route}…`);
    audits.push({
      route,
      desktop: await auditPage(() => runLighthouse(url, 'desktop'), { ...options, label: `${route}, desktop` }),
      mobile: await auditPage(() => runLighthouse(url, 'mobile'), { ...options, label: `${route}, mobile` }),
    });
  }
  return audits;
}

async function main(): Promise<void> {
  const site = await serveStaticSite({ dir: path.resolve(process.env['BENCH_SITE_DIR'] ?? 'build'), port: 0 });
  try {
    const only = process.env['BENCH_PAGES']?.split(',');
    const audits = await auditLessons(site.url, RUNS, only);
    const rows = lighthouseRows(audits);
    console.log(
      ['| measure | result | budget | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'),
    );
    console.log(`\n${lighthouseTable(audits, RUNS)}`);
  } finally {
    await site.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
