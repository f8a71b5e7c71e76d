import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { LabProcess } from '../../runner/lab-process';
import { runnerLimits } from '../../runner/limits';
import { startRunner, type RunningRunner } from '../../runner/service';
import type { WebSocketLike } from '../../src/runtimes/local/local-runtime';
import { LocalRuntime } from '../../src/runtimes/local/local-runtime';
import {
  collect,
  connectAs,
  file,
  grantFor,
  isAlive,
  openJsonSession,
  openRawSession,
  SITE_ORIGIN,
  wsFrame,
} from '../support/runner-client';

// Every attack the runner was broken by (issue 11), each as it was made: raw frames on a bare
// socket, links made by a lab program, floods on every stream, unread input, a runner killed.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (condition()) return true;
  return condition();
}
const b64 = (text: string) => Buffer.from(text).toString('base64');

let runner: RunningRunner;
const limits = {
  maxOutputBytes: 64 * 1024,
  maxRunMs: 20_000,
  maxProcesses: 3,
  maxProcessesTotal: 4,
  maxSessions: 6,
  maxFiles: 5,
  maxFileBytes: 10_000,
  maxSessionDiskBytes: 200_000,
  maxInputChars: 1000,
  maxPendingInputBytes: 64 * 1024,
};

before(async () => {
  runner = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN], limits, heartbeatMs: 500 });
});
after(() => runner.close());

/** A session with a program running in it, to show that another session's attack leaves it alone. */
async function bystander() {
  const rt = await connectAs(runner.url);
  await rt.mount('lab', [file('tick.js', "process.stdin.on('data', (d) => process.stdout.write('echo ' + d));")]);
  const proc = await rt.spawn({ dir: 'lab', file: 'tick.js', env: {} });
  const reader = proc.output.getReader();
  return {
    async stillWorks() {
      proc.writeInput('ping\n');
      const { value } = await reader.read();
      assert.equal(value?.text, 'echo ping\n');
    },
    dispose: () => rt.dispose(),
  };
}

describe('runner attacks: bad WebSocket frames close only their own connection', () => {
  const cases: { name: string; frame: () => Buffer; code: number; reason: RegExp }[] = [
    {
      name: 'a text frame that is not UTF-8',
      frame: () => wsFrame({ opcode: 1, payload: Buffer.from([0xff, 0xfe, 0xfd]) }),
      code: 1007,
      reason: /not valid UTF-8/,
    },
    {
      name: 'an unmasked frame',
      frame: () => wsFrame({ opcode: 1, payload: Buffer.from('{}'), masked: false }),
      code: 1002,
      reason: /MASK/,
    },
    {
      name: 'RSV1 set',
      frame: () => wsFrame({ opcode: 1, payload: Buffer.from('{}'), rsv1: true }),
      code: 1002,
      reason: /RSV1/,
    },
    {
      name: 'an unknown opcode',
      frame: () => wsFrame({ opcode: 3, payload: Buffer.from('x') }),
      code: 1002,
      reason: /opcode/,
    },
    {
      name: 'close code 999',
      frame: () => wsFrame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) }),
      code: 1002,
      reason: /status code/,
    },
    {
      name: 'a fragmented 5 MiB message',
      frame: () =>
        Buffer.concat([
          wsFrame({ opcode: 1, fin: false, payload: Buffer.alloc(1024 * 1024, 0x61) }),
          ...Array.from({ length: 4 }, () =>
            wsFrame({ opcode: 0, fin: false, payload: Buffer.alloc(1024 * 1024, 0x61) }),
          ),
        ]),
      code: 1009,
      reason: /^message too large: the local runner takes at most \d+ KiB in one message$/,
    },
    {
      name: 'one 50 MiB message',
      frame: () => wsFrame({ opcode: 1, announcedLength: 50 * 1024 * 1024, payload: Buffer.alloc(64 * 1024, 0x61) }),
      code: 1009,
      reason: /^message too large/,
    },
    {
      name: 'a binary message',
      frame: () => wsFrame({ opcode: 2, payload: Buffer.from([1, 2, 3]) }),
      code: 1003,
      reason: /binary/,
    },
  ];

  for (const attack of cases) {
    it(`${attack.name}: close ${attack.code} with a reason; the runner and other sessions carry on`, async () => {
      const other = await bystander();
      const { socket, closeFrame } = await openRawSession(runner.url);
      socket.write(attack.frame());
      const closed = await closeFrame;
      assert.equal(closed.code, attack.code);
      assert.match(closed.reason, attack.reason);
      socket.destroy();
      await other.stillWorks();
      assert.equal((await fetch(`${runner.url}/health`)).status, 200);
      other.dispose();
    });
  }

  it('the page shows the close reason when the runner closes its connection', async () => {
    let socket: WebSocket | undefined;
    let lost = '';
    const rt = await LocalRuntime.connect({
      baseUrl: runner.url,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Origin: SITE_ORIGIN } }),
      createWebSocket: (url) => (socket = new WebSocket(url, { origin: SITE_ORIGIN })) as unknown as WebSocketLike,
      onDisconnect: (reason) => (lost = reason),
    });
    await rt.mount('lab', [file('w.js', 'setInterval(() => {}, 1000)')]);
    const proc = await rt.spawn({ dir: 'lab', file: 'w.js', env: {} });
    socket!.send('x'.repeat(runnerLimits(limits).maxMessageBytes + 1)); // what a page without checks would send
    const result = await collect(proc);
    assert.match(
      lost,
      /connection to the local runner closed \(message too large: the local runner takes at most \d+ KiB/,
    );
    assert.match(result.notices, /message too large/);
  });
});

