import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { describeSelfCheck, REAL_KERNEL_LAB } from '../../src/components/Lab/runtime-status/self-check-text';
import type { LabRuntime } from '../../src/runtimes/runtime';
import { RuntimeManager } from '../../src/runtimes/runtime-manager';
import { createBootGate } from '../../src/runtimes/webcontainer/boot-gate';
import {
  LINUX_CLOSE_BEHAVIOURS,
  readSelfCheckOutput,
  runCloseSelfCheck,
  SELF_CHECK_MARKER,
  type SelfCheckState,
} from '../../src/runtimes/webcontainer/close-self-check';
import { FakeWebContainer } from '../support/fake-webcontainer';

const program = path.resolve(__dirname, '../../labs/_self-check/close-behaviours.cjs');
const linuxOutput = (got: Partial<Record<string, string>> = {}) =>
  `${SELF_CHECK_MARKER}${JSON.stringify(LINUX_CLOSE_BEHAVIOURS.map(({ id, linux }) => ({ id, got: got[id] ?? linux })))}\n`;
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('the close-behaviour self-check', () => {
  it('gives, on this machine (real Node on a real Linux kernel), exactly what the page expects of Linux', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [program, '0'], { timeout: 20_000 });
    const result = readSelfCheckOutput(stdout);
    assert.equal(result.status, 'done');
    for (const item of result.status === 'done' ? result.items : []) {
      assert.equal(item.got, item.linux, item.title);
    }
  });

  it('reads a run that differs, one with a missing check, and output that is no result', () => {
    const differs = readSelfCheckOutput(`noise\n${linuxOutput({ 'reset-by-peer': "'end', no error" })}`);
    assert.equal(differs.status, 'done');
    const items = differs.status === 'done' ? differs.items : [];
    assert.deepEqual(
      items.map((i) => i.matches),
      [true, false, true],
    );
    const missing = readSelfCheckOutput(
      `${SELF_CHECK_MARKER}[{"id":"half-close","got":"reply received after own end()"}]`,
    );
    assert.deepEqual(missing.status === 'done' ? missing.items.map((i) => i.got) : [], [
      'no result',
      'no result',
      'reply received after own end()',
    ]);
    assert.equal(readSelfCheckOutput('Error: boom\n').status, 'failed');
    assert.equal(readSelfCheckOutput(`${SELF_CHECK_MARKER}{not json`).status, 'failed');
    assert.match(
      (readSelfCheckOutput(`${SELF_CHECK_MARKER}{"error":"listen EADDRINUSE"}`) as { reason: string }).reason,
      /EADDRINUSE/,
    );
  });

  it('runs the program in the container, on the port it is given', async () => {
    const container = new FakeWebContainer();
    const running = runCloseSelfCheck(container, { source: 'the program', port: 4320, limitMs: 2000 });
    await settle();
    const proc = container.processes[0]!;
    assert.deepEqual([proc.command, ...proc.args], ['node', 'close-behaviours.cjs', '4320']);
    assert.equal(container.files.get(`${proc.options.cwd}/close-behaviours.cjs`), 'the program');
    proc.print(linuxOutput({ 'half-close': 'no reply' }));
    proc.end(0);
    const result = await running;
    assert.equal(result.status, 'done');
    assert.deepEqual(result.status === 'done' ? result.items.filter((i) => !i.matches).map((i) => i.id) : [], [
      'half-close',
    ]);
  });

  it('gives up on a check that never ends, and stops it', async () => {
    const container = new FakeWebContainer();
    const result = await runCloseSelfCheck(container, { source: '', port: 1, limitMs: 50 });
    assert.equal(result.status, 'failed');
    assert.match((result as { reason: string }).reason, /did not finish/);
    assert.equal(container.processes[0]!.killed, true);
  });

  it('says in words what matched, what differed and where the real kernel is', () => {
    const same = describeSelfCheck(readSelfCheckOutput(linuxOutput()));
    assert.match(same.text, /match Linux \(3 of 3/);
    assert.equal(same.pointToKernel, false);
    const differs = describeSelfCheck(readSelfCheckOutput(linuxOutput({ 'write-after-peer-destroy': 'x' })));
    assert.match(
      differs.text,
      /differs from Linux in 1 of 3 close behaviours: writing twice after the peer's destroy\(\): here "x", on Linux "first write: no error; second write: EPIPE"/,
    );
    assert.equal(differs.pointToKernel, true);
    assert.equal(describeSelfCheck({ status: 'failed', reason: 'r' }).pointToKernel, true);
  });

  it('points to a heading that lesson 4 has', async () => {
    const lesson = await readFile(path.resolve(__dirname, '../../docs/04-close-vs-shutdown.mdx'), 'utf8');
    const anchor = REAL_KERNEL_LAB.split('#')[1]!;
    const headings = [...lesson.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    );
    assert.ok(headings.includes(anchor), `${anchor} not among ${headings.join(', ')}`);
    assert.match(REAL_KERNEL_LAB, /^\/lessons\/close-vs-shutdown#/);
  });
});

