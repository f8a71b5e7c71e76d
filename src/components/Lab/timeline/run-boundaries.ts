import { followsScenario } from '../../../labs/reference/run-verdict';
import type { LabScenario, LabScenarioStep } from '../../../labs/types';

/**
 * Whether starting process `id` begins a new run rather than adding a step to the current one.
 * It does when none of the current run's processes is running, and when `id` was already
 * started in this run and starting it again is no scenario's next step (a scenario may restart
 * a process: lesson 6 starts its server again at once).
 */
export function startBeginsRun(
  id: string,
  steps: readonly LabScenarioStep[],
  anyRunning: boolean,
  scenarios: readonly LabScenario[],
): boolean {
  if (!anyRunning) return true;
  const startedBefore = steps.some((step) => typeof step !== 'string' && step.start === id);
  if (!startedBefore) return false;
  const next = [...steps, { start: id }];
  return !scenarios.some((scenario) => followsScenario(next, scenario));
}

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