describe('runner attacks: sizes agree', () => {
  it('the largest legal lab mounts (every file at the limit, every character escaped the most JSON can)', async () => {
    const spare = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN] });
    const rt = await connectAs(spare.url);
    const { maxFiles, maxFileBytes } = rt.limits;
    assert.ok(maxFiles * maxFileBytes >= 20 * 1024 * 1024, 'a lab may total 20 MiB');
    // U+0001 is one byte of UTF-8 and six characters of JSON (\u0001).
    const files = Array.from({ length: maxFiles }, (_, i) => file(`f${i}.js`, '\u0001'.repeat(maxFileBytes)));
    await rt.mount('lab', files);
    const proc = await rt
      .spawn({
        dir: 'lab',
        file: 'size.js',
        env: {},
      })
      .catch((err: Error) => err);
    assert.match(String(proc), /does not exist/);
    rt.dispose();
    await spare.close();
  });

  it('the page refuses a too-large file or paste before sending, with a clear message', async () => {
    const rt = await connectAs(runner.url);
    await assert.rejects(
      rt.mount('lab', [file('big.js', 'x'.repeat(20_000))]),
      /big\.js is 20 KiB, larger than 10 KiB/,
    );
    await rt.mount('lab', [file('cat.js', "process.stdin.on('data', (d) => process.stdout.write(d));")]);
    const proc = await rt.spawn({ dir: 'lab', file: 'cat.js', env: {} });
    proc.writeInput('y'.repeat(70_000));
    // Longer than one message may carry (1000 characters): sent in pieces, delivered whole.
    proc.writeInput('😀'.repeat(2500) + '\n');
    setTimeout(() => proc.closeInput(), 300);
    const result = await collect(proc);
    assert.match(result.notices, /input not sent: it is 70000 characters, more than the 64 KiB the local runner holds/);
    assert.equal(result.stdout, '😀'.repeat(2500) + '\n');
    rt.dispose();
  });
});

