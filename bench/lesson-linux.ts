import { loadavg } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { serveStaticSite } from '../preview/static-server';
import { launchChromium } from '../tests/support/chromium';

/**
 * npm run bench:linux (and npm run bench): the learner's path through lesson 4's C lab on the real lesson page
 * of the production build (BENCH_SITE_DIR, default build/), in headless Chromium, through the
 * lab's own buttons, editor and terminals, as the lab's guide says. One browser profile: the
 * first visit downloads the machine, every later visit restores it from the Cache API.
 *
 * Each of BENCH_RUNS (default 5) rounds opens the lesson in a new tab (twice) and measures
 *   reopen → ready        "Open the lab" pressed → the status says Linux runs: 3 s after the lab
 *                         came into view (a learner reads its guide), then at once
 *   start after ready    Start server pressed at once → "server: listening"
 *   shutdown run reply   Enter on "data1" → "reply: Hi, data1", less the server's programmed delay
 *   run → first line     Start server again (binary from the cache) → "server: listening"
 *   edit → Start at once a comment typed into the server, Start pressed at once → "listening"
 *   edit → pause → Start the same, with 3 s between the last key and Start
 *   reset (x3)           "Reset the machine" pressed → the status says Linux runs again
 * and prints medians, the spread (min–max) and the load average beside them. Every time here is
 * wall-clock on a shared machine: compare figures of one run, never across machines.
 */
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const RESETS = 3;
/** How long a learner reads the lab's guide before opening it (the first reopen of a round). */
const READ_GUIDE_MS = 3000;
const SERVER_DELAY_MS = 5000; // the lab's server waits this long before it echoes ("args")
const lessonPath = '/lessons/close-vs-shutdown';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * In the page, before any of its scripts: the time of the last button press, and a wait that
 * resolves with the moment an element's text first matches (a MutationObserver, so the time is
 * when the page changed, not when a poll from here noticed).
 */
const inPageTiming = `
  window.__pressedAt = 0;
  document.addEventListener('click', () => { window.__pressedAt = performance.now(); }, true);
  window.__until = (el, source, flags, limitMs, before) => new Promise((resolve, reject) => {
    const pattern = new RegExp(source, flags);
    const check = () => {
      const text = el.textContent || '';
      if (pattern.test(text) && text !== before) { observer.disconnect(); clearTimeout(timer); resolve(performance.now()); }
    };
    const observer = new MutationObserver(check);
    observer.observe(el, { subtree: true, childList: true, characterData: true });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('waited ' + limitMs + ' ms for ' + pattern + '; saw: ' + el.textContent)); }, limitMs);
    check();
  });
  window.__cycle = (el, first, then, limitMs) =>
    window.__until(el, first, '', limitMs).then(() => window.__until(el, then, '', limitMs));
`;

/** When `locator`'s text matches `pattern` (and differs from `before`: a Start clears the terminal), on the page's clock. */
async function until(locator: Locator, pattern: RegExp, limitMs = 120_000, before?: string): Promise<number> {
  return locator.evaluate(
    (el, [source, flags, limit, previous]) =>
      (
        window as unknown as {
          __until: (e: Element, s: string, f: string, l: number, b?: string) => Promise<number>;
        }
      ).__until(el, source as string, flags as string, limit as number, previous as string | undefined),
    [pattern.source, pattern.flags, limitMs, before] as const,
  );
}

