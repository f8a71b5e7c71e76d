// npm start: the local runner and the Docusaurus dev server together, both on loopback.
// Ctrl-C stops both; if either stops, the other is stopped too.
// SITE_PORT (default 3000) and LOCAL_RUNNER_PORT (default 3100) move them.
// `npm start -- --with-key`: the runner gives sessions only to pages that bring a secret made
// for this start, which only the link printed here carries (for a machine shared with others).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import concurrently from 'concurrently';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => JSON.stringify(path.join(root, 'node_modules', '.bin', name));
// Quoted only when needed: concurrently strips the quotes around a command that starts and ends with one.
// A word for the shell concurrently runs the command with: single quotes for sh (a "$" or "`"
// in the checkout's path is not expanded), double quotes for Windows' cmd.exe (which has no single quotes).
const shellWord = (word) => {
  if (/^[\w./=:-]+$/.test(word)) return word;
  return process.platform === 'win32' ? JSON.stringify(word) : `'${word.replace(/'/g, `'\\''`)}'`;
};

const sitePort = Number(process.env.SITE_PORT ?? 3000);
const runnerPort = Number(process.env.LOCAL_RUNNER_PORT ?? 3100);
const siteOrigins = [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`];
const accessKey = process.argv.includes('--with-key') ? randomBytes(24).toString('base64url') : null;
// The runner runs as runner/node-args.json says: without tsx's loader thread and with a small
// young generation, which keeps it well under its memory budget (tests/unit/runner-memory.test.ts).
const runnerArgs = JSON.parse(readFileSync(path.join(root, 'runner', 'node-args.json'), 'utf8'));

const { result } = concurrently(
  [
    {
      name: 'runner',
      command: [process.execPath, ...runnerArgs].map(shellWord).join(' '),
      prefixColor: 'cyan',
      env: {
        LOCAL_RUNNER_PORT: String(runnerPort),
        RUNNER_ALLOWED_ORIGINS: siteOrigins.join(','),
        ...(accessKey ? { RUNNER_ACCESS_KEY: accessKey } : {}),
      },
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

if (accessKey) {
  console.log(
    `\nThe local runner needs a key. Open the site with this link:\n  ${siteOrigins[0]}/#runner-key=${accessKey}\n`,
  );
}

result.then(
  () => process.exit(0),
  () => process.exit(1),
);
