import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReferenceTrace } from '../../src/labs/reference/reference-trace';
import { replayPlan } from '../../src/labs/reference/replay-plan';
import { judgeRun } from '../../src/labs/reference/run-verdict';
import type { LabScenario } from '../../src/labs/types';

const reference: ReferenceTrace = {
  lab: 'close-vs-shutdown',
  scenario: 'close',
  recordedWith: { node: 'v20.20.2', os: 'Linux 6.1' },
  steps: [{ start: 'server' }, { start: 'client' }, 'data1'],
  events: [
    { t: 0, proc: 'server', socket: 0, kind: 'listen' },
    { t: 400, proc: 'client', socket: 1, kind: 'connect' },
    { t: 900, proc: 'client', socket: 1, kind: 'write', text: 'data1\n', result: 'ok' },
  ],
  terminals: [
    { t: -40, proc: 'server', stream: 'start', text: '' },
    { t: 5, proc: 'server', stream: 'stdout', text: 'server: listening\n' },
    { t: 400, proc: 'client', stream: 'start', text: '' },
    { t: 400, proc: 'client', stream: 'stdout', text: 'client: connected\n' },
    { t: 899, proc: 'client', stream: 'typed', text: 'data1' },
  ],
};

describe('a recording of real Linux, replayed', () => {
  it('plays terminals and events on one clock from the first start, a start before its output before its events', () => {
    const plan = replayPlan(reference);
    assert.deepEqual(
      plan.map((a) => [a.at, a.kind, a.kind === 'event' ? a.event.kind : a.proc]),
      [
        [0, 'start', 'server'],
        [40, 'event', 'listen'],
        [45, 'output', 'server'],
        [440, 'start', 'client'],
        [440, 'output', 'client'],
        [440, 'event', 'connect'],
        [939, 'typed', 'client'],
        [940, 'event', 'write'],
      ],
    );
  });

  it('has nothing to play for a reference recorded without its terminals', () => {
    const { lab, scenario, recordedWith, steps, events } = reference;
    assert.deepEqual(replayPlan({ lab, scenario, recordedWith, steps, events }), []);
  });

  it('is not compared with the reference it is: the verdict says it was the recording', () => {
    const scenario = {
      id: 'close',
      title: 'Close run',
      startFirst: ['server', 'client'],
      input: ['data1'],
    } as unknown as LabScenario;
    const run = { events: reference.events, steps: reference.steps, edited: false };
    assert.equal(judgeRun({ scenario, reference, run, recording: true }).kind, 'compared');
    assert.deepEqual(judgeRun({ scenario, reference, run: { ...run, watched: true }, recording: true }), {
      kind: 'watched',
    });
  });
});
