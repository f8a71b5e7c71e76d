import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where a Chromium-family browser may be, in the order tried. */
function candidates(): string[] {
  const fromEnv = process.env['CHROME_PATH'] ? [process.env['CHROME_PATH']] : [];
  let playwrightOwn: string[] = [];
  try {
    playwrightOwn = [chromium.executablePath()];
  } catch {
    // playwright-core knows no downloaded browser here.
  }
  return [
    ...fromEnv,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ...playwrightOwn,
  ];
}

export const NO_BROWSER_MESSAGE =
  'No Chromium found for the browser tests: install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chrome or Chromium binary.';

export function findChromium(): string | null {
  return candidates().find((p) => existsSync(p)) ?? null;
}

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
