import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { act, cleanup, renderHook } from '@testing-library/react';
import { useTrace } from '../../src/components/Lab/timeline/useTrace';
import { judgeRun } from '../../src/labs/reference/run-verdict';
import type { TraceEvent } from '../../src/labs/trace/events';
import { closeVsShutdown, closeVsShutdownReference } from '../support/close-vs-shutdown-lab';

afterEach(cleanup);

const summary = closeVsShutdown;
const shutdown = closeVsShutdownReference('shutdown');
const scenario = (id: string) => summary.scenarios.find((s) => s.id === id)!;

/** The reference's events of one process, moved in time and, for its sockets, renumbered. */
const eventsOf = (proc: string, { after = 0, socketsBefore = 0, withOwn = true } = {}): TraceEvent[] =>
  shutdown.events
    .filter((e) => e.proc === proc && (withOwn || e.socket !== 0))
    .map((e) => ({ ...e, t: e.t + after, socket: e.socket === 0 ? 0 : e.socket + socketsBefore }));

function setUp() {
  const { result } = renderHook(() => useTrace(summary, () => false));
  const hooks = () => result.current.hooks;
  const feed = (events: TraceEvent[], runs: Record<string, number>) =>
    act(() => {
      for (const event of events) hooks().onEvent(event, runs[event.proc]!);
    });
  return { result, hooks, feed };
}

describe('a run that takes over a process still running from the run before', () => {
  it('lesson 4, Ctrl-D after the shutdown run: the server still serves, the client is started again, and the run is compared', () => {
    const { result, hooks, feed } = setUp();
    // The shutdown run, typed: the server keeps running afterwards, the client exits.
    let server = 0;
    let client = 0;
    act(() => void (server = hooks().onStart('server')));
    act(() => void (client = hooks().onStart('client')));
    act(() => {
      for (const line of ['data1', 'data2', 'shutdown']) hooks().onInput('client', line, client);
    });
    feed(
      [...eventsOf('server'), ...eventsOf('client')].sort((a, b) => a.t - b.t),
      { server, client },
    );
    act(() => hooks().onExit('client', client));
    assert.equal(
      judgeRun({ scenario: scenario('shutdown'), reference: shutdown, run: result.current.run, recording: true }).kind,
      'compared',
    );

    // The client again, with the server still up: a new run that begins with the server's start.
    let client2 = 0;
    act(() => void (client2 = hooks().onStart('client')));
    assert.equal(client2, server + 1);
    assert.deepEqual(result.current.run.steps, [{ start: 'server' }, { start: 'client' }]);
    assert.deepEqual(result.current.run.carried, { processes: ['server'], events: 1 });
    assert.deepEqual(
      result.current.run.events.map((e) => [e.proc, e.kind]),
      [['server', 'listen']],
    );
    assert.equal(result.current.previous?.steps.length, 5);

    // The old connection's late event stays in the earlier run; the new one is socket 1 again.
    feed([{ t: 20_000, proc: 'server', socket: 1, kind: 'close', hadError: false }], { server });
    assert.equal(result.current.run.events.length, 1);
    act(() => {
      hooks().onInput('client', 'data1', client2);
      hooks().onInput('client', 'data2', client2);
      hooks().onEndOfInput('client', client2);
    });
    feed(
      [
        ...eventsOf('server', { after: 30_000, socketsBefore: 1, withOwn: false }),
        ...eventsOf('client', { after: 30_000 }),
      ].sort((a, b) => a.t - b.t),
      { server, client: client2 },
    );
    const run = result.current.run;
    assert.deepEqual(run.steps, [{ start: 'server' }, { start: 'client' }, 'data1', 'data2', 'shutdown']);
    assert.ok(run.events.every((e) => e.socket <= 1));
    const verdict = judgeRun({ scenario: scenario('shutdown'), reference: shutdown, run, recording: true });
    assert.deepEqual(verdict, { kind: 'compared', comparison: { state: 'matches' } });
  });

  it('lesson 4, the server started again while the close run’s client is still up: nothing is taken over', () => {
    const { result, hooks } = setUp();
    let client = 0;
    act(() => void hooks().onStart('server'));
    act(() => void (client = hooks().onStart('client')));
    act(() => {
      for (const line of ['data1', 'data2', 'close']) hooks().onInput('client', line, client);
    });
    act(() => void hooks().onStart('server'));
    assert.deepEqual(result.current.run.steps, [{ start: 'server' }]);
    assert.equal(result.current.run.carried, undefined);
    // The old client's typing stays in the old run; the new client is the new run's next step.
    act(() => hooks().onInput('client', 'data9', client));
    act(() => void hooks().onStart('client'));
    assert.deepEqual(result.current.run.steps, [{ start: 'server' }, { start: 'client' }]);
  });
});
