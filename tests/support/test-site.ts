import path from 'node:path';
import { serveStaticSite, type RunningStaticSite } from '../../preview/static-server';
import { startRunner, type RunningRunner } from '../../runner/service';

/**
 * The built site and a local runner on the ports it was built for. scripts/test.mjs builds
 * the site once (TEST_SITE_DIR) with the runner address baked in (TEST_RUNNER_PORT).
 */
export interface TestSite {
  readonly site: RunningStaticSite;
  readonly runner: RunningRunner;
  readonly url: (pathname: string) => string;
  close(): Promise<void>;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the browser tests through "npm test" (scripts/test.mjs builds the site for them)`,
    );
  return value;
}

export async function startTestSite(options: { isolate?: boolean } = {}): Promise<TestSite> {
  const dir = path.resolve(requiredEnv('TEST_SITE_DIR'));
  const sitePort = Number(requiredEnv('TEST_SITE_PORT'));
  const runnerPort = Number(requiredEnv('TEST_RUNNER_PORT'));
  const site = await serveStaticSite({
    dir,
    port: sitePort,
    ...(options.isolate === undefined ? {} : { isolate: options.isolate }),
  });
  const runner = await startRunner({ port: runnerPort, allowedOrigins: [site.url] });
  return {
    site,
    runner,
    url: (pathname) => `${site.url}${pathname}`,
    async close() {
      await runner.close();
      await site.close();
    },
  };
}
