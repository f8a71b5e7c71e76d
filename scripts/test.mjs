// npm test: every check, in order, stopping at the first stage that fails.
//   lint       ESLint and Prettier
//   types      tsc --noEmit (strict)
//   build      the site, built for the browser tests with a local runner address baked in
//   tests      unit, scenario (real sockets) and browser (real Chromium) tests, one run
// `node scripts/test.mjs unit scenarios` runs only those test folders (and skips the build
// unless browser tests are among them).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folders = ['unit', 'scenarios', 'browser'];
const asked = process.argv.slice(2);
const only = asked.length > 0 ? asked : null;
const testFolders = only ? folders.filter((f) => only.includes(f)) : folders;

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (${seconds} s)`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${seconds} s)`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function testFiles(folder) {
  const dir = path.join(root, 'tests', folder);
  return readdirSync(dir)
    .filter((name) => /\.test\.tsx?$/.test(name))
    .sort()
    .map((name) => path.join('tests', folder, name));
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

if (!only) {
  run('lint: eslint', bin('eslint'), ['.', '--max-warnings=0']);
  run('lint: prettier', bin('prettier'), ['--check', '.', '--log-level=warn']);
  run('types: tsc (strict)', bin('tsc'), ['--noEmit', '-p', '.']);
}

const env = {};
if (testFolders.includes('browser')) {
  const { findChromium, NO_BROWSER_MESSAGE } = await import('./find-chromium.mjs');
  if (!findChromium()) {
    console.error(`\n✖ ${NO_BROWSER_MESSAGE}`);
    process.exit(1);
  }
  const [sitePort, runnerPort] = [await freePort(), await freePort()];
  const siteDir = path.join('node_modules', '.cache', 'test-site');
  Object.assign(env, {
    TEST_SITE_DIR: siteDir,
    TEST_SITE_PORT: String(sitePort),
    TEST_RUNNER_PORT: String(runnerPort),
  });
  run('build: the site for the browser tests', bin('docusaurus'), ['build', '--out-dir', siteDir], {
    LOCAL_RUNNER_URL: `http://127.0.0.1:${runnerPort}`,
  });
}

const files = testFolders.flatMap(testFiles);
run(
  `tests: ${testFolders.join(', ')} (${files.length} files)`,
  process.execPath,
  [
    '--require',
    './tests/support/css-modules-stub.cjs',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-timeout=120000',
    ...files,
  ],
  { ...env, TSX_TSCONFIG_PATH: 'tsconfig.test.json' },
);
