import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultAllowedOrigins, LOCAL_RUNNER_PORT } from '../runner/address';
import { startRunner } from '../runner/service';
import { serveStaticSite } from './static-server';

/**
 * `npm run serve`: the production build with the isolation headers (which `docusaurus serve`
 * cannot send) and the local runner, both on loopback. SITE_PORT, LOCAL_RUNNER_PORT and
 * BUILD_DIR move them.
 */
async function main(): Promise<void> {
  const dir = path.resolve(process.env['BUILD_DIR'] ?? 'build');
  if (!existsSync(path.join(dir, 'index.html'))) {
    console.error(`No built site in ${dir}: run "npm run build" first.`);
    process.exit(1);
  }
  const sitePort = Number(process.env['SITE_PORT'] ?? 3000);
  const origins = process.env['SITE_PORT']
    ? [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`]
    : defaultAllowedOrigins;
  const runner = await startRunner({ port: LOCAL_RUNNER_PORT, allowedOrigins: origins });
  const site = await serveStaticSite({ dir, port: sitePort });
  console.log(`Serving ${dir} at ${site.url.replace('127.0.0.1', 'localhost')} (cross-origin isolated)`);
  console.log(`Local runner at ${runner.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.all([runner.close(), site.close()]).then(() => process.exit(0));
    });
  }
}

void main();
