import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithReference, streamsOf } from '../../src/labs/reference/compare';
import type { TraceEvent } from '../../src/labs/trace/events';

let clock = 0;
const ev = (proc: string, socket: number, kind: TraceEvent['kind'], more: Partial<TraceEvent> = {}): TraceEvent => ({
  t: clock++,
  proc,
  socket,
  kind,
  ...more,
});

// The experiment's close run, as real Linux does it.
const closeRun: TraceEvent[] = [
  ev('server', 0, 'listen', { port: 4321 }),
  ev('server', 1, 'accept', { remote: '127.0.0.1:50000' }),
  ev('client', 1, 'connect', { remote: '127.0.0.1:4321' }),
  ev('client', 1, 'write', { text: 'data1\n', result: 'ok' }),
  ev('server', 1, 'data', { text: 'data1\n', bytes: 6 }),
  ev('client', 1, 'write', { text: 'data2\n', result: 'ok' }),
  ev('server', 1, 'data', { text: 'data2\n', bytes: 6 }),
  ev('client', 1, 'destroy'),
  ev('server', 1, 'end'),
  ev('client', 1, 'close', { hadError: false }),
  ev('server', 1, 'write', { text: 'Hi, data1\n', result: 'ok' }),
  ev('server', 1, 'write', { text: 'Hi, data2\n', result: 'EPIPE' }),
  ev('server', 1, 'error', { code: 'EPIPE', syscall: 'write' }),
  ev('server', 0, 'exit', { exitCode: 1 }),
];

describe('comparing a run with its reference', () => {
  it('the same run matches, whatever its ports and times', () => {
    const again = closeRun.map((e) => ({ ...e, t: e.t + 1000, remote: '127.0.0.1:1', port: 1 }));
    assert.deepEqual(compareWithReference(closeRun, again), { state: 'matches' });
  });

  it('data cut into other chunks, and another interleaving of sends and receives, still match', () => {
    const run = closeRun.filter((e) => !(e.proc === 'server' && e.kind === 'data'));
    run.splice(4, 0, ev('server', 1, 'data', { text: 'data1\ndata2\n', bytes: 12 }));
    // The server's writes before the client's end of stream: a slower learner.
    const [w1] = run.splice(
      run.findIndex((e) => e.text === 'Hi, data1\n'),
      1,
    );
    run.splice(5, 0, w1!);
    assert.deepEqual(compareWithReference(closeRun, run), { state: 'matches' });
  });

  it('an unfinished run matches so far and says what real Linux does next', () => {
    const run = closeRun.slice(0, 11);
    assert.deepEqual(compareWithReference(closeRun, run), {
      state: 'so-far',
      next: [
        { stream: 'server, socket 1, sent', text: 'write "Hi, data2" → EPIPE' },
        { stream: 'server, socket 1, received', text: 'error EPIPE (write)' },
        { stream: 'server', text: 'process exited with code 1' },
      ],
    });
  });

  it('a write that succeeds where Linux gave EPIPE is a difference, named in words', () => {
    const run = closeRun.map((e) => (e.result === 'EPIPE' ? { ...e, result: 'ok' } : e));
    assert.deepEqual(compareWithReference(closeRun, run), {
      state: 'differs',
      stream: 'server, socket 1, sent',
      expected: 'write "Hi, data2" → EPIPE',
      actual: 'write "Hi, data2" → ok',
    });
  });

  it('an event Linux never had is a difference', () => {
    const run = [...closeRun.slice(0, 9), ev('client', 1, 'data', { text: 'Hi, data1\n' }), ...closeRun.slice(9)];
    const result = compareWithReference(closeRun, run);
    assert.deepEqual(result, {
      state: 'differs',
      stream: 'client, socket 1, received',
      expected: 'socket closed',
      actual: 'received "Hi, data1\\n"',
    });
  });

  it('a process stopped by hand (an exit without a code) is not compared; data still arriving is not a difference', () => {
    const run = [
      ...closeRun.slice(0, 4),
      ev('server', 1, 'data', { text: 'da' }),
      ev('client', 0, 'exit', { exitCode: null }),
    ];
    const result = compareWithReference(closeRun, run);
    assert.equal(result.state, 'so-far');
    assert.ok(result.state === 'so-far');
    assert.deepEqual(
      result.next.find((n) => n.stream === 'server, socket 1, received'),
      { stream: 'server, socket 1, received', text: 'received "data1\\ndata2\\n"' },
    );
  });

  it('splits a trace into per-process, per-socket, per-direction streams', () => {
    assert.deepEqual(
      [...streamsOf(closeRun).keys()],
      [
        'server',
        'server, socket 1, received',
        'client, socket 1, received',
        'client, socket 1, sent',
        'server, socket 1, sent',
      ],
    );
  });
});
