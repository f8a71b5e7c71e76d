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
