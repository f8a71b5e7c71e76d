import '../support/dom';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { act, cleanup, render, screen } from '@testing-library/react';
import Prediction from '../../src/components/Prediction';
import { announceLabRun } from '../../src/components/Prediction/lab-run-event';
import { endedScenarios } from '../../src/components/Lab/workbench/ended-scenarios';
import type { TraceEvent } from '../../src/labs/trace/events';
import type { LabScenario } from '../../src/labs/types';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

const LAB = 'close-vs-shutdown';
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, `../../labs/${LAB}/lab.json`), 'utf8')) as {
  scenarios: Omit<LabScenario, 'startFirst'>[];
};
const scenarios: LabScenario[] = manifest.scenarios.map((s) => ({ ...s, startFirst: ['server', 'client'] }));
const stepsOf = (typed: string[]) => [{ start: 'server' }, { start: 'client' }, ...typed];
const exit = (proc: string) => ({ t: 1, proc, socket: 0, kind: 'exit', exitCode: 1 }) as TraceEvent;

function renderPrediction(props: { scenario?: string; edited?: boolean }) {
  render(
    <Prediction id="p" labId={LAB} {...props} question="What happens?" options={[{ text: 'This', correct: true }]}>
      <p>The explanation.</p>
    </Prediction>,
  );
  return () => screen.getByText('The explanation.').closest('div')!.hidden;
}

describe('a prediction about one scenario unfolds only when that scenario was done', () => {
  it('stays folded when a process starts and through the other scenario, and unfolds at the end of its own', () => {
    const folded = renderPrediction({ scenario: 'shutdown' });
    act(() => announceLabRun(LAB));
    assert.equal(folded(), true, 'starting the server is not the shutdown run');
    act(() => announceLabRun(LAB, { scenario: 'close', edited: false, ended: true }));
    assert.equal(folded(), true, 'the close run is not the shutdown run');
    act(() => announceLabRun(LAB, { scenario: 'shutdown', edited: true, ended: true }));
    assert.equal(folded(), true, 'a run of changed code is not the lab’s own shutdown run');
    act(() => announceLabRun(LAB, { scenario: 'shutdown', edited: false, ended: true }));
    assert.equal(folded(), false);
  });

  it('a prediction about an edit waits for a run of changed code', () => {
    const folded = renderPrediction({ scenario: 'shutdown', edited: true });
    act(() => announceLabRun(LAB, { scenario: 'shutdown', edited: false, ended: true }));
    assert.equal(folded(), true);
    act(() => announceLabRun(LAB, { scenario: 'shutdown', edited: true, ended: true }));
    assert.equal(folded(), false);
  });

  it('a prediction that names no scenario still unfolds on any run of its lab', () => {
    const folded = renderPrediction({});
    act(() => announceLabRun(LAB));
    assert.equal(folded(), false);
  });
});

describe('which scenarios a run did to the end', () => {
  const run = (typed: string[], events: TraceEvent[], edited = false) => ({ steps: stepsOf(typed), events, edited });
  it('a scenario ends with all its steps and then its until events', () => {
    const ids = (typed: string[], events: TraceEvent[]) =>
      endedScenarios(scenarios, run(typed, events), true).map((s) => s.id);
    assert.deepEqual(ids(['data1', 'data2'], [exit('server')]), [], 'steps missing');
    assert.deepEqual(ids(['data1', 'data2', 'close'], []), [], 'the server has not ended yet');
    assert.deepEqual(ids(['data1', 'data2', 'close'], [exit('server')]), ['close']);
    assert.deepEqual(
      ids(['data1', 'data2', 'shutdown'], [exit('server')]),
      [],
      'the shutdown run waits for the client',
    );
    assert.deepEqual(ids(['data1', 'data2', 'shutdown'], [exit('client')]), ['shutdown']);
    assert.deepEqual(ids(['data1', 'other', 'shutdown'], [exit('client')]), [], 'other steps');
  });
});
