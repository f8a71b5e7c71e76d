import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';

export interface PageJs {
  /** gzip KiB of the JavaScript the page ran. */
  readonly runKiB: number;
  readonly scripts: number;
  /** gzip KiB prefetched (downloaded into the cache, not run). */
  readonly prefetchedKiB: number;
  /** Requests to any origin other than the site's. */
  readonly foreign: readonly string[];
  /** Scripts over 100 KiB gzip other than the framework's main bundle. */
  readonly heavy: readonly string[];
}

/**
 * Loads a page, scrolls through it without touching anything, and measures the JavaScript it
 * ran, by the gzip size of each executed script file in the built site.
 */
export async function measurePageJs(
  browser: Browser,
  siteUrl: string,
  siteDir: string,
  route: string,
): Promise<PageJs> {
  const page = await browser.newPage();
  const executed: string[] = [];
  const prefetched: string[] = [];
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== new URL(siteUrl).origin) foreign.push(r.url());
    else if (url.pathname.endsWith('.js')) (r.resourceType() === 'script' ? executed : prefetched).push(url.pathname);
  });
  await page.goto(`${siteUrl}${route}`, { waitUntil: 'networkidle' });
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(20);
  }
  await page.waitForLoadState('networkidle');
  await page.close();
  const kib = (file: string) => gzipSync(readFileSync(path.join(siteDir, file))).length / 1024;
  const sizes = executed.map(kib);
  return {
    runKiB: sizes.reduce((a, b) => a + b, 0),
    scripts: executed.length,
    prefetchedKiB: prefetched.map(kib).reduce((a, b) => a + b, 0),
    foreign,
    heavy: executed.filter((file, i) => sizes[i]! > 100 && !/\/(main|common)\./.test(file)),
  };
}
