// npm start: the local runner and the Docusaurus dev server together, both on loopback.
// Ctrl-C stops both; if either stops, the other is stopped too.
// SITE_PORT (default 3000) and LOCAL_RUNNER_PORT (default 3100) move them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import concurrently from 'concurrently';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => JSON.stringify(path.join(root, 'node_modules', '.bin', name));

const sitePort = Number(process.env.SITE_PORT ?? 3000);
const runnerPort = Number(process.env.LOCAL_RUNNER_PORT ?? 3100);
const siteOrigins = [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`];

const { result } = concurrently(
  [
    {
      name: 'runner',
      command: `${bin('tsx')} runner/main.ts`,
      prefixColor: 'cyan',
      env: { LOCAL_RUNNER_PORT: String(runnerPort), RUNNER_ALLOWED_ORIGINS: siteOrigins.join(',') },
    },
    {
      name: 'site',
      command: `${bin('docusaurus')} start --host localhost --port ${sitePort} --no-open`,
      prefixColor: 'magenta',
      env: { LOCAL_RUNNER_URL: `http://127.0.0.1:${runnerPort}` },
    },
  ],
  { prefix: 'name', killOthersOn: ['failure', 'success'], cwd: root },
);

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
