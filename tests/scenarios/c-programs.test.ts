import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { compile, findCompiler, nativeFactsDir, runBinary } from '../support/c-programs';
import { freePort } from '../support/lab-harness';

/**
 * The C reference programs the lessons show, compiled with the system compiler and run on
 * real sockets. Each assertion is a claim a lesson makes.
 */
const cc = findCompiler();
const skip =
  process.platform !== 'linux' ? 'the C demos describe Linux' : cc ? false : 'no C compiler (cc) on this machine';
if (skip) console.log(`# C reference programs: skipped: ${skip}`);

const bins: Record<string, string> = {};
const facts: Record<string, string> = {};
before(() => {
  if (skip) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'course-c-'));
  for (const name of [
    'echo-client',
    'delayed-echo-server',
    'fork-refcount',
    'close-unread-rst',
    'linger-zero',
    'shut-rd',
    'reuseaddr-restart',
    'blocked-read',
    'close-loses-reply',
    'wake-blocked-reader',
    'sigpipe-any-epipe',
    'linger-timeout',
    'fin-wait',
    'half-close-server',
    'sigpipe-dispositions',
    'last-ack',
  ]) {
    bins[name] = compile(cc!, name, dir);
  }
  for (const name of [
    'fin-wait-1-queued',
    'closing',
    'linger-exit',
    'stale-descriptor',
    'reuseport-restart',
    'keepalive-closed-peer',
    'close-interrupted',
    'reuseport-handover',
  ]) {
    facts[name] = compile(cc!, name, dir, nativeFactsDir);
  }
});

