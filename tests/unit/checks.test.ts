import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMet, type LabCheck } from '../../src/labs/trace/checks';
import { describeEvent, parseTraceLine, type TraceEvent } from '../../src/labs/trace/events';

let t = 0;
const ev = (proc: string, kind: TraceEvent['kind'], more: Partial<TraceEvent> = {}): TraceEvent => ({
  t: ++t,
  proc,
  socket: 1,
  kind,
  ...more,
});

const closeRun = [
  ev('client', 'connect'),
  ev('server', 'accept'),
  ev('client', 'write', { text: 'data1\n', result: 'ok' }),
  ev('client', 'destroy'),
  ev('server', 'end'),
  ev('server', 'write', { text: 'Hi, data1\n', result: 'ok' }),
  ev('server', 'write', { text: 'Hi, data2\n', result: 'EPIPE' }),
  ev('server', 'error', { code: 'EPIPE', syscall: 'write' }),
  ev('server', 'exit', { exitCode: 1 }),
];

const secondWriteFails: LabCheck = {
  id: 'w2',
  text: 'write #2 fails',
  events: [{ proc: 'server', kind: 'write', textIncludes: 'Hi, data2', result: 'EPIPE' }],
};
const noReply: LabCheck = {
  id: 'none',
  text: 'no reply',
  absent: { proc: 'client', kind: 'data' },
  after: { proc: 'server', kind: 'write', textIncludes: 'Hi, data2' },
};
const survives: LabCheck = {
  id: 'survive',
  text: 'server survives',
  events: [
    { proc: 'server', kind: 'write', result: 'EPIPE' },
    { proc: 'server', kind: 'close' },
  ],
  absent: { proc: 'server', kind: 'exit' },
  after: { proc: 'server', kind: 'close' },
};

describe('lab checks on a trace', () => {
  it('finds events in order', () => {
    assert.equal(isMet(secondWriteFails, closeRun), true);
    assert.equal(isMet(secondWriteFails, closeRun.slice(0, 6)), false, 'not yet');
    const reversed: LabCheck = {
      id: 'r',
      text: 'r',
      events: [
        { proc: 'server', kind: 'write', textIncludes: 'Hi, data2' },
        { proc: 'server', kind: 'write', textIncludes: 'Hi, data1' },
      ],
    };
    assert.equal(isMet(reversed, closeRun), false);
  });

  it('judges an absence only once the moment it is about has come', () => {
    assert.equal(isMet(noReply, closeRun.slice(0, 3)), false, 'too early to say');
    assert.equal(isMet(noReply, closeRun), true);
    assert.equal(isMet(noReply, [...closeRun, ev('client', 'data', { text: 'Hi, data1\n' })]), false);
  });

  it('changes when the learner changes the outcome', () => {
    assert.equal(isMet(survives, closeRun), false, 'the unchanged server exits');
    // The moment between the failed write and the crash (about 70 ms): not yet, never "met".
    const beforeTheCrash = closeRun.filter((e) => e.kind !== 'exit');
    assert.equal(isMet(survives, beforeTheCrash), false);
    const handled = [...beforeTheCrash, ev('server', 'close', { hadError: true })];
    assert.equal(isMet(survives, handled), true);
  });

  it('reads trace lines and says each event in words', () => {
    const line = JSON.stringify({
      t: 1,
      proc: 'server',
      socket: 1,
      kind: 'write',
      text: 'Hi, data2\n',
      result: 'EPIPE',
    });
    const event = parseTraceLine(line)!;
    assert.equal(describeEvent(event), 'write "Hi, data2" → EPIPE');
    assert.equal(parseTraceLine('not json'), null);
    assert.equal(describeEvent(ev('server', 'end')), 'end of stream (FIN received)');
  });
});
