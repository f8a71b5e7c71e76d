// Shared by scripts that need to know, before anything starts, whether a browser is there.
// The browser tests use tests/support/chromium.ts, which tries the same places.
import { existsSync } from 'node:fs';

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
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}