describe('runner attacks: every byte a process produces counts', () => {
  const floods = {
    stdout: "const s = 'x'.repeat(65536); for (;;) process.stdout.write(s);",
    stderr: "const s = 'x'.repeat(65536); for (;;) process.stderr.write(s);",
    'the trace pipe (fd 3)': "const fs = require('fs'); const s = 'x'.repeat(65536); for (;;) fs.writeSync(3, s);",
  };
  for (const [stream, program] of Object.entries(floods)) {
    it(`a flood with no newline on ${stream} is stopped at the cap`, async () => {
      const rt = await connectAs(runner.url);
      await rt.mount('lab', [file('flood.js', program)]);
      const result = await collect(await rt.spawn({ dir: 'lab', file: 'flood.js', env: {}, trace: 'flood' }));
      assert.match(result.notices, /printed more than 64 KiB/);
      assert.doesNotMatch(result.notices, /ran longer than/, 'stopped by the output cap, not the time limit');
      assert.equal(result.exit.signal, 'SIGKILL');
      const forwarded = result.stdout.length + result.stderr.length + result.trace.join('').length;
      assert.ok(forwarded <= 64 * 1024, `forwarded ${forwarded} bytes`);
      rt.dispose();
    });
  }
});

describe('runner attacks: input is bounded', () => {
  it('a program that never reads its input gets no more than the cap, with a message', async () => {
    const session = await openJsonSession(runner.url);
    await session.request({ op: 'clear', dir: 'lab' });
    await session.request({ op: 'write', dir: 'lab', path: 'deaf.js', base64: b64('setInterval(() => {}, 1000)') });
    const spawned = await session.request({ op: 'spawn', dir: 'lab', file: 'deaf.js', env: {} });
    assert.equal(spawned.ok, true);
    const pid = (spawned as { value: number }).value;
    const chunk = 'z'.repeat(1000);
    for (let i = 0; i < 1000; i++) session.send({ type: 'input', pid, text: chunk }); // 1 MB, 16× the cap
    const refused = () =>
      session.messages.some((m) => m.type === 'output' && m.stream === 'notice' && /input not delivered/.test(m.text));
    assert.ok(await until(refused), 'a notice says the input was not delivered');
    const notice = session.messages.find((m) => m.type === 'output' && m.stream === 'notice');
    assert.match((notice as { text: string }).text, /holds at most 64 KiB of unread input/);
    session.ws.close();
  });
});

describe('runner attacks: links made by a lab program', () => {
  it('a mount, a write or a start through a link the program made is refused, and nothing outside changes', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'runner-victim-'));
    mkdirSync(path.join(outside, 'victim'));
    writeFileSync(path.join(outside, 'victim', 'keep.txt'), 'precious');
    writeFileSync(path.join(outside, 'target.js'), "console.log('outside code ran')");
    const rt = await connectAs(runner.url);
    const maker = [
      "const fs = require('fs');",
      `fs.symlinkSync(${JSON.stringify(outside)}, 'evil');`,
      `fs.symlinkSync(${JSON.stringify(path.join(outside, 'target.js'))}, 'link.js');`,
      `fs.symlinkSync(${JSON.stringify(path.join(outside, 'victim', 'keep.txt'))}, 'keep.txt');`,
      "console.log('made');",
    ].join('\n');
    await rt.mount('lab', [file('make.js', maker)]);
    assert.equal((await collect(await rt.spawn({ dir: 'lab', file: 'make.js', env: {} }))).stdout, 'made\n');

    await assert.rejects(rt.mount('lab/evil/victim', [file('x.js', 'pwned')]), /leaves the session folder/);
    await assert.rejects(rt.spawn({ dir: 'lab/evil', file: 'target.js', env: {} }), /leaves the session folder/);
    await assert.rejects(rt.spawn({ dir: 'lab', file: 'link.js', env: {} }), /leaves the session folder/);
    const session = await openJsonSession(runner.url);
    // A write into a folder the page did not clear first, onto the program's link.
    await session.request({ op: 'clear', dir: 'lab' });
    await session.request({ op: 'write', dir: 'lab', path: 'make.js', base64: b64(maker) });
    const pid = (await session.request({ op: 'spawn', dir: 'lab', file: 'make.js', env: {} })) as { value: number };
    await until(() => session.messages.some((m) => m.type === 'exit' && m.pid === pid.value));
    const write = await session.request({ op: 'write', dir: 'lab', path: 'keep.txt', base64: b64('pwned') });
    assert.deepEqual(write.ok, false);
    assert.match((write as { error: string }).error, /is a link/);
    const viaLink = await session.request({ op: 'write', dir: 'lab/evil/victim', path: 'keep.txt', base64: b64('x') });
    assert.match((viaLink as { error: string }).error, /leaves the session folder/);

    assert.equal(readFileSync(path.join(outside, 'victim', 'keep.txt'), 'utf8'), 'precious');
    assert.equal(existsSync(path.join(outside, 'victim', 'x.js')), false);
    session.ws.close();
    rt.dispose();
  });
});

