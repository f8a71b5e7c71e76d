import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadLabs } from '../../plugins/labs/load-labs';
import { carriedProcesses, startBeginsRun } from '../../src/components/Lab/timeline/run-boundaries';
import { stepsOf } from '../../src/labs/reference/run-verdict';
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
/** Lesson 5's C lab: three processes, each over within a second, in one scenario. */
const threeCases = [scenario('run', ['own-shutdown', 'nosignal', 'after-fin'], [])];
/** Lesson 5's other C lab: one scenario per process. */
const dispositions = [
  scenario('default', ['default'], []),
  scenario('ignore', ['ignore'], []),
  scenario('handler', ['handler'], []),
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

  it('lesson 5: not for the scenario’s next process when the ones before have already ended (a reading pace)', () => {
    assert.equal(startBeginsRun('nosignal', [{ start: 'own-shutdown' }], false, threeCases), false);
    assert.equal(
      startBeginsRun('after-fin', [{ start: 'own-shutdown' }, { start: 'nosignal' }], false, threeCases),
      false,
    );
  });

  it('a process of the run started again once everything ended: a fresh attempt, even when a scenario starts it again', () => {
    assert.equal(startBeginsRun('own-shutdown', [{ start: 'own-shutdown' }], false, threeCases), true);
    const steps: LabScenarioStep[] = [{ start: 'server' }, { start: 'client' }, 'ada'];
    assert.equal(startBeginsRun('server', steps, false, restartAfterClose), true);
  });

  it('lesson 5: a run that did all of a scenario’s steps is over, even while its process still runs', () => {
    assert.equal(startBeginsRun('ignore', [{ start: 'default' }], true, dispositions), true);
    assert.equal(startBeginsRun('ignore', [{ start: 'default' }], false, dispositions), true);
  });

  it('a cleared run (no steps) is continued only beside a process still running', () => {
    assert.equal(startBeginsRun('nosignal', [], false, threeCases), true);
    assert.equal(startBeginsRun('client', [], true, closeVsShutdown), false);
  });
});

describe('every lab’s scenario steps, whatever ended between them', () => {
  it('each start a scenario’s guide asks for continues its run, with or without the processes before it still running', async () => {
    const labs = await loadLabs(path.resolve(__dirname, '../../labs'));
    let checked = 0;
    for (const lab of labs) {
      const reader = lab.processes.find((p) => p.stdin)?.id;
      for (const s of lab.scenarios) {
        const steps = stepsOf(s);
        for (const [i, step] of steps.entries()) {
          if (i === 0 || typeof step === 'string') continue;
          const before = steps.slice(0, i);
          // What the learner types later goes to a process that must still be running then.
          const typedLater = steps.slice(i + 1).some((later) => typeof later === 'string');
          const mayAllHaveEnded = !(typedLater && before.some((b) => typeof b !== 'string' && b.start === reader));
          for (const anyRunning of mayAllHaveEnded ? [true, false] : [true]) {
            const where = `${lab.id} / ${s.id}, step ${i + 1} (${anyRunning ? 'some still running' : 'all ended'})`;
            // A process started again is a next step only while the others run (lesson 6's restart).
            const restart = before.some((b) => typeof b !== 'string' && b.start === step.start);
            if (restart && !anyRunning) continue;
            assert.equal(startBeginsRun(step.start, before, anyRunning, lab.scenarios), false, where);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 20, `only ${checked} starts checked`);
  });

  it('the first start of each scenario after another scenario was done begins a new run', async () => {
    const labs = await loadLabs(path.resolve(__dirname, '../../labs'));
    for (const lab of labs) {
      for (const done of lab.scenarios) {
        for (const next of lab.scenarios) {
          const first = next.startFirst[0]!;
          for (const anyRunning of [true, false]) {
            assert.equal(
              startBeginsRun(first, stepsOf(done), anyRunning, lab.scenarios),
              true,
              `${lab.id}: ${next.id} after ${done.id} (${anyRunning ? 'some still running' : 'all ended'})`,
            );
          }
        }
      }
    }
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
