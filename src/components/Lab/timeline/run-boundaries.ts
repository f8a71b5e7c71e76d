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