describe('runner attacks: a file name is never an option', () => {
  it('refuses lab file names that start with "-"', async () => {
    const rt = await connectAs(runner.url);
    await assert.rejects(rt.mount('lab', [file('--version', 'console.log(1)')]), /may not start with "-"/);
    await assert.rejects(rt.spawn({ dir: 'lab', file: '--inspect=0', env: {} }), /may not start with "-"/);
    rt.dispose();
  });

  it('passes "--" before the script, so node runs a file called --version', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dashes-'));
    writeFileSync(path.join(dir, '--version'), "console.log('ran the file')");
    const output: string[] = [];
    await new Promise<void>((resolve) => {
      new LabProcess({
        cwd: dir,
        file: '--version',
        env: {},
        limits: runnerLimits(),
        events: { output: (_s, text) => void output.push(text), exit: () => resolve() },
      });
    });
    assert.equal(output.join(''), 'ran the file\n');
  });
});

describe('runner attacks: caps', () => {
  it('caps sessions per runner, with a message the page shows', async () => {
    const spare = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN], limits: { maxSessions: 2 } });
    const a = await connectAs(spare.url);
    await grantFor(spare.url); // granted, not yet opened: it counts too
    await assert.rejects(connectAs(spare.url), /answered 503: the local runner already has 2 lab sessions open/);
    a.dispose();
    await spare.close();
  });

  it('caps processes across sessions', async () => {
    const [a, b] = [await connectAs(runner.url), await connectAs(runner.url)];
    for (const rt of [a, b]) await rt.mount('lab', [file('w.js', 'setInterval(() => {}, 1000)')]);
    const procs = [
      await a.spawn({ dir: 'lab', file: 'w.js', env: {} }),
      await a.spawn({ dir: 'lab', file: 'w.js', env: {} }),
      await b.spawn({ dir: 'lab', file: 'w.js', env: {} }),
      await b.spawn({ dir: 'lab', file: 'w.js', env: {} }),
    ];
    await assert.rejects(
      b.spawn({ dir: 'lab', file: 'w.js', env: {} }),
      /4 lab processes are running across all open labs, the most the local runner allows/,
    );
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.exit));
    a.dispose();
    b.dispose();
  });

  it('caps disk per session: for mounts, and for what programs write', async () => {
    const rt = await connectAs(runner.url);
    const nine = file('nine.js', 'x'.repeat(9000));
    const dirs = Array.from({ length: 30 }, (_, i) => `lab${i}`);
    let refused: Error | undefined;
    for (const dir of dirs) {
      refused = await rt.mount(dir, [nine, { ...nine, path: 'b.js' }, { ...nine, path: 'c.js' }]).then(
        () => undefined,
        (err: Error) => err,
      );
      if (refused) break;
    }
    assert.match(String(refused), /would pass 0 MiB, the local runner's disk limit for one session|disk limit/);
    const rt2 = await connectAs(runner.url);
    await rt2.mount('lab', [
      file(
        'fill.js',
        "const fs = require('fs'); fs.writeFileSync('big', Buffer.alloc(1e6)); setInterval(() => {}, 1000);",
      ),
    ]);
    const result = await collect(await rt2.spawn({ dir: 'lab', file: 'fill.js', env: {} }));
    assert.match(result.notices, /passed 0 MiB, the local runner's disk limit for one session/);
    rt.dispose();
    rt2.dispose();
  });
});

