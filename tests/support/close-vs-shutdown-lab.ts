import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReferenceTrace } from '../../src/labs/reference/reference-trace';
import type { LabSummary } from '../../src/labs/types';

/** Lesson 4's lab, read from its folder as the site ships it, for component and hook tests. */
const labDir = path.resolve(__dirname, '../../labs/close-vs-shutdown');
const manifest = JSON.parse(readFileSync(path.join(labDir, 'lab.json'), 'utf8')) as Omit<LabSummary, 'id'>;

export const closeVsShutdown: LabSummary = {
  ...manifest,
  id: 'close-vs-shutdown',
  processes: manifest.processes.map((p) => Object.assign({ env: {}, args: [], stdin: false }, p)),
  scenarios: manifest.scenarios.map((s) => ({ ...s, startFirst: ['server', 'client'] })),
  filePaths: [],
};

/** The recorded real-Linux run of one of its scenarios ("close", "shutdown"). */
export const closeVsShutdownReference = (scenario: string): ReferenceTrace =>
  JSON.parse(readFileSync(path.join(labDir, 'reference', `${scenario}.json`), 'utf8')) as ReferenceTrace;