describe('RuntimeManager with the self-check', () => {
  function managerWith(check: (port: number) => Promise<SelfCheckState>, localOk = false) {
    return new RuntimeManager({
      gate: createBootGate({
        isolationProblem: () => null,
        probe: async () => ({ reachable: true }),
        boot: () => Promise.resolve(new FakeWebContainer()),
        probeTimeoutMs: 30,
        bootTimeoutMs: 60,
      }),
      connectLocal: async () => {
        if (!localOk) throw new Error('no local runner');
        return { kind: 'local', description: 'Node on this computer' } as unknown as LabRuntime;
      },
      checkCloseBehaviours: (_container, port) => check(port),
    });
  }

  it('holds the labs until the check is done, then runs them in the browser and keeps what it found', async () => {
    let finish: (state: SelfCheckState) => void = () => {};
    const ports: number[] = [];
    const manager = managerWith((port) => {
      ports.push(port);
      return new Promise((resolve) => (finish = resolve));
    });
    manager.start();
    await settle();
    let snap = manager.getSnapshot();
    assert.equal(snap.runtime, null);
    assert.equal(snap.selfCheck.status, 'running');
    assert.match(snap.choice.reason, /checking the in-browser runtime's close behaviours against Linux/);
    assert.equal(ports.length, 1);
    finish(readSelfCheckOutput(linuxOutput({ 'reset-by-peer': 'closed without an error' })));
    await settle();
    snap = manager.getSnapshot();
    assert.equal(snap.runtime?.kind, 'webcontainer');
    assert.equal(snap.selfCheck.status, 'done');
    assert.deepEqual(snap.selfCheck.status === 'done' ? snap.selfCheck.items.map((i) => i.matches) : [], [
      true,
      false,
      true,
    ]);
  });

  it('uses the browser after a failed check too (saying so), and runs the check once', async () => {
    let calls = 0;
    const manager = managerWith(async () => {
      calls++;
      return { status: 'failed', reason: 'the check printed no result' };
    });
    manager.start();
    await settle();
    manager.retryLocal();
    await settle();
    assert.equal(manager.getSnapshot().runtime?.kind, 'webcontainer');
    assert.equal(manager.getSnapshot().selfCheck.status, 'failed');
    assert.equal(calls, 1);
  });

  it('ends as failed, with the reason, when the check cannot even start (its script did not load), and the labs run', async () => {
    const manager = managerWith(() => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    manager.start();
    await settle();
    const snap = manager.getSnapshot();
    assert.deepEqual(snap.selfCheck, {
      status: 'failed',
      reason: 'the check could not start: Failed to fetch dynamically imported module',
    });
    assert.equal(snap.runtime?.kind, 'webcontainer', 'the labs do not wait for ever');
  });
});
