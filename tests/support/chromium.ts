import { chromium, type Browser } from 'playwright-core';
import { findChromium, NO_BROWSER_MESSAGE } from '../../scripts/find-chromium.mjs';

// One list of places to look, shared with scripts/test.mjs (which checks before building).
export { findChromium, NO_BROWSER_MESSAGE };

/** Headless Chromium with the flags that work on a machine with no outside network. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_MESSAGE);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
