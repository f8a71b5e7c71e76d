// npm test: every check, in order, stopping at the first stage that fails.
//   lint       ESLint and Prettier
//   types      tsc --noEmit (strict)
//   build      the site, built for the browser tests with a local runner address baked in
//   tests      unit tests (two files at a time), then scenario (real sockets, the emulated
//              machine) and browser (real Chromium) tests, the two folders side by side
// `node scripts/test.mjs unit scenarios` runs only those test folders (and skips the build
// unless browser tests are among them).
import { spawn, spawnSync } from 'node:child_process';
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

const testArgs = (files, concurrency, timeoutMs = 120_000) => [
  '--require',
  './tests/support/css-modules-stub.cjs',
  '--import',
  'tsx',
  '--test',
  `--test-concurrency=${concurrency}`,
  `--test-timeout=${timeoutMs}`,
  ...files,
];
const testEnv = { ...env, TSX_TSCONFIG_PATH: 'tsconfig.test.json' };

// Unit tests are small and share nothing: two files at a time.
if (testFolders.includes('unit')) {
  const files = testFiles('unit');
  run(`tests: unit (${files.length} files)`, process.execPath, testArgs(files, 2), testEnv);
}
// Scenario and browser tests each take one file at a time (real sockets, an emulated machine,
// Chromium), but the two folders run side by side: much of their time is waiting (a server's
// programmed delay, TIME-WAIT, a page's load), and they assert what happens, never how fast.
const slow = testFolders.filter((f) => f !== 'unit');
if (slow.length > 0) {
  const started = Date.now();
  const runs = slow.map((folder) => {
    const files = testFiles(folder);
    console.log(`\n▶ tests: ${folder} (${files.length} files)`);
    // Node counts a whole file as a test too: a file of guest or browser tests, side by side
    // with the other folder, may take longer than one test's 120 s.
    const child = spawn(process.execPath, testArgs(files, 1, 600_000), {
      cwd: root,
      env: { ...process.env, ...testEnv },
      // The first folder's report streams; the others' are shown whole when they end.
      stdio: folder === slow[0] ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let held = '';
    child.stdout?.on('data', (chunk) => (held += chunk));
    child.stderr?.on('data', (chunk) => (held += chunk));
    return new Promise((resolve) =>
      child.on('close', (code) => {
        if (held) process.stdout.write(held);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`${code === 0 ? '✔' : '✖'} tests: ${folder} (${seconds} s)`);
        resolve(code === 0);
      }),
    );
  });
  const passed = await Promise.all(runs);
  if (passed.includes(false)) {
    console.error(`\n✖ tests failed: ${slow.filter((_, i) => !passed[i]).join(', ')}`);
    process.exit(1);
  }
}
