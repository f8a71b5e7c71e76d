import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  flagsLabel,
  type KernelEvent,
  type Segment,
  type TcpStateChange,
} from '../../src/runtimes/linux/kernel-events';
import { segmentsToPcap } from '../../src/runtimes/linux/pcap';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import { compile, findCompiler, runBinary } from '../support/c-programs';
import { hasTcpdump, readWithTcpdump } from '../support/tcpdump';
import { freePort } from '../support/lab-harness';
import {
  labProcessesLeft,
  programLines,
  referenceFiles,
  spawnWatched,
  startLinuxRuntime,
} from '../support/linux-guest';

/**
 * The course's C echo server and client on a real Linux kernel in v86 (the committed saved state,
 * under Node): compiled in the guest with tcc, played like the lesson's runs, and compared with
 * the same programs compiled by the host's compiler and run natively.
 */
const cc = findCompiler();
const skipNative = process.platform !== 'linux' || !cc ? 'no native Linux C compiler to compare with' : false;

type Mode = 'default' | 'ignore' | 'handler';
const dir = 'echo';

let runtime: LinuxRuntime;
let events: KernelEvent[] = [];
const native: Record<string, string> = {};

before(async () => {
  runtime = await startLinuxRuntime({ maxOutputBytes: 64 * 1024 }); // a small output limit: the flood test is quick
  runtime.onKernelEvent((e) => events.push(e));
  await runtime.mount(dir, await referenceFiles('delayed-echo-server.c', 'echo-client.c'));
  if (!skipNative) {
    const out = mkdtempSync(path.join(tmpdir(), 'course-c-'));
    for (const name of ['delayed-echo-server', 'echo-client']) native[name] = compile(cc!, name, out);
  }
});
after(() => runtime?.dispose());

/** The experiment in the guest: the server, then the client, then `lines` typed into the client's terminal. */
/**
 * The server's reply delay. A close run shows the RST only if the client has closed before the
 * first reply comes: the client's three lines are typed at once, but in v86 on a busy machine the
 * client can get no time to act on "close" for a while of the guest's (real-time) clock. 150 ms was
 * once not enough in CI (the reply reached an open socket, and no write failed); 1 s is.
 */
const replyDelayMs = '1000';

async function guestExperiment(mode: Mode, lines: string[]) {
  // The first run compiles both programs in the guest; later runs reuse the binaries (unchanged sources).
  const source = (name: string) => `${name}.c`;
  const port = String(await runtime.reservePort());
  events = [];
  const server = await spawnWatched(runtime, {
    dir,
    file: source('delayed-echo-server'),
    args: [port, replyDelayMs, mode],
  });
  await server.waitFor(/server: listening/);
  const client = await spawnWatched(runtime, { dir, file: source('echo-client'), args: [port] });
  await client.waitFor(/client: connected/);
  client.process.writeInput(lines.map((l) => `${l}\n`).join(''));
  const serverExit = await server.exit;
  const clientExit = await Promise.race([client.exit, new Promise<null>((r) => setTimeout(() => r(null), 1500))]);
  if (!clientExit) client.process.kill();
  // The kernel view is sampled: give the last /proc/net/tcp sample time to arrive.
  await new Promise((r) => setTimeout(r, 300));
  return { port: Number(port), server, serverExit, client, clientExit, events: [...events] };
}