describe('runner attacks: nothing outlives its session or its runner', () => {
  const forker = [
    "const { spawn } = require('child_process');",
    // A descendant that leaves the process group (setsid), as `detached: true` does.
    "const away = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });",
    'console.log(process.pid + " " + away.pid);',
    'setInterval(() => {}, 1000);',
  ].join('\n');

  async function startForker(rt: LocalRuntime) {
    await rt.mount('lab', [file('forker.js', forker)]);
    const proc = await rt.spawn({ dir: 'lab', file: 'forker.js', env: {} });
    const reader = proc.output.getReader();
    const pids = String((await reader.read()).value?.text)
      .trim()
      .split(' ')
      .map(Number);
    assert.equal(pids.length, 2);
    assert.ok(pids.every(isAlive));
    return pids;
  }

  it("kills a session's whole tree when the page goes away, descendants that left the group too", async () => {
    const rt = await connectAs(runner.url);
    const pids = await startForker(rt);
    rt.dispose();
    assert.ok(await until(() => !pids.some(isAlive)), `still alive: ${pids.filter(isAlive).join(', ')}`);
  });

  async function runnerProcess(workParent: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'runner/main.ts'], {
      env: { ...process.env, LOCAL_RUNNER_PORT: '0', RUNNER_ALLOWED_ORIGINS: SITE_ORIGIN, TMPDIR: workParent },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    assert.ok(await until(() => /watchdog pid/.test(out), 30_000), out);
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
    const workDir = /work folder (\S+);/.exec(out)![1]!;
    const watchdog = Number(/watchdog pid (\d+)/.exec(out)![1]);
    return { child, url, workDir, watchdog };
  }

  it('a runner killed with SIGKILL leaves no lab process and no work folder behind', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'runner-parent-'));
    const { child, url, workDir } = await runnerProcess(parent);
    const rt = await connectAs(url);
    const pids = await startForker(rt);
    child.kill('SIGKILL');
    assert.ok(await until(() => !pids.some(isAlive)), `orphans: ${pids.filter(isAlive).join(', ')}`);
    assert.ok(await until(() => !existsSync(workDir)), 'the work folder is removed');
  });

  it("removes a dead runner's work folder and processes at the next start, and only those", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'runner-parent-'));
    const first = await runnerProcess(parent);
    const rt = await connectAs(first.url);
    const pids = await startForker(rt);
    // Runner and watchdog both die at once: nothing cleaned up.
    process.kill(first.watchdog, 'SIGKILL');
    first.child.kill('SIGKILL');
    await until(() => !isAlive(first.watchdog) && first.child.exitCode !== null);
    await sleep(200);
    assert.ok(existsSync(first.workDir) && pids.every(isAlive), 'left behind');
    // Folders that are not provably a dead runner's stay.
    const notOurs = path.join(parent, 'tcp-course-runner-noowner');
    mkdirSync(notOurs);
    const live = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN], workParent: parent });
    const next = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN], workParent: parent });
    assert.deepEqual(live.staleFoldersRemoved, [first.workDir]);
    assert.deepEqual(next.staleFoldersRemoved, []);
    assert.equal(existsSync(first.workDir), false);
    assert.ok(existsSync(notOurs) && existsSync(live.workDir));
    assert.ok(await until(() => !pids.some(isAlive)), `orphans: ${pids.filter(isAlive).join(', ')}`);
    await live.close();
    await next.close();
  });
});