/** The output of a tests/native-c program. */
const fact = async (name: string, args: string[] = []) => (await runBinary(facts[name]!, args)).stdout;
/** A regular expression that matches text literally. */
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** The experiment in C: server and client, the client fed `lines`. */
async function experiment(mode: 'default' | 'ignore' | 'handler', lines: string[]) {
  const port = String(await freePort());
  // Each step waits for what the program says, not for a time: on a busy machine a program
  // can take long to start.
  let serverListens!: () => void;
  const listening = new Promise<void>((resolve) => (serverListens = resolve));
  const server = runBinary(bins['delayed-echo-server']!, [port, '150', mode], 10_000, (out) => {
    if (out.includes('server: listening')) serverListens();
  });
  await Promise.race([listening, server]);
  const client = spawn(bins['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
  let clientOut = '';
  let clientConnects!: () => void;
  const connected = new Promise<void>((resolve) => (clientConnects = resolve));
  client.stdout.setEncoding('utf8').on('data', (t: string) => {
    clientOut += t;
    if (clientOut.includes('client: connected')) clientConnects();
  });
  const clientDone = new Promise<number | null>((resolve) => client.on('close', resolve));
  await Promise.race([connected, clientDone]);
  client.stdin.write(lines.map((l) => `${l}\n`).join(''));
  const serverRun = await server;
  client.stdin.end();
  const clientCode = await Promise.race([
    clientDone,
    new Promise<'running'>((r) => setTimeout(() => r('running'), 1000)),
  ]);
  if (clientCode === 'running') client.kill('SIGKILL');
  return { server: serverRun, clientOut, clientCode };
}

describe('C reference programs on real sockets', { skip }, () => {
  it('close run, SIGPIPE at its default: the server is killed by SIGPIPE on write #2', async () => {
    const { server, clientOut } = await experiment('default', ['data1', 'data2', 'close']);
    assert.equal(server.signal, 'SIGPIPE');
    assert.match(server.stdout, /received "data1"[\s\S]*sent "Hi, data1"[\s\S]*received "data2"/);
    assert.doesNotMatch(server.stdout, /sent "Hi, data2"/);
    assert.doesNotMatch(clientOut, /reply:/);
  });

  it('close run, SIGPIPE ignored: write #2 returns EPIPE (not ECONNRESET)', async () => {
    const { server } = await experiment('ignore', ['data1', 'data2', 'close']);
    assert.equal(server.code, 1);
    assert.match(server.stdout, /sent "Hi, data1"/);
    assert.match(server.stdout, /write\(\) of "Hi, data2" failed: EPIPE/);
  });

  it('close run, a SIGPIPE handler: the handler runs, then write #2 returns EPIPE', async () => {
    const { server } = await experiment('handler', ['data1', 'data2', 'close']);
    assert.match(server.stdout, /SIGPIPE handler ran\n[\s\S]*write\(\) of "Hi, data2" failed: EPIPE/);
  });

  it('the end of input (lines piped in, then EOF) shuts down the sending side; both replies still arrive', async () => {
    const port = String(await freePort());
    const server = runBinary(bins['delayed-echo-server']!, [port, '150', 'default']);
    await new Promise((r) => setTimeout(r, 150));
    const client = spawn(bins['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    client.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    const done = new Promise<number | null>((resolve) => client.on('close', resolve));
    client.stdin.end('data1\ndata2\n');
    assert.equal(await done, 0);
    assert.match(out, /end of input: shutdown\(SHUT_WR\), still reading\n[\s\S]*reply: Hi, data1\n[\s\S]*Hi, data2/);
    assert.equal((await server).code, 0);
  });

  it("a typed line longer than the client's buffers is sent whole or in pieces, never overflowing them", async () => {
    const port = String(await freePort());
    const server = runBinary(bins['delayed-echo-server']!, [port, '0', 'default']);
    await new Promise((r) => setTimeout(r, 150));
    const client = spawn(bins['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    client.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    const done = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      client.on('close', (code, signal) => resolve({ code, signal })),
    );
    // 3000 bytes with a newline (more than a 1 KiB line buffer), then 5000 without one (more
    // than the 4 KiB input buffer), then the end of input.
    client.stdin.end(`${'x'.repeat(3000)}\n${'y'.repeat(5000)}`);
    const { code, signal } = await done;
    server.catch(() => {});
    assert.equal(signal, null, `the client died of ${signal}: ${out.slice(-200)}`);
    assert.equal(code, 0);
    assert.ok(out.includes(`sent "${'x'.repeat(3000)}"`), 'the long line was sent whole');
    assert.ok(out.includes(`sent "${'y'.repeat(4095)}"`), 'a full input buffer was sent as one message');
    assert.match(out, /end of input: shutdown\(SHUT_WR\)/);
  });

  it('select() on a descriptor after close() fails with EBADF', async () => {
    const { clientOut } = await experiment('ignore', ['data1', 'data2', 'close']);
    assert.match(clientOut, /close\(\): both directions closed\n[\s\S]*select\(\) failed: EBADF/);
  });

  it('shutdown run: both replies arrive, then read() returns 0; the server exits 0 without close()', async () => {
    const { server, clientOut, clientCode } = await experiment('default', ['data1', 'data2', 'shutdown']);
    assert.match(clientOut, /reply: Hi, data1\n[\s\S]*reply: Hi, data2\n[\s\S]*read\(\) returned 0/);
    assert.equal(clientCode, 0);
    assert.equal(server.code, 0);
    assert.match(server.stdout, /read\(\) returned 0: the client sent its FIN/);
  });

  it("after fork(), the parent's close() sends no FIN; the child's exit does; shutdown() does at once", async () => {
    const { stdout } = await runBinary(bins['fork-refcount']!);
    assert.match(
      stdout,
      /after the parent's close\(\) \(the child still holds the socket\): the peer sees nothing yet/,
    );
    assert.match(stdout, /after the child exits without calling close\(\): the peer's read\(\) returns 0/);
    assert.match(
      stdout,
      /after the parent's shutdown\(SHUT_WR\) \(the child still holds the socket\): the peer's read\(\) returns 0/,
    );
  });

  it('close() with unread data sends an RST: the peer reads ECONNRESET; exit() and SIGKILL do the same', async () => {
    const { stdout } = await runBinary(bins['close-unread-rst']!);
    const part = (title: string) => stdout.split(`-- ${title} --\n`)[1]!.split('--')[0]!;
    const reset = /^peer: read\(\) returned -1, errno ECONNRESET\npeer: read\(\) returned 0/;
    const fin = /^peer: read\(\) returned 0 \(end of file\)\npeer: read\(\) returned 0/;
    assert.match(part('close() after reading everything'), fin);
    assert.match(part('close() with unread data'), reset);
    assert.match(part('exit() with unread data'), reset);
    assert.match(part('killed by SIGKILL with unread data'), reset);
    assert.match(part('killed by SIGKILL after reading everything'), fin);
  });

  it('close() loses the end of a queued reply when input is unread or the peer sends; the lingering close keeps it', async () => {
    const run = async (mode: string) => (await runBinary(bins['close-loses-reply']!, [mode])).stdout;
    const counts = (out: string) => {
      const m = /peer: received (\d+) of (\d+) bytes, then (.*)/.exec(out);
      assert.ok(m, out);
      return { got: Number(m[1]), queued: Number(m[2]), then: m[3]! };
    };
    const clean = counts(await run('clean'));
    assert.ok(clean.queued > 1_000_000, 'the reply fills the buffers');
    assert.deepEqual([clean.got, clean.then], [clean.queued, 'end of file']);
    const unread = counts(await run('unread'));
    assert.ok(unread.got < unread.queued / 2, `unread: ${unread.got} of ${unread.queued}`);
    assert.equal(unread.then, 'read() failed: ECONNRESET');
    const peerWrites = await run('peer-writes');
    assert.ok(counts(peerWrites).got < counts(peerWrites).queued / 2, peerWrites);
    // The server's FIN never arrived (it was queued behind the discarded data): ECONNRESET, not EPIPE.
    assert.match(peerWrites, /peer: the next write\(\) returned -1, errno ECONNRESET/);
    const lingering = await run('lingering');
    assert.deepEqual([counts(lingering).got, counts(lingering).then], [counts(lingering).queued, 'end of file']);
    assert.match(lingering, /server: read\(\) returned 0 after 11 more bytes; now close\(\)/);
  });

  it('only SHUT_RD or SHUT_RDWR wakes a read() blocked in another thread; close() and dup2() do not', async () => {
    const run = async (how: string) => (await runBinary(bins['wake-blocked-reader']!, [how])).stdout;
    const late = /blocked read\(\): returned 4 bytes \("late"\) at (9\d\d|1\d\d\d) ms/;
    const woken = /blocked read\(\): returned 0 at (2\d\d|3\d\d) ms/;
    assert.match(await run('close'), late);
    assert.match(await run('shut-wr'), late);
    assert.match(await run('shut-rd'), woken);
    assert.match(await run('shut-rdwr'), woken);
    const dup2 = await run('dup2');
    assert.match(dup2, /a new read\(\) on the number after dup2\(\): returned 0/);
    assert.match(dup2, late, 'the read already blocked keeps its own reference to the old socket');
    assert.match(
      await run('signal'),
      /blocked read\(\): returned -1, errno EINTR, at (2\d\d|3\d\d) ms/,
      'pthread_kill() aims a signal at the blocked thread',
    );
  });

  it('SIGPIPE comes with every EPIPE, also after our own SHUT_WR, unless MSG_NOSIGNAL; not with ECONNRESET', async () => {
    const run = async (how: string) => (await runBinary(bins['sigpipe-any-epipe']!, [how])).stdout;
    assert.match(await run('own-shutdown'), /the child was killed by signal 13 \(SIGPIPE\)/);
    assert.match(await run('nosignal'), /child: send\(\) returned -1, errno EPIPE\nthe child exited normally/);
    // After the peer's FIN, our write draws an RST; read() still says end of file (0), not -1,
    // and the next write gets EPIPE with SIGPIPE.
    assert.match(
      await run('after-fin'),
      /child: send\(\) returned 4\nchild: read\(\) returned 0 \(end of file\)\nchild: read\(\) returned 0 \(end of file\)\nthe child was killed by signal 13 \(SIGPIPE\)/,
    );
    assert.match(
      await run('after-rst'),
      /child: send\(\) returned -1, errno ECONNRESET\nthe child was killed by signal 13 \(SIGPIPE\)/,
    );
  });

  it("half-close: after the client's shutdown(SHUT_WR) the server reads end of file, then answers, and the replies arrive", async () => {
    const port = String(await freePort());
    const server = runBinary(bins['half-close-server']!, [port, '100']);
    await new Promise((r) => setTimeout(r, 150));
    const client = spawn(bins['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    client.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    const done = new Promise<number | null>((resolve) => client.on('close', resolve));
    client.stdin.write('one\ntwo\n');
    await new Promise((r) => setTimeout(r, 100));
    client.stdin.write('shutdown\n');
    assert.equal(await done, 0);
    assert.match(
      out,
      /shutdown\(SHUT_WR\): FIN sent, still reading\nclient: reply: Hi, one\nclient: reply: Hi, two\nclient: the server closed the connection/,
    );
    const { stdout, code } = await server;
    assert.equal(code, 0);
    assert.match(
      stdout,
      /received "one"\nserver: received "two"\nserver: read\(\) returned 0: the client sent its FIN; answering now\nserver: sent "Hi, one"\nserver: sent "Hi, two"\nserver: close\(\): our FIN/,
    );
  });

  it("half-close: a line longer than the server's buffer is received as two messages, not taken for the client's FIN", async () => {
    const port = String(await freePort());
    const server = runBinary(bins['half-close-server']!, [port, '0']);
    await new Promise((r) => setTimeout(r, 150));
    const client = spawn(bins['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    client.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    const done = new Promise<number | null>((resolve) => client.on('close', resolve));
    // 5000 bytes and a newline: more than the server's 4 KiB buffer holds. Then the end of input.
    client.stdin.end(`${'x'.repeat(5000)}\nshort\n`);
    assert.equal(await done, 0, out.slice(-300));
    const { stdout, code } = await server;
    assert.equal(code, 0, stdout.slice(-300));
    const said = stdout.replace(/x{4095}/g, '<4095 x>').replace(/x{905}/g, '<905 x>');
    assert.match(
      said,
      /received "<4095 x>"\nserver: received "<905 x>"\nserver: received "short"\nserver: read\(\) returned 0: the client sent its FIN; answering now\nserver: sent "Hi, <4095 x>"\nserver: sent "Hi, <905 x>"\nserver: sent "Hi, short"\nserver: close\(\): our FIN/,
    );
    assert.match(out, /client: the server closed the connection \(read\(\) returned 0\)\n$/);
  });

  it("SIGPIPE's three dispositions on a write to a reset connection: killed; EPIPE; the handler, then EPIPE", async () => {
    const before = /the peer called close\(\)\nwrite\(\) of "one" returned 3\n/;
    const killed = await runBinary(bins['sigpipe-dispositions']!, ['default']);
    assert.equal(killed.signal, 'SIGPIPE');
    assert.match(killed.stdout, before);
    assert.doesNotMatch(killed.stdout, /"two"/);
    const ignored = await runBinary(bins['sigpipe-dispositions']!, ['ignore']);
    assert.equal(ignored.code, 0);
    assert.match(ignored.stdout, /returned 3\nwrite\(\) of "two" returned -1, errno EPIPE\nstill running/);
    const handled = await runBinary(bins['sigpipe-dispositions']!, ['handler']);
    assert.equal(handled.code, 0);
    assert.match(
      handled.stdout,
      /returned 3\nSIGPIPE handler ran\nwrite\(\) of "two" returned -1, errno EPIPE\nstill running/,
    );
  });

  it('SO_LINGER {1, 1 s} on Linux: close() returns 0 after the timeout and the kernel still delivers everything', async () => {
    const { stdout } = await runBinary(bins['linger-timeout']!);
    const m = /close\(\) returned 0 after (\d+) ms, with (\d+) bytes queued/.exec(stdout);
    assert.ok(m, stdout);
    // Ended by the timeout (it waited at least 1 s, and data was still queued), not by delivery:
    // no upper bound, a busy machine only makes it later.
    assert.ok(Number(m[1]) >= 900, `close() took ${m[1]} ms`);
    assert.ok(Number(m[2]) > 0, 'data was still queued when close() returned');
    assert.match(stdout, new RegExp(`peer: received ${m[2]} of ${m[2]} bytes, then end of file`));
  });

  it('FIN-WAIT-1 lasts tens of ms (delayed ACK); a peer that closes at once makes it three segments (the kernel counts them); TIME-WAIT is 60 s', async () => {
    const fw1 = (await runBinary(bins['fin-wait']!, ['fin-wait-1'])).stdout;
    const ms = Number(/FIN-WAIT-1 lasted (\d+) ms/.exec(fw1)?.[1]);
    // The delayed ACK's doing: at least its shortest timeout after data (no upper bound: a busy
    // machine only makes it longer).
    assert.ok(ms >= 20, `FIN-WAIT-1 lasted ${ms} ms:\n${fw1}`);
    // Decided from the segment counters (tcpi_segs_out, tcpi_segs_in), not from states polled
    // without the socket's lock, which can catch FIN-WAIT-2 between the ACK and the FIN of one
    // FIN+ACK segment.
    // "At once" needs the peer to get the CPU before its delayed ACK goes out (a few ms on a new
    // connection): on a busy machine it may not, and the kernel then sends the ACK alone (four
    // segments, which the program says too). So: every run says what its counters show, and a
    // few tries see the three.
    const runs: string[] = [];
    for (let i = 0; i < 5 && !runs.some((out) => /three segments in all/.test(out)); i++) {
      runs.push((await runBinary(bins['fin-wait']!, ['three-segments'])).stdout);
    }
    for (const out of runs) {
      assert.match(
        out,
        /we sent 2 segments, the peer sent 1\nthe ACK of our FIN came with the peer's FIN: three segments in all\n|we sent 2 segments, the peer sent 2\nthe peer acknowledged our FIN, then sent its own: four segments in all\n/,
        out,
      );
      const left = Number(/TIME-WAIT, (\d+) s left on its timer/.exec(out)?.[1]);
      assert.ok(left >= 55 && left <= 60, out);
    }
    assert.ok(
      runs.some((out) => /three segments in all/.test(out)),
      `no run of ${runs.length} saw the three segments:\n${runs.join('\n')}`,
    );
  });

  it('an orphaned FIN-WAIT-2 is reaped after TCP_LINGER2; a half-closed one stays and still receives', async () => {
    const reaped = (await runBinary(bins['fin-wait']!, ['reaped'])).stdout;
    assert.match(reaped, /at 300 ms: our side FIN-WAIT-2\n {2}at 1200 ms: our side gone/);
    const half = (await runBinary(bins['fin-wait']!, ['half-closed'])).stdout;
    assert.match(half, /at 2100 ms: our side FIN-WAIT-2/);
    assert.match(half, /us: read\(\) returned 4 bytes: "late"/);
  });

  it('SO_LINGER 0: the peer reads ECONNRESET once then 0; a writing peer gets ECONNRESET then EPIPE', async () => {
    const { stdout } = await runBinary(bins['linger-zero']!);
    assert.match(
      stdout,
      /-- the peer reads --\npeer: read\(\) returned -1, errno ECONNRESET\npeer: read\(\) returned 0/,
    );
    assert.match(
      stdout,
      /-- the peer writes --\npeer: write\(\) returned -1, errno ECONNRESET\npeer: write\(\) returned -1, errno EPIPE/,
    );
  });

  it('SHUT_RD discards nothing on Linux: queued and later data are read; RST only after SHUT_WR too', async () => {
    const { stdout } = await runBinary(bins['shut-rd']!);
    assert.match(stdout, /reader: read\(\) returned 6 bytes: "before"\nreader: read\(\) returned 0/);
    assert.match(stdout, /reader: read\(\) returned 5 bytes: "after"/);
    assert.match(stdout, /peer: the next write\(\) returned -1, errno EPIPE/);
  });

  it('restart while the old connection is in TIME-WAIT or still ESTABLISHED: SO_REUSEADDR on both listeners', async () => {
    for (const old of ['time-wait', 'established']) {
      const run = async (mode: string) => (await runBinary(bins['reuseaddr-restart']!, [mode, old])).stdout;
      assert.match(await run('none'), /bind\(\) failed with EADDRINUSE/, old);
      assert.match(await run('new-only'), /bind\(\) failed with EADDRINUSE/, old);
      assert.match(await run('old-only'), /bind\(\) failed with EADDRINUSE/, old);
      assert.match(await run('both'), /bind\(\) succeeded/, old);
    }
    assert.match(
      (await runBinary(bins['reuseaddr-restart']!, ['both'])).stdout,
      /client: read\(\) returned 0 \(end of file\)\nSO_REUSEADDR on the old listener: yes/,
    );
  });

  it('the last ACK of a close, lost: the server in LAST-ACK sends its FIN again, and the side in TIME-WAIT answers it', async (t) => {
    const clean = (await runBinary(bins['last-ack']!)).stdout;
    assert.match(clean, /after 0 retransmissions\nclient: its side of the connection is in TIME-WAIT\n/);
    // The same fault the lab arms in the guest, natively: a network namespace of its own, tc and tcpdump.
    const tools = await runBinary('unshare', [
      '-n',
      'sh',
      '-c',
      'command -v tc && command -v tcpdump && tc qdisc show dev lo',
    ]);
    if (tools.code !== 0) {
      t.skip('losing a segment natively needs root (unshare -n), tc and tcpdump; c-labs tests the run in the guest');
      return;
    }
    const script = path.resolve(__dirname, '../../scripts/references/native-aim.sh');
    const lost = (await runBinary('unshare', ['-n', 'bash', script, 'last-ack', '1', bins['last-ack']!], 20_000))
      .stdout;
    assert.match(
      lost,
      /LAST-ACK until the client's ACK of it arrives\nserver: no ACK came: its FIN sent again \(retransmission 1\)\nserver: CLOSED: the client's ACK of its FIN arrived, after 1 retransmission\nclient: its side of the connection is in TIME-WAIT\n/,
      lost,
    );
  });

  it('leaving a blocked read: timeouts, non-blocking mode and signals', async () => {
    const run = async (mode: string) => (await runBinary(bins['blocked-read']!, [mode])).stdout;
    assert.match(await run('rcvtimeo'), /rcvtimeo: read\(\) returned -1, errno EAGAIN, after (1\d\d|2\d\d|3\d\d) ms/);
    assert.match(await run('nonblock'), /nonblock: read\(\) returned -1, errno EAGAIN, after \d ms/);
    assert.match(await run('sigaction'), /signal handler ran\nsigaction: read\(\) returned -1, errno EINTR/);
    const restarted = await run('signal');
    assert.match(
      restarted,
      /signal handler ran\nsignal: read\(\) returned 4 bytes/,
      "glibc's signal() restarts the read",
    );
    assert.doesNotMatch(restarted, /EINTR/);
    assert.match(await run('rcvtimeo+restart'), /rcvtimeo\+restart: read\(\) returned -1, errno EINTR/);
    assert.match(await run('shutdown'), /shutdown: read\(\) returned 0 bytes after/, 'shutdown() wakes a blocked read');
    assert.match(
      await run('sndtimeo'),
      /sndtimeo: write\(\) returned -1, errno EAGAIN, after (1\d\d|2\d\d|3\d\d) ms/,
      'SO_SNDTIMEO ends a write blocked on a peer that does not read',
    );
  });
});

describe("Facts the lessons state, on the host's kernel (tests/native-c)", { skip }, () => {
  it('FIN-WAIT-1 lasts while the data queued before the FIN is undelivered: a peer that does not read keeps it there', async () => {
    const out = await fact('fin-wait-1-queued');
    const queued = Number(/close\(\) with (\d+) bytes queued; the peer does not read/.exec(out)?.[1]);
    assert.ok(queued > 1_000_000, out);
    const looks = [...out.matchAll(/^\d+ ms later: our side (\S+), (\d+) bytes not yet acknowledged$/gm)];
    assert.equal(looks.length, 3, out);
    for (const [, state, unacked] of looks) {
      assert.equal(state, 'FIN-WAIT-1', out);
      assert.ok(Number(unacked) > 0, out);
    }
    assert.match(
      out,
      literally(
        `the peer read ${queued} of ${queued} bytes, then end of file\nthen our side: FIN-WAIT-2, 0 bytes not yet acknowledged`,
      ),
    );
  });

  it("CLOSING: the peer's FIN arrives while ours is queued behind data; then both sides end in TIME-WAIT", async () => {
    const out = await fact('closing');
    const queued = /with (\d+) bytes queued: A is in FIN-WAIT-1\n/.exec(out)?.[1];
    assert.ok(queued, out);
    assert.match(out, /B: shutdown\(SHUT_WR\), nothing read: A is in CLOSING, B in FIN-WAIT-2\n/);
    assert.match(
      out,
      literally(`B read ${queued} of ${queued} bytes, then end of file\nthen A: TIME-WAIT, B: TIME-WAIT\n`),
    );
  });

  it('SO_LINGER {1, 60 s}: close() waits for the peer to read, even on a non-blocking socket; exit() does not wait', async () => {
    for (const mode of ['close', 'close-nonblocking']) {
      const out = await fact('linger-exit', [mode]);
      const queued = /and (\d+) bytes queued\n/.exec(out)?.[1];
      assert.ok(queued, out);
      assert.match(
        out,
        /before the peer reads: the child is still in close\(\); its side is FIN-WAIT-1, [1-9]\d* bytes not yet acknowledged\n/,
        mode,
      );
      // The child's close() returned only after the peer had begun to read (and long before 60 s).
      assert.match(
        out,
        literally(`the peer read ${queued} of ${queued} bytes, then end of file\nchild: close() returned 0\n`),
      );
    }
    const out = await fact('linger-exit', ['exit']);
    const queued = /child: exit\(\) with SO_LINGER \{1, 60 s\} and (\d+) bytes queued\n/.exec(out)?.[1];
    assert.ok(queued, out);
    assert.match(
      out,
      /before the peer reads: the child has exited; its side is FIN-WAIT-1, [1-9]\d* bytes not yet acknowledged\n/,
      'exit() returned at once; the kernel lingers in the background',
    );
    assert.match(out, literally(`the peer read ${queued} of ${queued} bytes, then end of file\n`));
  });

  it('a stale descriptor number, reused by a new socket, silently writes to the other connection', async () => {
    const out = await fact('stale-descriptor');
    const number = /close\(\) of our descriptor, number (\d+)/.exec(out)?.[1];
    assert.ok(number, out);
    assert.match(out, literally(`read() on number ${number}: -1, errno EBADF\n`));
    assert.match(out, literally(`connection 2: socket() gave number ${number}\n`));
    assert.match(out, literally(`write() of "oops" on number ${number}, meant for connection 1: 4\n`));
    assert.match(out, /connection 2's other end: read\(\) returned 4 bytes: "oops"\n/);
    assert.match(out, /connection 1's other end: read\(\) returned 0 \(end of file\)\n/);
  });

  it('SO_REUSEPORT on both listeners lets a restart bind with the old connection in TIME-WAIT or ESTABLISHED', async () => {
    const out = await fact('reuseport-restart');
    assert.deepEqual(out.trimEnd().split('\n'), [
      'old connection TIME-WAIT, SO_REUSEPORT on neither listener: bind() failed with EADDRINUSE',
      'old connection TIME-WAIT, SO_REUSEPORT on the new listener only: bind() failed with EADDRINUSE',
      'old connection TIME-WAIT, SO_REUSEPORT on both listeners: bind() succeeded',
      'old connection ESTABLISHED, SO_REUSEPORT on neither listener: bind() failed with EADDRINUSE',
      'old connection ESTABLISHED, SO_REUSEPORT on the new listener only: bind() failed with EADDRINUSE',
      'old connection ESTABLISHED, SO_REUSEPORT on both listeners: bind() succeeded',
    ]);
  });

  it('a keepalive probe to a closed socket is acknowledged (the peer stays in CLOSE-WAIT); new data draws the RST', async () => {
    const out = await fact('keepalive-closed-peer');
    assert.match(out, /server: close\(\); its side is in FIN-WAIT-2, the client's in CLOSE-WAIT\n/);
    const m = /keepalive: the client sent (\d+) segments \((\d+) with data\), received (\d+); it is in (\S+)\n/.exec(
      out,
    );
    assert.ok(m, out);
    const [sent, withData, received, state] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
    assert.ok(sent >= 2, out);
    assert.deepEqual([withData, received, state], [0, sent, 'CLOSE-WAIT'], 'each probe drew an ACK, no RST');
    assert.match(
      out,
      /the client wrote 4 bytes of data: it is in CLOSED\nclient: the next write\(\) returned -1, errno EPIPE/,
    );
  });

  it('close() cut short by a signal has released the number already: a retry closes the file that took it', async () => {
    const out = await fact('close-interrupted');
    const queued = /and (\d+) bytes queued, the peer not reading\n/.exec(out)?.[1];
    assert.ok(queued, out);
    // On Linux a socket's close() returns 0 here, not EINTR: the signal ends its wait, not the
    // connection (still FIN-WAIT-1 with data unacknowledged; the peer gets everything later).
    assert.match(out, /close\(\) returned 0, after the signal handler ran\nthe connection: FIN-WAIT-1, [1-9]\d* bytes/);
    const number = /fcntl\((\d+), F_GETFD\): -1, errno EBADF\n/.exec(out)?.[1];
    assert.ok(number, out);
    assert.match(
      out,
      literally(
        `a new socket() got number ${number}\nclose(${number}) again, as a retry would: 0\n` +
          `fcntl(${number}, F_GETFD) on the new socket: -1, errno EBADF\n`,
      ),
    );
    assert.match(out, literally(`the peer read ${queued} of ${queued} bytes, then end of file`));
  });

  it('closing the old SO_REUSEPORT listener resets the connections still queued on it', async () => {
    const out = await fact('reuseport-handover');
    const migrate = Number(/net\.ipv4\.tcp_migrate_req = (\d+)/.exec(out)?.[1]);
    const q = /15 connections: (\d+) queued on the old listener, (\d+) on the new one\n/.exec(out);
    const after = /(\d+) reset, (\d+) accepted by the new one, (\d+) neither/.exec(out);
    assert.ok(q && after, out);
    const [onOld, onNew] = [Number(q[1]), Number(q[2])];
    assert.ok(onOld >= 5, `the five connections made before the new listener wait on the old one: ${out}`);
    const expected = migrate ? [0, 15, 0] : [onOld, onNew, 0];
    assert.deepEqual([Number(after[1]), Number(after[2]), Number(after[3])], expected, out);
  });
});
