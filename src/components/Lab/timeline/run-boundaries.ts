import { followsScenario, stepsOf } from '../../../labs/reference/run-verdict';
import type { LabScenario, LabScenarioStep } from '../../../labs/types';

/**
 * Whether starting process `id` begins a new run rather than adding a step to the current one.
 * The rule is drawn from the scenarios' steps, not from how long the learner took between them
 * (a process that ends by itself may have ended by the next click, or not), so that a learner who
 * reads between the steps gets the same run as one who clicks at once:
 *
 * - A start that is a scenario's next step continues the run. When nothing of the run is still
 *   running, only a process the run has not started yet does: lesson 5's three cases and lesson
 *   6's two restarts are one run of processes that each end within a second. A process started
 *   again after everything stopped is a fresh attempt ("Start afresh" stops all, then starts the
 *   scenario's first process).
 * - Otherwise, when none of the run's processes is running, a new run begins.
 * - Otherwise, when the run has done all the steps of a scenario, that run is over and a new one
 *   begins: lesson 5's "default" still running (or compiling) when the learner starts "ignore",
 *   each a scenario of its own.
 * - Otherwise a process the run started already, started again, begins a new run (lesson 4: the
 *   server started again for the shutdown run while the close run's client is still up), and a
 *   process it has not started yet is one more step of it, off every scenario's path or not.
 *
 * A scenario may start a process again while the rest run (lesson 6: the Node server exits and is
 * started again at once): that is a next step, so it continues the run.
 */
export function startBeginsRun(
  id: string,
  steps: readonly LabScenarioStep[],
  anyRunning: boolean,
  scenarios: readonly LabScenario[],
): boolean {
  const startedBefore = steps.some((step) => typeof step !== 'string' && step.start === id);
  const next = [...steps, { start: id }];
  const nextStep = steps.length > 0 && scenarios.some((scenario) => followsScenario(next, scenario));
  if (!anyRunning) return !(nextStep && !startedBefore);
  if (nextStep) return false;
  if (scenarios.some((scenario) => doneAllSteps(steps, scenario))) return true;
  return startedBefore;
}

const doneAllSteps = (steps: readonly LabScenarioStep[], scenario: LabScenario) =>
  steps.length === stepsOf(scenario).length && followsScenario(steps, scenario);

/**
 * The processes a new run that begins with starting `id` takes over from the run before: those
 * a scenario starts before `id`, when every one of them is still running. Lesson 4's server
 * keeps serving after the shutdown run, so starting the client again (to try Ctrl-D) is that
 * scenario with the server already up. Empty when `id` is a scenario's first process, or when a
 * process the scenario needs first is not running (it will be started, a step of its own).
 */
export function carriedProcesses(
  id: string,
  stillRunning: ReadonlySet<string>,
  scenarios: readonly LabScenario[],
): string[] {
  for (const scenario of scenarios) {
    const at = scenario.startFirst.indexOf(id);
    if (at <= 0) continue;
    const before = scenario.startFirst.slice(0, at);
    if (before.every((p) => stillRunning.has(p))) return before;
  }
  return [];
}