describe("runner attacks: a lab's environment cannot set the runner's own variables", () => {
  // The watchdog finds a session's processes that left their group by TCP_COURSE_LAB; the trace
  // module reads LAB_TRACE_*. A lab (its lab.json, or a page's spawn request) that sets them
  // must not change them: here it tries to give its program a marker no session owns.
  const breeder = [
    "const { spawn } = require('child_process');",
    "const { readFileSync } = require('fs');",
    'const kids = Array.from({ length: 5 }, () =>',
    "  spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }).pid,",
    ');',
    'console.log(JSON.stringify({',
    '  pids: [process.pid, ...kids],',
    '  marker: process.env.TCP_COURSE_LAB,',
    "  trace: Object.keys(process.env).filter((k) => k.startsWith('LAB_TRACE')),",
    "  ahead: readFileSync('/proc/self/cmdline', 'utf8').includes('starter.cjs'),",
    '}));',
    'setInterval(() => {}, 1000);',
  ].join('\n');
  const hostileEnv = {
    TCP_COURSE_LAB: 'not-this-runner/',
    LAB_TRACE_FD: '1',
    LAB_TRACE_NAME: 'forged',
    LAB_TRACE_MARKER: 'forged-marker',
  };

  for (const start of ['ahead of Run', 'directly'] as const) {
    it(`a program started ${start} keeps the runner's marker, and its detached children end with the session`, async () => {
      if (process.platform !== 'linux') return; // the watchdog finds strays through /proc
      const rt = await connectAs(runner.url);
      await rt.mount('lab', [file('breeder.js', breeder)]);
      await sleep(800); // the session's next Node is waiting by now
      // NODE_OPTIONS is read while Node starts: a lab that sets it is always started directly.
      const env = start === 'directly' ? { ...hostileEnv, NODE_OPTIONS: '' } : hostileEnv;
      const proc = await rt.spawn({ dir: 'lab', file: 'breeder.js', env });
      const reader = proc.output.getReader();
      let text = '';
      while (!text.includes('\n')) text += (await reader.read()).value?.text ?? '';
      const seen = JSON.parse(text) as { pids: number[]; marker: string; trace: string[]; ahead: boolean };
      assert.equal(seen.ahead, start === 'ahead of Run', 'started the way this test means');
      assert.equal(seen.pids.length, 6);
      assert.ok(seen.pids.every(isAlive));
      rt.dispose();
      const ended = await until(() => !seen.pids.some(isAlive));
      const survivors = seen.pids.filter(isAlive);
      for (const pid of survivors) process.kill(pid, 'SIGKILL'); // a failed run leaves nothing behind
      assert.ok(ended, `still alive after the session ended: ${survivors.length} of 6`);
      assert.match(seen.marker, /^[^/]+\/[^/]+\/\d+\/$/, "the runner's marker: runner/session/process/");
      assert.deepEqual(seen.trace, [], 'no trace variable reaches an untraced program');
    });
  }
});

describe('runner attacks: a page that does not wait', () => {
  it('answers requests sent the moment the connection opens, before the hello', async () => {
    for (let i = 0; i < 5; i++) {
      const session = await openJsonSession(runner.url); // sends as soon as it is open
      const answer = await Promise.race([session.request({ op: 'clear', dir: 'lab' }), sleep(3000).then(() => null)]);
      assert.deepEqual(answer, { type: 'response', id: 1, ok: true });
      session.ws.close();
    }
  });
});

describe('runner attacks: a forged Origin on a shared machine', () => {
  it('with an access key, gives sessions only to pages that bring it', async () => {
    const spare = await startRunner({ port: 0, allowedOrigins: [SITE_ORIGIN], accessKey: 'k'.repeat(32) });
    const forged = await fetch(`${spare.url}/sessions`, { method: 'POST', headers: { Origin: SITE_ORIGIN } });
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { error: string }).error, /needs its access key/);
    const open = (accessKey: string) =>
      LocalRuntime.connect({
        baseUrl: spare.url,
        accessKey,
        fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Origin: SITE_ORIGIN } }),
        createWebSocket: (url) => new WebSocket(url, { origin: SITE_ORIGIN }) as unknown as WebSocketLike,
      });
    await assert.rejects(open('k'.repeat(31) + 'x'), /answered 401: the local runner needs its access key/);
    const rt = await open('k'.repeat(32));
    await rt.mount('lab', [file('a.js', '')]);
    rt.dispose();
    await spare.close();
  });
});

