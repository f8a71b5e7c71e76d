import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRunner, type RunningRunner } from '../../runner/service';
import { collect, connectAs, file, isAlive, SITE_ORIGIN } from '../support/runner-client';

// The local runner starts each session's next Node ahead of Run (runner/prestart/). These tests
// check that a program started that way is the program a direct start gives, and that the
// waiting process never outlives its session or blocks a start.

let runner: RunningRunner;
before(async () => {
  runner = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN], limits: { maxRunMs: 5000 } });
});
after(() => runner.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The folder of the session that holds the lab file `name` (unique per test). */
function sessionFolderWith(name: string): string {
  const folder = readdirSync(runner.workDir).find((session) =>
    existsSync(path.join(runner.workDir, session, 'lab', name)),
  );
  assert.ok(folder, `a session folder holds lab/${name}`);
  return path.join(runner.workDir, folder);
}

/** The prestarted Nodes waiting in `folder` (a session's). */
function waitingNodes(folder: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (argv.some((arg) => arg.endsWith(`prestart${path.sep}starter.cjs`)) && cwd === folder)
        found.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

const report = [
  'const { setTimeout } = require("node:timers");',
  'console.log(JSON.stringify({',
  '  uptimeMs: process.uptime() * 1000,',
  '  main: require.main === module,',
  '  argv: process.argv.slice(1),',
  '  cwd: process.cwd(),',
  '  port: process.env.PORT,',
  '  trace: Object.keys(process.env).filter((k) => k.startsWith("LAB_TRACE")),',
  '}));',
  'setTimeout(() => {}, 10);',
].join('\n');

const crash = ['function open() {', '  return null.socket;', '}', 'open();'].join('\n');

describe('local runner: the Node started ahead of Run', () => {
  it('runs the program as a direct start would: same argv, require.main, folder, environment, trace', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('report.js', report)]);
    await sleep(800);
    const ahead = await collect(
      await rt.spawn({ dir: 'lab', file: 'report.js', env: { PORT: '4321' }, trace: 'server' }),
    );
    // NODE_OPTIONS is read while Node starts: such a lab is always started directly.
    const direct = await collect(
      await rt.spawn({ dir: 'lab', file: 'report.js', env: { PORT: '4321', NODE_OPTIONS: '' }, trace: 'server' }),
    );
    rt.dispose();
    const a = JSON.parse(ahead.stdout) as Record<string, unknown> & { uptimeMs: number; cwd: string };
    const d = JSON.parse(direct.stdout) as Record<string, unknown> & { uptimeMs: number; cwd: string };
    assert.ok(a.uptimeMs > 400, `the first was started ahead (up ${a.uptimeMs.toFixed(0)} ms when it began)`);
    assert.ok(d.uptimeMs < 400, `the second was started directly (up ${d.uptimeMs.toFixed(0)} ms)`);
    assert.equal(path.basename(a.cwd), 'lab');
    assert.deepEqual({ ...a, uptimeMs: 0 }, { ...d, uptimeMs: 0 });
    assert.deepEqual(a.argv, [path.join(a.cwd, 'report.js')]);
    assert.equal(a.main, true);
    assert.equal(a.port, '4321');
    assert.deepEqual(a.trace, [], 'the trace variables are not passed on');
    assert.deepEqual(ahead.exit, { code: 0, signal: null });
  });

  it('passes the program its arguments, after the script: never read as options of Node', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('report.js', report)]);
    await sleep(800);
    const args = ['4321', '--inspect', '-e', 'process.exit(3)', 'two words', ''];
    const ahead = await collect(await rt.spawn({ dir: 'lab', file: 'report.js', env: {}, args }));
    const direct = await collect(await rt.spawn({ dir: 'lab', file: 'report.js', env: { NODE_OPTIONS: '' }, args }));
    rt.dispose();
    for (const run of [ahead, direct]) {
      const r = JSON.parse(run.stdout) as { argv: string[]; cwd: string };
      assert.deepEqual(r.argv, [path.join(r.cwd, 'report.js'), ...args]);
      assert.deepEqual(run.exit, { code: 0, signal: null });
    }
  });

  it("reports a crash exactly as a direct start does, with none of the runner's frames", async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('crash.js', crash)]);
    await sleep(800);
    const ahead = await collect(await rt.spawn({ dir: 'lab', file: 'crash.js', env: {}, trace: 'server' }));
    const direct = await collect(await rt.spawn({ dir: 'lab', file: 'crash.js', env: { NODE_OPTIONS: '' } }));
    rt.dispose();
    assert.deepEqual(ahead.exit, { code: 1, signal: null });
    assert.doesNotMatch(ahead.stderr, /starter\.cjs|trace\.cjs/);
    // Up to Node's own entry point the two reports are the same, line for line.
    const upToEntry = (stderr: string) => stderr.slice(0, stderr.indexOf('executeUserEntryPoint'));
    assert.match(
      ahead.stderr,
      /TypeError: Cannot read properties of null \(reading 'socket'\)\n {4}at open \(.*crash\.js:2:15\)/,
    );
    assert.equal(upToEntry(ahead.stderr), upToEntry(direct.stderr));
  });

  it('starts the program directly when the waiting Node was killed', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('report.js', report), file('killed.txt', '')]);
    await sleep(800);
    const waiting = waitingNodes(sessionFolderWith('killed.txt'));
    assert.equal(waiting.length, 1, 'one Node waits for the session');
    process.kill(waiting[0]!, 'SIGKILL');
    await sleep(100);
    const result = await collect(await rt.spawn({ dir: 'lab', file: 'report.js', env: { PORT: '1' } }));
    rt.dispose();
    assert.deepEqual(result.exit, { code: 0, signal: null });
    assert.equal((JSON.parse(result.stdout) as { port: string }).port, '1');
  });

  it('runs the program even when a lab program stopped the waiting Node (SIGSTOP)', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('report.js', report), file('stopped.txt', '')]);
    await sleep(800);
    const waiting = waitingNodes(sessionFolderWith('stopped.txt'));
    assert.equal(waiting.length, 1);
    process.kill(waiting[0]!, 'SIGSTOP');
    const result = await collect(await rt.spawn({ dir: 'lab', file: 'report.js', env: { PORT: '2' } }));
    rt.dispose();
    assert.deepEqual(result.exit, { code: 0, signal: null });
    assert.equal((JSON.parse(result.stdout) as { port: string }).port, '2');
  });

  it('keeps one Node waiting per session, and ends it with the session', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('report.js', report), file('one.txt', '')]);
    await sleep(800);
    const folder = sessionFolderWith('one.txt');
    const first = waitingNodes(folder);
    assert.equal(first.length, 1, 'one Node waits once the files are there');
    await collect(await rt.spawn({ dir: 'lab', file: 'report.js', env: {} }));
    assert.equal(isAlive(first[0]!), false, 'the run was that Node (it has exited)');
    await sleep(800);
    const next = waitingNodes(folder);
    assert.equal(next.length, 1, 'a new one waits after a run');
    rt.dispose();
    for (let i = 0; i < 100 && isAlive(next[0]!); i++) await sleep(20);
    assert.equal(isAlive(next[0]!), false, 'it went with the session');
  });
});
