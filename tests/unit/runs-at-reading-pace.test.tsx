import '../support/dom';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { act, cleanup, renderHook } from '@testing-library/react';
import { labSummary } from '../../plugins/labs/lab-summary';
import { loadLab } from '../../plugins/labs/load-labs';
import { CRunRecorder } from '../../src/components/Lab/linux/c-run-recorder';
import { useTrace } from '../../src/components/Lab/timeline/useTrace';
import { compareCRun } from '../../src/labs/reference/compare-c';
import type { Comparison } from '../../src/labs/reference/compare';
import { judgeSteps, stepsOf } from '../../src/labs/reference/run-verdict';
import type { Lab, LabScenario, LabScenarioStep } from '../../src/labs/types';
import type { ExitStatus, RunningProcess } from '../../src/runtimes/runtime';
import { fakeLinux } from '../support/fake-linux';

/**
 * Every scenario of every lab, played as a learner following its guide at a reading pace: 3 s
 * between steps on a fake clock, in which the processes that end by themselves do end. Each
 * scenario must be one run with exactly the scenario's steps, compared with its reference, in
 * the socket timeline's runs (every lab's workbench) and in a C lab's recorder (its checks and
 * native reference). Three ways the processes may go while the learner reads:
 *
 * - "slow": every process has ended by the next step unless a later step types into it (the
 *   slowest learner: lesson 5's three cases, lesson 6's two restarts, each over in a second);
 * - "together": nothing ends before the scenario's last step (a quick learner, or long programs);
 * - "left running": nothing ends at all, and the next scenario starts (or restarts) its
 *   processes beside what the last one left running.
 */

const labsDir = path.resolve(__dirname, '../../labs');
const GAP_MS = 3000;

/** Lab ids, read at once: node:test needs the tests declared before anything awaits. */
const labIds = readdirSync(labsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(labsDir, entry.name, 'lab.json')))
  .map((entry) => ({
    id: entry.name,
    c:
      (JSON.parse(readFileSync(path.join(labsDir, entry.name, 'lab.json'), 'utf8')) as { runtime?: string }).runtime ===
      'linux',
  }));

type Pace = 'slow' | 'together' | 'left running';
const paces: Pace[] = ['slow', 'together', 'left running'];

/** What a play drives: the processes' starts, typing and ends, and the run as recorded. */
interface Driver {
  /** Starts the process, for a step of `scenario` (what it prints is that scenario's). */
  start(id: string, scenario: LabScenario): Promise<void>;
  type(reader: string, line: string): Promise<void>;
  /** The process prints what it prints in the scenario; then, unless `how` is "keeps running", ends as it does there. */
  finish(id: string, how: 'ends' | 'keeps running'): void;
  /** The learner stops it (or presses Restart). */
  stop(id: string): void;
  running(id: string): boolean;
  /** The current run: its number, its steps, and its comparison with the scenario's reference. */
  run(scenario: LabScenario): { number: number; steps: readonly LabScenarioStep[]; comparison: Comparison | null };
}

/** For each step, the processes whose running instance no later step concerns (not typed into, not restarted). */
function doneAfter(lab: Lab, steps: readonly LabScenarioStep[]): Map<number, string[]> {
  const reader = lab.processes.find((p) => p.stdin)?.id;
  const last = new Map<string, number>();
  const done = new Map<number, string[]>();
  const close = (id: string) => {
    if (last.has(id)) done.set(last.get(id)!, [...(done.get(last.get(id)!) ?? []), id]);
  };
  steps.forEach((step, i) => {
    const id = typeof step === 'string' ? reader! : step.start;
    if (typeof step !== 'string') close(id); // started again: the instance before is done
    last.set(id, i);
  });
  for (const id of last.keys()) close(id);
  return done;
}

/** Plays every scenario of the lab in order at the given pace; checks each is one run with its steps, compared. */
async function playLab(lab: Lab, driver: Driver, pace: Pace): Promise<void> {
  const reader = lab.processes.find((p) => p.stdin)?.id;
  let before = driver.run(lab.scenarios[0]!).number;
  for (const scenario of lab.scenarios) {
    const steps = stepsOf(scenario);
    const done = doneAfter(lab, steps);
    for (const [i, step] of steps.entries()) {
      if (typeof step === 'string') await driver.type(reader!, step);
      else {
        // Start once it has ended, Restart while it runs.
        if (driver.running(step.start)) driver.stop(step.start);
        await driver.start(step.start, scenario);
      }
      const finishing =
        pace === 'slow' ? (done.get(i) ?? []) : i === steps.length - 1 ? [...new Set([...done.values()].flat())] : [];
      for (const id of finishing) {
        setTimeout(() => driver.finish(id, pace === 'left running' ? 'keeps running' : 'ends'), 500);
      }
      // The learner reads for 3 s.
      mock.timers.tick(GAP_MS);
      await settle();
    }
    const run = driver.run(scenario);
    const where = `${lab.id} / ${scenario.id} (${pace})`;
    assert.equal(run.number, before + 1, `${where}: one new run for the scenario`);
    assert.deepEqual(run.steps, steps, `${where}: the run's steps are the scenario's`);
    assert.ok(run.comparison, `${where}: the run is compared`);
    if (pace === 'left running') assert.notEqual(run.comparison.state, 'differs', where);
    else assert.deepEqual(run.comparison, { state: 'matches' }, where);
    before = run.number;
  }
}

