import type { Lab, LabSummary } from '../../src/labs/types';

/** What a lesson page carries of a lab before it is opened: everything but the files. */
export function labSummary(lab: Lab): LabSummary {
  return {
    id: lab.id,
    runtime: lab.runtime,
    title: lab.title,
    summary: lab.summary,
    processes: lab.processes,
    scenarios: lab.scenarios,
    checks: lab.checks,
    filePaths: lab.filePaths,
    ...(lab.wirePredictions?.length ? { wirePredictions: lab.wirePredictions } : {}),
  };
}
