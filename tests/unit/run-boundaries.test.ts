import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carriedProcesses, startBeginsRun } from '../../src/components/Lab/timeline/run-boundaries';
import type { LabScenario, LabScenarioStep } from '../../src/labs/types';

const scenario = (id: string, startFirst: string[], input: LabScenarioStep[]): LabScenario => ({
  id,
  title: id,
  startFirst,
  input,
  observe: [],
});

/** Lesson 4's two runs. */
const closeVsShutdown = [
  scenario('close', ['server', 'client'], ['data1', 'data2', 'close']),
  scenario('shutdown', ['server', 'client'], ['data1', 'data2', 'shutdown']),
];
/** Lesson 6: a scenario that starts its server again, at once. */
const restartAfterClose = [
  scenario('restart', ['server', 'client'], ['ada', { start: 'server' }, 'bob']),
  scenario('port-busy', ['server'], [{ start: 'second' }]),
];

describe('when starting a process begins a new run', () => {
  it('always, when none of the run’s processes is running', () => {
    assert.equal(
      startBeginsRun('server', [{ start: 'server' }, { start: 'client' }, 'data1'], false, closeVsShutdown),
      true,
    );
  });

  it('not for the scenario’s next process (the client after the server)', () => {
    assert.equal(startBeginsRun('client', [{ start: 'server' }], true, closeVsShutdown), false);
  });

  it('lesson 4: starting the server again while the close run’s client is still up', () => {
    const closeRun: LabScenarioStep[] = [{ start: 'server' }, { start: 'client' }, 'data1', 'data2', 'close'];
    assert.equal(startBeginsRun('server', closeRun, true, closeVsShutdown), true);
  });

  it('lesson 6: not when starting the server again is the scenario’s own next step', () => {
    const steps: LabScenarioStep[] = [{ start: 'server' }, { start: 'client' }, 'ada'];
    assert.equal(startBeginsRun('server', steps, true, restartAfterClose), false);
  });

  it('not for a process this run has not started yet, even off-scenario', () => {
    assert.equal(startBeginsRun('second', [{ start: 'server' }, { start: 'client' }], true, restartAfterClose), false);
  });
});

describe('which still-running processes a new run takes over', () => {
  it('lesson 4: the server, when the client starts again after the shutdown run', () => {
    assert.deepEqual(carriedProcesses('client', new Set(['server']), closeVsShutdown), ['server']);
  });

  it('none when the process starting is the scenario’s first (the server restarted beside an old client)', () => {
    assert.deepEqual(carriedProcesses('server', new Set(['client']), closeVsShutdown), []);
  });

  it('none when a process the scenario starts first is not running (it will be a step of its own)', () => {
    assert.deepEqual(carriedProcesses('client', new Set(), closeVsShutdown), []);
  });
});