/** The same experiment natively (as tests/scenarios/c-programs.test.ts runs it). */
async function nativeExperiment(mode: Mode, lines: string[]) {
  const port = String(await freePort());
  const server = runBinary(native['delayed-echo-server']!, [port, replyDelayMs, mode]);
  await new Promise((r) => setTimeout(r, 150));
  const client = spawn(native['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
  let clientOut = '';
  client.stdout.setEncoding('utf8').on('data', (t: string) => (clientOut += t));
  const clientDone = new Promise<number | null>((resolve) => client.on('close', resolve));
  await new Promise((r) => setTimeout(r, 100));
  client.stdin.write(lines.map((l) => `${l}\n`).join(''));
  const serverRun = await server;
  client.stdin.end();
  await Promise.race([clientDone, new Promise((r) => setTimeout(r, 1000))]);
  client.kill('SIGKILL');
  return { server: serverRun, clientOut };
}

const segments = (list: KernelEvent[]) => list.filter((e): e is Segment => e.kind === 'segment');
const states = (list: KernelEvent[]) => list.filter((e): e is TcpStateChange => e.kind === 'tcp-state');

describe('the C echo experiment on Linux in v86', () => {
  it('close run, SIGPIPE at its default: the server is killed by SIGPIPE, the kernel sent an RST; as natively', async () => {
    const guest = await guestExperiment('default', ['data1', 'data2', 'close']);
    assert.deepEqual(guest.serverExit, { code: null, signal: 'SIGPIPE' });
    assert.match(guest.server.programText(), /received "data1"[\s\S]*sent "Hi, data1"[\s\S]*received "data2"/);
    assert.match(guest.client.programText(), /close\(\): both directions closed\n[\s\S]*select\(\) failed: EBADF/);

    const seen = segments(guest.events);
    const clientPort = seen.find((s) => s.flags.syn && !s.flags.ack)?.from.port;
    assert.ok(clientPort, 'the sniffer saw the SYN');
    const fromClient = seen.filter((s) => s.from.port === clientPort && s.to.port === guest.port);
    assert.ok(
      fromClient.some((s) => s.flags.fin),
      'the client sent a FIN',
    );
    assert.ok(
      fromClient.some((s) => s.flags.rst),
      'the client sent an RST for "Hi, data1" it could not receive',
    );
    assert.ok(
      seen.some((s) => s.from.port === guest.port && s.length === 'Hi, data1\n'.length),
      'data with its length',
    );
    // The first run the page watches: every segment is stamped when the kernel received it (not
    // when the agent read it, which is later), on the clock of the state changes. So the SYN comes
    // before the SYN-ACK, and the client's ESTABLISHED not before the SYN-ACK that made it. (How
    // far after depends on how busy the host is: the guest's clock is the host's.)
    const syn = seen.find((s) => s.flags.syn && !s.flags.ack)!;
    const synAck = seen.find((s) => s.flags.syn && s.flags.ack)!;
    const established = states(guest.events).find((c) => c.from === 'SYN_SENT' && c.to === 'ESTABLISHED')!;
    assert.ok(syn.timeUs <= synAck.timeUs, `SYN stamped ${synAck.timeUs - syn.timeUs} µs after its SYN-ACK`);
    assert.ok(
      synAck.timeUs <= established.timeUs,
      `SYN-ACK stamped ${synAck.timeUs - established.timeUs} µs after the ESTABLISHED it caused`,
    );

    // The run as a capture file (the kernel view's "Download the capture"), read by tcpdump: the
    // same packets, with the ports, flags, sequence numbers and lengths the agent reported.
    if (hasTcpdump()) {
      const pcap = segmentsToPcap(seen);
      assert.equal(pcap.missing, 0, 'every segment came with its packet');
      assert.deepEqual(
        readWithTcpdump(pcap.bytes),
        seen.map((s) => ({
          from: s.from.port,
          to: s.to.port,
          flags: [...flagsLabel(s.flags)].sort().join(''),
          // tcpdump prints no seq for a bare ACK, nor an ack without the ACK flag.
          seq: s.length === 0 && !s.flags.syn && !s.flags.fin && !s.flags.rst ? null : s.seq,
          ack: s.flags.ack ? s.ack : null,
          length: s.length,
        })),
      );
    } else console.log("# the run's .pcap not read: no tcpdump on this machine (Debian: sudo apt-get install tcpdump)");

    if (!skipNative) {
      const host = await nativeExperiment('default', ['data1', 'data2', 'close']);
      assert.equal(host.server.signal, 'SIGPIPE');
      assert.deepEqual(programLines(guest.server.programText()), programLines(host.server.stdout));
      assert.deepEqual(programLines(guest.client.programText()), programLines(host.clientOut));
    }
  });

  it('close run, SIGPIPE ignored: write #2 fails with EPIPE and the server exits 1; as natively', async () => {
    const guest = await guestExperiment('ignore', ['data1', 'data2', 'close']);
    assert.deepEqual(guest.serverExit, { code: 1, signal: null });
    assert.match(guest.server.programText(), /write\(\) of "Hi, data2" failed: EPIPE/);
    if (!skipNative) {
      const host = await nativeExperiment('ignore', ['data1', 'data2', 'close']);
      assert.deepEqual(programLines(guest.server.programText()), programLines(host.server.stdout));
    }
  });

  it('shutdown run: both replies, read() returns 0, FIN both ways, the client socket in TIME_WAIT; as natively', async () => {
    const guest = await guestExperiment('default', ['data1', 'data2', 'shutdown']);
    assert.deepEqual(guest.serverExit, { code: 0, signal: null });
    assert.deepEqual(guest.clientExit, { code: 0, signal: null });
    assert.match(guest.client.programText(), /reply: Hi, data1\n[\s\S]*reply: Hi, data2\n[\s\S]*read\(\) returned 0/);

    const seen = segments(guest.events);
    assert.ok(
      seen.some((s) => s.flags.fin && s.to.port === guest.port),
      'FIN from the client',
    );
    assert.ok(
      seen.some((s) => s.flags.fin && s.from.port === guest.port),
      'FIN from the server',
    );
    assert.ok(!seen.some((s) => s.flags.rst), 'no RST');
    const changes = states(guest.events);
    const clientSide = changes.filter((c) => c.remote.port === guest.port);
    assert.ok(
      clientSide.some((c) => c.to === 'FIN_WAIT2' || c.to === 'FIN_WAIT1'),
      JSON.stringify(clientSide),
    );
    assert.ok(
      clientSide.some((c) => c.to === 'TIME_WAIT'),
      JSON.stringify(clientSide),
    );
    assert.ok(
      runtime.tcpSockets().some((s) => s.remote.port === guest.port && s.state === 'TIME_WAIT'),
      'TIME_WAIT is still listed after the run',
    );
    // The server closes after the client's FIN: its socket goes CLOSE_WAIT → LAST_ACK → gone, all
    // within that close() on loopback (microseconds): only the kernel's tracepoint shows LAST_ACK.
    const serverSide = changes.filter((c) => c.local.port === guest.port && c.remote.port !== 0);
    assert.deepEqual(
      serverSide.map((c) => [c.from, c.to]),
      [
        ['SYN_RECV', 'ESTABLISHED'],
        ['ESTABLISHED', 'CLOSE_WAIT'],
        ['CLOSE_WAIT', 'LAST_ACK'],
        ['LAST_ACK', null],
      ],
    );
    assert.ok(serverSide.every((c) => c.seenIn === 'tracepoint'));
    assert.deepEqual(
      clientSide.map((c) => [c.from, c.to]),
      [
        ['SYN_SENT', 'ESTABLISHED'],
        ['ESTABLISHED', 'FIN_WAIT1'],
        ['FIN_WAIT1', 'FIN_WAIT2'],
        ['FIN_WAIT2', 'TIME_WAIT'],
      ],
    );
    if (!skipNative) {
      const host = await nativeExperiment('default', ['data1', 'data2', 'shutdown']);
      assert.deepEqual(programLines(guest.server.programText()), programLines(host.server.stdout));
      assert.deepEqual(programLines(guest.client.programText()), programLines(host.clientOut));
    }
  });
});

describe('the Linux runtime', () => {
  it('shows compiler errors in the process terminal with file:line, and does not run the program', async () => {
    await runtime.mount('broken', [{ path: 'oops.c', content: 'int main(void) {\n  return missing;\n}\n' }]);
    const proc = await spawnWatched(runtime, { dir: 'broken', file: 'oops.c' });
    const exit = await proc.exit;
    assert.notEqual(exit.code, 0);
    assert.match(proc.text(), /oops\.c:2: error: 'missing' undeclared/);
    assert.match(proc.text(), /tcc failed: the program was not run/);
  });

  it('reuses a binary only when the source, every header it includes and the flags are the same', async () => {
    const run = async (files: { path: string; content: string }[]) => {
      await runtime.mount('cache', files);
      const proc = await spawnWatched(runtime, { dir: 'cache', file: 'answer.c' });
      return { exit: await proc.exit, text: proc.text() };
    };
    const main = { path: 'answer.c', content: '#include "answer.h"\nint main(void) { return ANSWER; }\n' };
    const header = (n: number) => ({ path: 'answer.h', content: `#define ANSWER ${n}\n` });
    const compiled = /^\[\$ tcc -Wall -o answer answer\.c\]\n/m;
    const reused =
      /tcc -Wall -o answer answer\.c: already compiled from this exact source \(as the editor has it now\)/;

    // Compiled while the learner reads, with no terminal: the Run reuses it.
    await runtime.precompile('cache', [main, header(3)]);
    const first = await run([main, header(3)]);
    assert.equal(first.exit.code, 3);
    assert.match(first.text, reused);
    assert.doesNotMatch(first.text, compiled);
    // The header changed, the source did not: compiled again.
    const edited = await run([main, header(4)]);
    assert.equal(edited.exit.code, 4);
    assert.match(edited.text, compiled);
    // Back as it was: both builds are remembered.
    const back = await run([main, header(3)]);
    assert.equal(back.exit.code, 3);
    assert.match(back.text, reused);
    // A compile that fails is not remembered: its errors show at each Run.
    const broken = { path: 'answer.c', content: 'int main(void) { return nope; }\n' };
    await runtime.precompile('cache', [broken, header(3)]);
    const failed = await run([broken, header(3)]);
    assert.notEqual(failed.exit.code, 0);
    assert.match(failed.text, /answer\.c:1: error: 'nope' undeclared/);
  });

  it('a header put beside the source, shadowing a system header, is a new input: compiled again', async () => {
    const main = { path: 'shadow.c', content: '#include "demo.h"\nint main(void) { return 5; }\n' };
    await runtime.precompile('shadow', [main]); // demo.h from /usr/include
    const run = async (files: { path: string; content: string }[]) => {
      await runtime.mount('shadow', files);
      const proc = await spawnWatched(runtime, { dir: 'shadow', file: 'shadow.c' });
      return { exit: await proc.exit, text: proc.text() };
    };
    const reused = await run([main]);
    assert.match(
      reused.text,
      /already compiled from this exact source \(as the editor has it now\), headers and flags; running that binary/,
    );
    const shadowed = await run([main, { path: 'demo.h', content: '#error "the lab\'s own demo.h"\n' }]);
    assert.match(shadowed.text, /demo\.h:1: error: #error "the lab's own demo\.h"/);
  });

  it('a course program shipped unedited runs at once: the saved state holds its build', async () => {
    await runtime.mount('unedited', await referenceFiles('fin-wait.c'));
    const proc = await spawnWatched(runtime, { dir: 'unedited', file: 'fin-wait.c' });
    await proc.waitFor(/\[\$ \.\/fin-wait\]/);
    proc.process.kill();
    await proc.exit;
    assert.match(proc.text(), /^\[tcc -Wall -o fin-wait fin-wait\.c: already compiled from this exact source/);
  });

  it("a C lab as shipped: the first Start after a restore runs the saved state's binary, and once a program has run, the binary comes from the source again", async (t) => {
    // A machine of its own, just restored: the other tests' folders stay as they expect them.
    const fresh = await startLinuxRuntime({ maxOutputBytes: 64 * 1024 });
    t.after(() => fresh.dispose());
    const lab = 'c-close-vs-shutdown';
    await fresh.mount(lab, await referenceFiles('delayed-echo-server.c', 'echo-client.c', 'demo.h'));
    const first = await spawnWatched(fresh, {
      dir: lab,
      file: 'delayed-echo-server.c',
      args: ['7990', '0', 'default'],
    });
    await first.waitFor(/server: listening/);
    first.process.kill();
    await first.exit;
    assert.match(first.text(), /^\[tcc -Wall -o delayed-echo-server delayed-echo-server\.c: already compiled/);
    // A program run since could have changed the binary (here it does): it is not trusted again.
    const tamper = await spawnWatched(fresh, {
      dir: lab,
      file: '/bin/sh',
      args: ['-c', 'printf "#!/bin/sh\\necho tampered\\n" > delayed-echo-server && echo done'],
    });
    await tamper.exit;
    assert.equal(tamper.programText(), 'done\n');
    const again = await spawnWatched(fresh, {
      dir: lab,
      file: 'delayed-echo-server.c',
      args: ['7991', '0', 'default'],
    });
    await again.waitFor(/server: listening/);
    again.process.kill();
    await again.exit;
    assert.doesNotMatch(again.programText(), /tampered/);
  });

  it("the guest's code runs in v86's interpreter: a compile and its program make no WebAssembly module of their own", async (t) => {
    // v86's JIT would turn hot guest code into new WebAssembly modules, which V8 then compiles
    // again on background threads, taking the page's cores (see v86-machine.ts, `jit`).
    const made: number[] = [];
    const instantiate = WebAssembly.instantiate;
    const count = ((...args: Parameters<typeof instantiate>) => {
      made.push(args[0] instanceof WebAssembly.Module ? 0 : (args[0] as ArrayBufferView).byteLength);
      return instantiate(...args);
    }) as typeof instantiate;
    WebAssembly.instantiate = count;
    t.after(() => void (WebAssembly.instantiate = instantiate));
    const source = `#include <stdio.h>\n/* ${Date.now()} */\nint main(void) {\n  long sum = 0;\n  for (long i = 0; i < 3000000; i++) sum += i % 7;\n  printf("sum %ld\\n", sum);\n  return 0;\n}\n`;
    await runtime.mount('interpreted', [{ path: 'loop.c', content: source }]);
    const proc = await spawnWatched(runtime, { dir: 'interpreted', file: 'loop.c' });
    assert.deepEqual(await proc.exit, { code: 0, signal: null }, proc.text());
    assert.match(proc.text(), /\$ tcc /, 'compiled in the guest, not taken from the cache');
    assert.equal(proc.programText(), 'sum 8999994\n');
    assert.deepEqual(made, [], 'no module was made from guest code');
  });

  it('keys typed while the program is still being compiled reach it (typed into its own terminal once it has one)', async () => {
    // A comment no build had: a real compile, not a binary from the cache.
    const source = `#include <stdio.h>\n/* ${Date.now()} */\nint main(void) {\n  char line[64];\n  if (fgets(line, sizeof line, stdin)) printf("got: %s", line);\n  return 0;\n}\n`;
    await runtime.mount('early-keys', [{ path: 'read-line.c', content: source }]);
    const file = 'read-line.c';
    const proc = await spawnWatched(runtime, { dir: 'early-keys', file });
    proc.process.writeInput('hello\r'); // at once: tcc has not even started
    await proc.waitFor(/got: hello/, 20_000);
    assert.deepEqual(await proc.exit, { code: 0, signal: null });
  });

  it('Ctrl-C in the terminal interrupts the program (SIGINT through its controlling tty); stdin and end of input work', async () => {
    const sleeper = await spawnWatched(runtime, { dir: 'broken', file: '/bin/sleep', args: ['30'] });
    await new Promise((r) => setTimeout(r, 200));
    sleeper.process.writeInput('\x03');
    assert.deepEqual(await sleeper.exit, { code: null, signal: 'SIGINT' });

    const cat = await spawnWatched(runtime, { dir: 'broken', file: '/bin/cat' });
    await new Promise((r) => setTimeout(r, 200));
    cat.process.writeInput('hello\r');
    await cat.waitFor(/hello\nhello\n/); // the tty's echo, then cat's copy
    cat.process.closeInput();
    assert.deepEqual(await cat.exit, { code: 0, signal: null });
  });

  it('Stop ends a program that loops forever and every process it started', async () => {
    const loop = await spawnWatched(runtime, {
      dir: '',
      file: '/bin/sh',
      args: ['-c', 'sleep 300 & sleep 300 & echo started; while :; do :; done'],
    });
    await loop.waitFor(/started/);
    loop.process.kill();
    assert.deepEqual(await loop.exit, { code: null, signal: 'SIGKILL' });
    const ps = await spawnWatched(runtime, { dir: '', file: '/bin/ps' });
    await ps.exit;
    assert.doesNotMatch(ps.programText(), /sleep 300/);
  });

  it('stops a program that floods its terminal, with a message', async () => {
    const flood = await spawnWatched(runtime, { dir: '', file: '/bin/sh', args: ['-c', 'yes flood'] });
    const exit = await flood.exit;
    assert.deepEqual(exit, { code: null, signal: 'SIGKILL' });
    assert.match(flood.text(), /\[stopped: it printed more than 64 KiB\]/);
  });

  it('reset restores the saved state: files written before are gone (its time is a bench figure: npm run bench:linux)', async () => {
    await runtime.mount('scratch', [{ path: 'left-over.txt', content: 'x' }]);
    await runtime.reset();
    const ls = await spawnWatched(runtime, { dir: '', file: '/bin/ls', args: ['/lab'] });
    await ls.exit;
    assert.doesNotMatch(ls.programText(), /scratch|echo|broken/);
  });
});

describe('bad input in the guest: each program gets a clear message, Stop works, reset brings back a clean guest', () => {
  const limits = {
    processes: 24,
    fileBytes: 1024 * 1024,
    cpuSeconds: 5,
    memoryBytes: 64 * 1024 * 1024,
    terminalMemoryBytes: 32 * 1024 * 1024,
  };
  let guest: LinuxRuntime;
  before(async () => {
    guest = await startLinuxRuntime({ maxOutputBytes: 64 * 1024, guest: limits });
  });
  after(() => guest?.dispose());
  const sh = (script: string) => spawnWatched(guest, { dir: '', file: '/bin/sh', args: ['-c', script] });
  /** What is left of the lab users' processes once those just killed had the time to end. */
  const labProcesses = () => labProcessesLeft(guest);

  it("a program that forks without end: told its processes reached the limit, other terminals' programs still start, and Stop ends them all", async () => {
    const source = '#include <unistd.h>\nint main(void) {\n  for (;;) fork();\n}\n';
    await guest.mount('bomb', [{ path: 'bomb.c', content: source }]);
    const bomb = await spawnWatched(guest, { dir: 'bomb', file: 'bomb.c' });
    await bomb.waitFor(
      /this program and the processes it started are \d+; at 24 \(RLIMIT_NPROC, for each terminal's programs\) fork\(\) fails with EAGAIN/,
      60_000,
    );
    // Each terminal's programs run as a user of their own: the loop uses up only its own limit.
    const other = await spawnWatched(guest, { dir: '', file: '/bin/echo', args: ['hello'] });
    assert.deepEqual(await other.exit, { code: 0, signal: null });
    assert.equal(other.programText(), 'hello\n');
    bomb.process.kill();
    assert.deepEqual(await bomb.exit, { code: null, signal: 'SIGKILL' });
    assert.deepEqual(await labProcesses(), []);
  });

  it('a program that loops forever: the kernel stops it after its processor time, with a message', async () => {
    const loop = await sh('while :; do :; done');
    assert.deepEqual(await loop.exit, { code: null, signal: 'SIGXCPU' });
    assert.match(loop.text(), /it used 5 s of processor time, the most a lab program may \(RLIMIT_CPU\)/);
  });

  it('a file larger than the limit: the writer is stopped by SIGXFSZ, with a message', async () => {
    const dd = await spawnWatched(guest, {
      dir: '',
      file: '/bin/dd',
      args: ['if=/dev/zero', 'of=/lab/big', 'bs=64k', 'count=100'],
    });
    assert.deepEqual(await dd.exit, { code: null, signal: 'SIGXFSZ' });
    assert.match(dd.text(), /it wrote past 1 MiB in one file, the most a lab program may \(RLIMIT_FSIZE\)/);
  });

  it("a program that fills the disk: told the disk is full (not the guest's memory), and reset empties it", async () => {
    const fill = await sh(
      'i=0; while dd if=/dev/zero of=/lab/fill$i bs=64k count=16 2>/dev/null; do i=$((i+1)); done; echo "stopped after $i files"; sleep 1',
    );
    await fill.waitFor(/the guest's \/lab \(16 MiB\) is full: writes there fail with ENOSPC/, 60_000);
    assert.deepEqual(await fill.exit, { code: 0, signal: null });
    assert.match(fill.programText(), /stopped after \d+ files/); // 16 MiB in files of 1 MiB, less what earlier tests left
    const df = await sh('df -k /lab | tail -1');
    await df.exit;
    assert.match(df.programText(), /\b100%/);

    await guest.reset();
    // Back to the saved state: the C labs' folders it holds, and nothing the program wrote.
    const ls = await sh('ls -1 /lab; df -k /lab | tail -1');
    await ls.exit;
    assert.doesNotMatch(ls.programText(), /fill/);
    assert.match(ls.programText(), /^c-close-vs-shutdown$/m);
    assert.doesNotMatch(ls.programText(), /\b100%/);
  });
});
