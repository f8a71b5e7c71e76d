import { didAllSteps, type LabRunRecord } from '../../../labs/reference/run-verdict';
import { matches } from '../../../labs/trace/checks';
import type { LabScenario } from '../../../labs/types';

/**
 * The scenarios a run has done to the end: all of the scenario's steps, in order, and then its
 * `until` events (e.g. the server's exit); a scenario without `until` ends when none of the
 * run's processes is running any more.
 */
export function endedScenarios(
  scenarios: readonly LabScenario[],
  run: LabRunRecord,
  anyRunning: boolean,
): LabScenario[] {
  return scenarios.filter((scenario) => {
    if (!didAllSteps(run.steps, scenario)) return false;
    if (!scenario.until) return !anyRunning;
    return scenario.until.every((match) => run.events.some((event) => matches(event, match)));
  });
}