// The independent attack suite's findings (round 3), each as it was made.
describe('runner attacks: what the third attack suite found', () => {
  it('a request target that is not a URL ("//[") is answered 400, and the runner lives on', async () => {
    const { hostname: host, port } = new URL(runner.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host, port: Number(port) }, () =>
        socket.write(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.equal((await fetch(`${runner.url}/health`)).status, 200);
  });

  it('a request the runner refuses is answered as that request, so the page’s call ends with the reason', async () => {
    const rt = await connectAs(runner.url);
    await rt.mount('lab', [file('a.js', '')]);
    await assert.rejects(
      Promise.race([rt.spawn({ dir: 'lab', file: 'a.js', env: { port: '1' } }), sleep(3000).then(() => 'hung')]),
      /does not accept that message/,
    );
    await assert.rejects(rt.mount('x'.repeat(101), [file('a.js', '')]), /does not accept that message/);
    await rt.dispose();
  });

  it('a client sending messages the runner does not accept is cut off, and it is told why', async () => {
    const session = await openJsonSession(runner.url);
    for (let i = 0; i < 40; i++) session.ws.send('x');
    const closed = await Promise.race([session.closed, sleep(3000).then(() => null)]);
    assert.equal(closed?.code, 1008);
    assert.match(closed?.reason ?? '', /messages the runner does not accept/);
  });

  it('"clear" of the session folder itself ("." or "a/..") is refused, and the session keeps working', async () => {
    const session = await openJsonSession(runner.url);
    const dot = await session.request({ op: 'clear', dir: '.' });
    assert.equal(dot.ok, false);
    assert.match(dot.ok ? '' : dot.error, /the session's folder itself/);
    assert.deepEqual(await session.request({ op: 'write', dir: 'lab', path: 'a.js', base64: b64('') }), {
      type: 'response',
      id: 2,
      ok: true,
    });
    session.ws.close();
  });

  it('the file cap counts folders however they are spelled ("a", "./a", "a/.")', async () => {
    const session = await openJsonSession(runner.url);
    const answers = [];
    for (const [i, dir] of ['a', './a', 'a/.', 'a', './a', 'a/.'].entries()) {
      answers.push(await session.request({ op: 'write', dir, path: `f${i}.js`, base64: b64('') }));
    }
    assert.deepEqual(
      answers.map((a) => a.ok),
      [true, true, true, true, true, false],
    );
    session.ws.close();
  });

  it('a failure of the file system reaches the page without the runner’s work folder path', async () => {
    const session = await openJsonSession(runner.url);
    await session.request({ op: 'write', dir: 'lab', path: 'd/x.js', base64: b64('') });
    const answer = await session.request({ op: 'write', dir: 'lab', path: 'd', base64: b64('') }); // a folder
    assert.equal(answer.ok, false);
    const error = answer.ok ? '' : answer.error;
    assert.match(error, /EISDIR/);
    assert.ok(!error.includes(runner.workDir) && !error.includes(tmpdir()), error);
    session.ws.close();
  });

  it('a folder a lab program made read-only is removed with its session, and the runner lives on', async () => {
    // As root every folder can be removed: the program and the runner then run as "nobody".
    const asNobody = process.getuid?.() === 0;
    const parent = mkdtempSync(path.join(tmpdir(), 'runner-readonly-'));
    if (asNobody) spawnSync('chown', ['65534:65534', parent]);
    const script = [
      "import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';",
      "import { removeTree } from '" + path.resolve(__dirname, '../../runner/remove-tree.ts') + "';",
      'const dir = process.argv[2] + "/session";',
      "mkdirSync(dir + '/locked/inner', { recursive: true });",
      "writeFileSync(dir + '/locked/inner/f', 'x');",
      "chmodSync(dir + '/locked/inner', 0o555);",
      "chmodSync(dir + '/locked', 0o000);",
      'const gone = await removeTree(dir);',
      'console.log(JSON.stringify({ gone }));',
    ].join('\n');
    const scriptFile = path.join(parent, 'remove.mts');
    writeFileSync(scriptFile, script);
    const run = spawnSync(process.execPath, ['--import', 'tsx', scriptFile, parent], {
      encoding: 'utf8',
      cwd: path.resolve(__dirname, '../..'),
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').at(-1)!), { gone: true });
    assert.equal(existsSync(path.join(parent, 'session')), false);
    rmSync(parent, { recursive: true, force: true });
  });
});