/** Lets promise callbacks and stream reads run (setImmediate is not faked). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => new Promise<void>((resolve) => setImmediate(resolve)));
}

/** The socket timeline's runs (useTrace), as every lab's workbench keeps them. */
function traceDriver(lab: Lab): Driver {
  const { result } = renderHook(() => useTrace(labSummary(lab), () => false));
  /** Process id → the run its running instance belongs to. */
  const instances = new Map<string, number>();
  const exit = (id: string) => {
    const run = instances.get(id);
    if (run === undefined) return;
    instances.delete(id);
    act(() => result.current.hooks.onExit(id, run));
  };
  return {
    async start(id) {
      await act(async () => void instances.set(id, result.current.hooks.onStart(id)));
    },
    async type(reader, line) {
      await act(async () => result.current.hooks.onInput(reader, line, instances.get(reader)!));
    },
    finish(id, how) {
      if (how === 'ends') exit(id);
    },
    stop: exit,
    running: (id) => instances.has(id),
    run(scenario) {
      const { run, runNumber } = result.current;
      const verdict = judgeSteps({
        scenario,
        hasReference: true,
        recording: true,
        steps: run.steps,
        edited: run.edited,
        // Its events are compared with the reference elsewhere (tests/scenarios/references.test.ts).
        compare: () => ({ state: 'matches' }),
      });
      return {
        number: runNumber,
        steps: run.steps,
        comparison: verdict.kind === 'compared' ? verdict.comparison : null,
      };
    },
  };
}

/** A C lab's recorder over a stand-in for Linux whose processes print their native reference's lines. */
function cRecorderDriver(lab: Lab): Driver {
  const recorder = new CRunRecorder(lab.scenarios, () => lab.files);
  const fake = fakeLinux();
  // Each process prints its native reference's lines when it ends (or when the run is over and
  // it keeps running), not when stopped: then it printed nothing.
  const spawn = fake.runtime.spawn;
  fake.runtime.spawn = async (request) => {
    const proc = await spawn(request);
    const id = request.trace!;
    const { print, echo, end: close } = fake.procs.get(id)!;
    const { lines, end } = lab.nativeReferences!.find((r) => r.scenario === starting!.id)!.processes[id]!;
    let printed = false;
    const finish = (status: ExitStatus | null) => {
      if (!printed && status?.signal !== 'SIGTERM') {
        printed = true;
        if (lines.length > 0) print(lines.join('\r\n') + '\r\n');
      }
      if (!status) return;
      close(status);
      running.delete(id);
    };
    running.set(id, {
      type: (line) => echo(`${line}\r\n`), // the terminal's echo, apart from the program's output
      finish: (how) =>
        // A process the native run left running when the scenario was over goes on running.
        finish(
          how === 'ends' && end
            ? end.signal
              ? { code: null, signal: end.signal }
              : { code: end.code, signal: null }
            : null,
        ),
      stop: () => finish({ code: null, signal: 'SIGTERM' }),
    });
    return proc;
  };
  let starting: LabScenario | null = null;
  const running = new Map<
    string,
    { type(line: string): void; finish(how: 'ends' | 'keeps running'): void; stop(): void }
  >();
  const inputs = new Map<string, RunningProcess>();
  const { runtime } = recorder.watch(fake.runtime);
  return {
    async start(id, scenario) {
      starting = scenario;
      const spec = lab.processes.find((p) => p.id === id)!;
      await runtime.mount(lab.id, lab.files);
      const proc = await runtime.spawn({ dir: lab.id, file: spec.file, args: spec.args, env: {}, trace: id });
      inputs.set(id, proc);
      // The page reads the output, as useLabProcess does.
      void (async () => {
        const reader = proc.output.getReader();
        while (!(await reader.read()).done);
      })();
      await settle();
    },
    async type(reader, line) {
      inputs.get(reader)!.writeInput(`${line}\r`);
      running.get(reader)!.type(line);
      await settle();
    },
    finish: (id, how) => running.get(id)?.finish(how),
    stop: (id) => running.get(id)?.stop(),
    running: (id) => running.has(id),
    run(scenario) {
      // The recorder works out the processes' lines when it next tells its listeners (after 100 ms).
      mock.timers.tick(200);
      const run = recorder.getSnapshot();
      const reference = lab.nativeReferences!.find((r) => r.scenario === scenario.id);
      const verdict = judgeSteps({
        scenario,
        hasReference: reference !== undefined,
        recording: true,
        steps: run.steps,
        edited: run.edited,
        compare: () => compareCRun(reference!.processes, run.processes),
      });
      return {
        number: run.number,
        steps: run.steps,
        comparison: verdict.kind === 'compared' ? verdict.comparison : null,
      };
    },
  };
}

describe('every scenario of every lab, played with 3 s between steps, is one run compared with its reference', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => {
    mock.timers.reset();
    cleanup();
  });

  for (const { id, c } of labIds) {
    for (const pace of paces) {
      it(`${id}: the socket timeline's runs (${pace})`, async () => {
        const lab = await loadLab(labsDir, id);
        await playLab(lab, traceDriver(lab), pace);
      });
      if (c) {
        it(`${id}: the C recorder's runs, checks and native reference (${pace})`, async () => {
          const lab = await loadLab(labsDir, id);
          await playLab(lab, cRecorderDriver(lab), pace);
        });
      }
    }
  }
});
