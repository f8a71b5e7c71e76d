import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultAllowedOrigins, LOCAL_RUNNER_PORT } from '../runner/address';
import { startRunner } from '../runner/service';
import { serveStaticSite } from './static-server';

/**
 * `npm run serve`: the production build with the isolation headers (which `docusaurus serve`
 * cannot send) and the local runner, both on loopback. SITE_PORT, LOCAL_RUNNER_PORT and
 * BUILD_DIR move them. As with `npm start`, `npm run serve -- --with-key` makes the runner ask
 * pages for a secret (printed in the link to open); RUNNER_ACCESS_KEY sets it and
 * RUNNER_ALLOWED_ORIGINS replaces the origins it serves.
 */
async function main(): Promise<void> {
  const dir = path.resolve(process.env['BUILD_DIR'] ?? 'build');
  if (!existsSync(path.join(dir, 'index.html'))) {
    console.error(`No built site in ${dir}: run "npm run build" first.`);
    process.exit(1);
  }
  const sitePort = Number(process.env['SITE_PORT'] ?? 3000);
  const origins = process.env['RUNNER_ALLOWED_ORIGINS']
    ? process.env['RUNNER_ALLOWED_ORIGINS'].split(',').map((o) => o.trim())
    : process.env['SITE_PORT']
      ? [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`]
      : defaultAllowedOrigins;
  const accessKey =
    process.env['RUNNER_ACCESS_KEY'] ??
    (process.argv.includes('--with-key') ? randomBytes(24).toString('base64url') : undefined);
  const runner = await startRunner({
    port: LOCAL_RUNNER_PORT,
    allowedOrigins: origins,
    log: (line) => console.log(`runner: ${line}`),
    ...(accessKey ? { accessKey } : {}),
  });
  const site = await serveStaticSite({ dir, port: sitePort });
  const siteUrl = site.url.replace('127.0.0.1', 'localhost');
  console.log(`Serving ${dir} at ${siteUrl} (cross-origin isolated)`);
  console.log(`Local runner at ${runner.url}`);
  if (accessKey)
    console.log(`The local runner needs a key. Open the site with this link:\n  ${siteUrl}/#runner-key=${accessKey}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.all([runner.close(), site.close()]).then(() => process.exit(0));
    });
  }
}

void main();
