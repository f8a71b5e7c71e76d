import type { Locator } from 'playwright-core';

/** Polls a locator's text (non-breaking spaces read as spaces, as Monaco renders them) until it matches. */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = ((await locator.innerText().catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
    if (pattern.test(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`expected ${String(pattern)} within ${timeoutMs} ms; the text was:\n${last}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls `check` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Polls `url` until it answers 2xx. Fails at once, with the process's output, if `process`
 * exits first (a server that could not start), or after `timeoutMs`.
 */
export async function waitForUrl(
  url: string,
  options: { process: { readonly exitCode: number | null }; output: () => string; timeoutMs: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.process.exitCode !== null) {
      throw new Error(
        `the server exited with code ${options.process.exitCode} before ${url} answered:\n${options.output()}`,
      );
    }
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${options.timeoutMs} ms:\n${options.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
