// Where a Chrome or Chromium may be: CHROME_PATH, the usual system places, and
// playwright-core's own download when there is one. Used by scripts/test.mjs (before it
// builds anything) and by the browser tests and the bench (tests/support/chromium.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const NO_BROWSER_MESSAGE =
  'No Chromium found for the browser tests: install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chrome or Chromium binary.';

export function findChromium() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    playwrightOwnBrowser(),
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}

function playwrightOwnBrowser() {
  try {
    return createRequire(import.meta.url)('playwright-core').chromium.executablePath();
  } catch {
    return null;
  }
}
