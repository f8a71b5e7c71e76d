import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { compile, findCompiler, runBinary } from '../support/c-programs';
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
  ]) {
    bins[name] = compile(cc!, name, dir);
  }
});

/** The experiment in C: server and client, the client fed `lines`. */
async function experiment(mode: 'default' | 'ignore' | 'handler', lines: string[]) {
  const port = String(await freePort());
  const server = runBinary(bins['delayed-echo-server']!, [port, '150', mode]);
  await new Promise((r) => setTimeout(r, 150));
  const client = spawn(bins['echo-client']!, [port], { stdio: ['pipe', 'pipe', 'pipe'] });
  let clientOut = '';
  client.stdout.setEncoding('utf8').on('data', (t: string) => (clientOut += t));
  const clientDone = new Promise<number | null>((resolve) => client.on('close', resolve));
  await new Promise((r) => setTimeout(r, 100));
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

  it('close() with unread data sends an RST: the peer reads ECONNRESET', async () => {
    const { stdout } = await runBinary(bins['close-unread-rst']!);
    const [drained, unread] = stdout.split('-- close() with unread data --');
    assert.match(drained!, /peer: read\(\) returned 0/);
    assert.doesNotMatch(drained!, /ECONNRESET/);
    assert.match(unread!, /peer: read\(\) returned -1, errno ECONNRESET\npeer: read\(\) returned 0/);
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

  it('restart after the server closed first: SO_REUSEADDR is needed on the old and the new listener', async () => {
    assert.match((await runBinary(bins['reuseaddr-restart']!, ['none'])).stdout, /bind\(\) failed with EADDRINUSE/);
    assert.match((await runBinary(bins['reuseaddr-restart']!, ['new-only'])).stdout, /bind\(\) failed with EADDRINUSE/);
    assert.match((await runBinary(bins['reuseaddr-restart']!, ['both'])).stdout, /bind\(\) succeeded/);
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
  });
});
