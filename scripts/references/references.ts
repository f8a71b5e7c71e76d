import { readFile } from 'node:fs/promises';
import { release, type } from 'node:os';
import path from 'node:path';
import { stepsOf } from '../../src/labs/reference/run-verdict';
import {
  withoutRunDetails,
  type RecordedTerminalEntry,
  type ReferenceTrace,
} from '../../src/labs/reference/reference-trace';
import type { Lab, LabScenario } from '../../src/labs/types';
import { playScenario } from './play-scenario';

/** Where a scenario's reference is kept: labs/<lab>/reference/<scenario>.json. */
export function referencePath(labsDir: string, labId: string, scenarioId: string): string {
  return path.join(labsDir, labId, 'reference', `${scenarioId}.json`);
}

/** Plays the scenario with real Node on this machine and returns it as a reference. */
export async function recordReference(lab: Lab, scenario: LabScenario): Promise<ReferenceTrace> {
  const terminals: RecordedTerminalEntry[] = [];
  const events = await playScenario(lab, scenario, undefined, (entry) => terminals.push(entry));
  const start = events[0]?.t ?? 0;
  const onEventClock = (t: number) => Math.round((t - start) * 10) / 10;
  return {
    lab: lab.id,
    scenario: scenario.id,
    recordedWith: { node: process.version, os: `${type()} ${release()}` },
    steps: stepsOf(scenario),
    events: events.map((event) => withoutRunDetails(event, start)),
    terminals: terminals.map((entry) => ({ ...entry, t: onEventClock(entry.t) })),
  };
}

export async function readReference(labsDir: string, labId: string, scenarioId: string): Promise<ReferenceTrace> {
  return JSON.parse(await readFile(referencePath(labsDir, labId, scenarioId), 'utf8')) as ReferenceTrace;
}
