import { readFile } from 'node:fs/promises';
import { release, type } from 'node:os';
import { stepsOf } from '../../src/labs/reference/run-verdict';
import type { NativeCReference } from '../../src/labs/reference/native-c-reference';
import type { Lab, LabScenario } from '../../src/labs/types';
import { compilerVersion, NativeCHost } from './native-c-host';
import { playCScenario } from './play-c-scenario';
import { referencePath } from './references';

/** Plays a C lab's scenario natively (the host's compiler and kernel) and returns it as a reference. */
export async function recordCReference(cc: string, lab: Lab, scenario: LabScenario): Promise<NativeCReference> {
  const processes = await playCScenario(new NativeCHost(cc), lab, scenario);
  return {
    lab: lab.id,
    scenario: scenario.id,
    recordedWith: { compiler: compilerVersion(cc), os: `${type()} ${release()}` },
    steps: stepsOf(scenario),
    processes,
  };
}

export async function readCReference(labsDir: string, labId: string, scenarioId: string): Promise<NativeCReference> {
  return JSON.parse(await readFile(referencePath(labsDir, labId, scenarioId), 'utf8')) as NativeCReference;
}