class CLab {
  constructor(readonly page: Page) {}
  get region() {
    return this.page.getByRole('region', { name: /^Lab: C: close vs shutdown/ });
  }
  get status() {
    return this.region.getByRole('status', { name: 'Runtime' });
  }
  screen(title: 'Server' | 'Client') {
    return this.region.getByRole('group', { name: `${title} terminal`, exact: true }).locator('.xterm-rows');
  }
  button(name: string) {
    const button = this.region.getByRole('button', { name, exact: true });
    return button.and(this.page.locator(':not([aria-disabled="true"]):not([disabled])'));
  }
  text(title: 'Server' | 'Client'): Promise<string> {
    return this.screen(title)
      .textContent()
      .then((t) => t ?? '');
  }
  /** Presses a button as soon as it can be pressed; resolves with when it was pressed, on the page's clock. */
  async press(name: string): Promise<number> {
    await this.button(name).waitFor({ timeout: 120_000 });
    await this.button(name).click();
    return this.page.evaluate('window.__pressedAt') as Promise<number>;
  }
  async typeInto(title: 'Client', line: string): Promise<number> {
    await this.region.getByRole('textbox', { name: `${title} terminal input` }).focus();
    await this.page.keyboard.type(line);
    const at = (await this.page.evaluate('performance.now()')) as number;
    await this.page.keyboard.press('Enter');
    return at;
  }
  /** Types a comment at the end of the server's source, as a learner edits it. */
  async editServer(comment: string): Promise<void> {
    await this.region.getByRole('tab', { name: /delayed-echo-server\.c/ }).click();
    await this.page.locator('.monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.type(`\n/* ${comment} */`);
  }
  async stopAll(): Promise<void> {
    const stop = this.button('Stop all');
    if (await stop.count()) await stop.click({ timeout: 2000 }).catch(() => {}); // it may have ended meanwhile
    await this.button('Start server').waitFor({ timeout: 60_000 });
  }
}

/** Opens the lesson and its lab, pressing "Open the lab" `readMs` after the lab came into view. */
async function openLesson(
  context: BrowserContext,
  siteUrl: string,
  readMs = 0,
): Promise<{ lab: CLab; readyMs: number }> {
  const page = await context.newPage();
  await page.addInitScript(inPageTiming);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${siteUrl}${lessonPath}`);
  const lab = new CLab(page);
  await lab.region.scrollIntoViewIfNeeded();
  await sleep(readMs);
  const opened = await lab.press('Open the lab');
  const ready = await until(lab.status, /^Running Linux 6\.1/);
  await showMarks(page, 'open', opened);
  return { lab, readyMs: ready - opened };
}

type Round = Record<string, number>;

/**
 * BENCH_MARKS=1: where a step's time went, from the page's own performance marks (linux:*), as
 * milliseconds after the button press, to stderr. Splits a figure of the table; not part of it.
 */
async function showMarks(page: Page, step: string, pressedAt: number): Promise<void> {
  if (!process.env['BENCH_MARKS']) return;
  const marks = (await page.evaluate(
    `performance.getEntriesByType('mark').filter((m) => m.name.startsWith('linux:')).map((m) => [m.name, m.startTime])`,
  )) as [string, number][];
  const after = marks.filter(([, t]) => t >= pressedAt - 5).map(([name, t]) => `${name} +${Math.round(t - pressedAt)}`);
  process.stderr.write(`  ${step}: ${after.join(', ')}\n`);
}

async function round(context: BrowserContext, siteUrl: string, n: number): Promise<Round> {
  const result: Round = { load: loadavg()[0]! };
  // As a learner who reads the lab's guide first: the page prepares the machine meanwhile.
  const reader = await openLesson(context, siteUrl, READ_GUIDE_MS);
  result[`reopen, "Open the lab" ${READ_GUIDE_MS / 1000} s after the lab came into view → ready`] = reader.readyMs;
  await reader.lab.page.close();
  const { lab, readyMs } = await openLesson(context, siteUrl);
  result['reopen, "Open the lab" as soon as it is in view → ready'] = readyMs;

  // The shutdown run, started the moment the lab is ready.
  let pressed = await lab.press('Start server');
  result['Start right after ready → "listening"'] = (await until(lab.screen('Server'), /server: listening/)) - pressed;
  await showMarks(lab.page, 'start after ready', pressed);
  await lab.press('Start client');
  await until(lab.screen('Client'), /client: connected/);
  const sent = await lab.typeInto('Client', 'data1');
  await lab.typeInto('Client', 'data2');
  await lab.typeInto('Client', 'shutdown');
  const reply = await until(lab.screen('Client'), /reply: Hi, data1/);
  result['shutdown run: "data1" → its reply, beyond the 5 s delay'] = reply - sent - SERVER_DELAY_MS;
  await until(lab.screen('Client'), /read\(\) returned 0/);
  await lab.stopAll();

  let before = await lab.text('Server');
  pressed = await lab.press('Start server');
  result['Run (binary reused) → first line'] =
    (await until(lab.screen('Server'), /listening/, 120_000, before)) - pressed;
  await showMarks(lab.page, 'run', pressed);
  await lab.stopAll();

  await lab.editServer(`edited ${n}a`);
  before = await lab.text('Server');
  pressed = await lab.press('Start server');
  result['edit → Start at once → first line'] =
    (await until(lab.screen('Server'), /listening/, 120_000, before)) - pressed;
  await showMarks(lab.page, 'edit, Start at once', pressed);
  await lab.stopAll();

  await lab.editServer(`edited ${n}b`);
  await sleep(3000);
  before = await lab.text('Server');
  pressed = await lab.press('Start server');
  result['edit → 3 s pause → Start → first line'] =
    (await until(lab.screen('Server'), /listening/, 120_000, before)) - pressed;
  await lab.stopAll();

  for (let r = 1; r <= RESETS; r++) {
    // The status says "Resetting…" and then that Linux runs again: the moment it does.
    const cycle = lab.status.evaluate((el) =>
      (window as unknown as { __cycle: (e: Element, a: string, b: string, l: number) => Promise<number> }).__cycle(
        el,
        '^Resetting',
        '^Running Linux 6\\.1',
        60_000,
      ),
    );
    pressed = await lab.press('Reset the machine');
    result[`reset ${r}`] = (await cycle) - pressed;
    await sleep(1000); // a learner reads before pressing it again
  }
  // The next round opens the lab as shipped, as a learner who did not edit it does.
  lab.page.once('dialog', (dialog) => void dialog.accept());
  await lab.press('Reset files');
  await lab.page.close();
  return result;
}

/**
 * The learner's path through lesson 4's C lab (see the top of this file), in `browser`'s new
 * profile, on the built site at `siteUrl`; returns the table (markdown).
 */
export async function measureLinuxLesson(browser: Browser, siteUrl: string, runs: number): Promise<string> {
  const context = await browser.newContext();
  try {
    const first = await openLesson(context, siteUrl);
    process.stderr.write(`first visit (download): ${Math.round(first.readyMs)} ms\n`);
    await first.lab.page.close();
    const rounds: Round[] = [];
    for (let n = 1; n <= runs; n++) {
      const r = await round(context, siteUrl, n);
      const rounded = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 10) / 10]));
      process.stderr.write(`round ${n}: ${JSON.stringify(rounded)}\n`);
      rounds.push(r);
    }
    const keys = Object.keys(rounds[0]!).filter((k) => k !== 'load' && !k.startsWith('reset '));
    const row = (name: string, values: number[]) =>
      `| ${name} | ${Math.round(median(values))} ms | ${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))} ms |`;
    const resets = rounds.flatMap((r) =>
      Object.entries(r)
        .filter(([k]) => k.startsWith('reset '))
        .map(([, v]) => v),
    );
    const loads = rounds.map((r) => r['load']!);
    return [
      `Lesson 4's C lab on the production build, ${runs} rounds, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2 cores); first visit (download over loopback): ${Math.round(first.readyMs)} ms`,
      '',
      "| the learner, through the lab's buttons | median | spread (min–max) |",
      '|---|---|---|',
      ...keys.map((k) =>
        row(
          k,
          rounds.map((r) => r[k]!),
        ),
      ),
      row(`Reset the machine (${resets.length} presses)`, resets),
    ].join('\n');
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const siteDir = path.resolve(process.env['BENCH_SITE_DIR'] ?? 'build');
  const site = await serveStaticSite({ dir: siteDir, port: 0 });
  const browser = await launchChromium();
  try {
    console.log(await measureLinuxLesson(browser, site.url, RUNS));
  } finally {
    await browser.close();
    await site.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
