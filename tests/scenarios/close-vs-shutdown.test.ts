import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  experimentClient,
  freePort,
  labCopyWith,
  labsDir,
  runFileIn,
  runProgram,
  type RunningProgram,
} from '../support/lab-harness';

const DELAY_MS = '150';
const started: RunningProgram[] = [];
afterEach(() => started.splice(0).forEach((p) => p.kill()));

/** The experiment's server, and its client having sent data1, data2 and `ending`. */
async function experiment(ending: 'close' | 'shutdown') {
  const port = String(await freePort());
  const server = runProgram('close-vs-shutdown', 'server.js', { PORT: port, DELAY_MS });
  started.push(server);
  await server.waitFor('listening on');
  return { server, client: await experimentClient(port, ending, started) };
}

describe('close vs shutdown, real sockets over loopback', () => {
  it('shutdown run: the client gets both replies, then the server ends the connection', async () => {
    const { server, client } = await experiment('shutdown');

    assert.deepEqual(await client.exited(), { code: 0, signal: null });
    const out = client.stdout();
    assert.match(out, /reply: Hi, data1\n/);
    assert.match(out, /reply: Hi, data2\n/);
    assert.ok(out.indexOf('reply: Hi, data2') < out.indexOf('the server ended the connection'), out);
    assert.match(out, /the server ended the connection \(FIN received\)/);

    await server.waitFor('connection with');
    assert.match(server.stdout(), /sent "Hi, data1"\n[\s\S]*sent "Hi, data2"\n/);
    assert.match(server.stdout(), /end of stream/);
    assert.equal(server.stderr(), '');
    assert.equal(server.child.exitCode, null, 'the server keeps running for the next client');
  });

  it('Ctrl-D in the client shuts down its sending side, like the C client when read() of its standard input returns 0: both replies arrive', async () => {
    const port = String(await freePort());
    const server = runProgram('close-vs-shutdown', 'server.js', { PORT: port, DELAY_MS });
    started.push(server);
    await server.waitFor('listening on');
    const client = runProgram('close-vs-shutdown', 'client.js', { PORT: port });
    started.push(client);
    await client.waitFor('connected to');
    client.type('data1');
    client.type('data2');
    client.child.stdin.end();
    assert.deepEqual(await client.exited(), { code: 0, signal: null });
    assert.match(
      client.stdout(),
      /end of input: closed our sending side[\s\S]*reply: Hi, data1\n[\s\S]*reply: Hi, data2\n/,
    );
  });

  it("close run with lesson 5's solution: the server does not claim to close a connection that is already gone", async () => {
    const port = String(await freePort());
    const server = runFileIn(path.join(labsDir, 'survive-early-close', 'solution'), 'server.js', {
      PORT: port,
      DELAY_MS,
    });
    started.push(server);
    await server.waitFor('listening on');
    await experimentClient(port, 'close', started);
    await server.waitFor('nothing left to close');
    assert.doesNotMatch(server.stdout(), /all replies written/);
  });

  it('close run with DELAY_MS=0, typed at a human pace: both replies arrive before the close, nothing fails', async () => {
    const port = String(await freePort());
    const server = runProgram('close-vs-shutdown', 'server.js', { PORT: port, DELAY_MS: '0' });
    started.push(server);
    await server.waitFor('listening on');
    const client = runProgram('close-vs-shutdown', 'client.js', { PORT: port });
    started.push(client);
    await client.waitFor('connected to');
    client.type('data1');
    await client.waitFor('reply: Hi, data1');
    client.type('data2');
    await client.waitFor('reply: Hi, data2');
    client.type('close');
    await server.waitFor('connection with');
    assert.match(server.stdout(), /all replies written; closing our side/);
    assert.doesNotMatch(server.stdout(), /failed/);
  });

  it('close run: no reply reaches the client; the second server write fails with EPIPE and ends the server', async () => {
    const { server, client } = await experiment('close');

    const exit = await server.exited(5000);
    assert.equal(exit.signal, null, 'Node ignores SIGPIPE: the process is not killed by a signal');
    assert.equal(exit.code, 1, 'an unhandled error event exits with code 1');

    const serverOut = server.stdout();
    assert.match(serverOut, /received "data1"\n[\s\S]*received "data2"\n/, 'data2 was queued before the FIN');
    assert.match(serverOut, /end of stream/);
    assert.match(serverOut, /sent "Hi, data1"\n/, 'write #1 succeeds');
    assert.doesNotMatch(serverOut, /sent "Hi, data2"/, 'write #2 does not');
    assert.match(server.stderr(), /Error: write EPIPE/);
    assert.match(server.stderr(), /code: 'EPIPE'/);
    assert.match(server.stderr(), /syscall: 'write'/);

    assert.doesNotMatch(client.stdout(), /reply:/, 'the client received nothing');
    assert.match(client.stdout(), /closed the socket in both directions/);
  });

  it("with Node's default allowHalfOpen: false, the shutdown run loses the replies", async () => {
    // The trap the lesson warns about, on the real server with only that option changed.
    const copy = await labCopyWith('close-vs-shutdown', {
      'server.js': (src) => src.replace('{ allowHalfOpen: true }', '{ allowHalfOpen: false }'),
    });
    try {
      const port = String(await freePort());
      const server = runFileIn(copy.dir, 'server.js', { PORT: port, DELAY_MS });
      started.push(server);
      await server.waitFor('listening on');
      const client = await experimentClient(port, 'shutdown', started);

      assert.deepEqual(await client.exited(), { code: 0, signal: null });
      assert.doesNotMatch(client.stdout(), /reply:/, 'the server ended its side at once: no reply arrives');
      assert.match(client.stdout(), /the server ended the connection/);

      // Node fails the later writes itself (EPIPE, no syscall) and emits no 'error' event:
      // the server reports the failed writes and stays up.
      await server.waitFor('write of "Hi, data2" failed: EPIPE');
      assert.match(server.stdout(), /write of "Hi, data1" failed: EPIPE/);
      assert.doesNotMatch(server.stdout(), /sent "Hi, data/);
      assert.equal(server.stderr(), '');
      assert.equal(server.child.exitCode, null);
    } finally {
      await copy.remove();
    }
  });
});

describe('the socket-event trace', () => {
  it('leaves the close run exactly as it was (same output, crash report, exit), on its own fd or in the output', async () => {
    const { spawn } = await import('node:child_process');
    const path = await import('node:path');
    const { labsDir } = await import('../support/lab-harness');
    const traceModule = path.join(labsDir, '_trace', 'trace.cjs');

    const { TraceDemux } = await import('../../src/runtimes/webcontainer/trace-demux');
    const marker = '\u001e#lab-trace-test#';

    /** plain: no trace; fd: events on fd 3 (the local runner); marker: events in stdout (WebContainer). */
    async function run(mode: 'plain' | 'fd' | 'marker') {
      const traced = mode !== 'plain';
      const port = String(await freePort());
      const env = { PATH: process.env['PATH'] ?? '', PORT: port, DELAY_MS };
      const traceEnv =
        mode === 'fd'
          ? { LAB_TRACE_FD: '3', LAB_TRACE_NAME: 'server' }
          : mode === 'marker'
            ? { LAB_TRACE_MARKER: marker, LAB_TRACE_NAME: 'server' }
            : {};
      const demux = mode === 'marker' ? new TraceDemux(marker) : null;
      const server = spawn(process.execPath, [...(traced ? ['--require', traceModule] : []), 'server.js'], {
        cwd: path.join(labsDir, 'close-vs-shutdown'),
        env: { ...env, ...traceEnv },
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let events = '';
      server.stdout!.on('data', (d: Buffer) => {
        if (!demux) return void (out += d);
        const part = demux.push(d.toString());
        out += part.output;
        events += part.events.map((e) => `${e}\n`).join('');
      });
      server.stderr!.on('data', (d: Buffer) => (err += d));
      (server.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (events += d));
      const exited = new Promise<number | null>((resolve) => server.on('close', resolve));
      while (!out.includes('listening on')) await new Promise((r) => setTimeout(r, 10));
      await experimentClient(port, 'close', started);
      const code = await exited;
      const normalise = (text: string) =>
        text.replace(/127\.0\.0\.1:\d+/g, 'ADDR').replace(new RegExp(port, 'g'), 'PORT');
      return { code, out: normalise(out), err: normalise(err), events };
    }

    const plain = await run('plain');
    assert.equal(plain.events, '');
    for (const mode of ['fd', 'marker'] as const) {
      const traced = await run(mode);
      assert.equal(traced.code, plain.code, mode);
      assert.equal(traced.out, plain.out, mode);
      assert.equal(traced.err, plain.err, `${mode}: the crash report is the same, frame for frame`);
      assert.doesNotMatch(traced.err, /trace\.cjs/);
      assert.match(traced.events, /"kind":"write","text":"Hi, data2\\n","result":"EPIPE"/, mode);
    }
  });
});
