import type { Comparison, StreamStep } from './compare';
import { describeEnd, sameOutputLine, type CProcessEnd, type CProcessRun } from './native-c-reference';

/** A process of the learner's run so far: its complete lines, and its end once it ended. */
export interface CProcessSoFar {
  readonly lines: readonly string[];
  readonly end: CProcessEnd | null;
}

const printed = (line: string) => `prints ${JSON.stringify(line)}`;

/**
 * Compares a (possibly unfinished) run of a C lab's scenario with its native reference, process
 * by process: the lines so far must be the reference's first lines (durations in ms aside), and a
 * process that ended must have printed all of them and ended the same way. How the processes'
 * lines interleave depends on timing, so it is not compared. A process the reference saw still
 * running when the scenario was over (its end is null) is not judged on its end.
 */
export function compareCRun(
  reference: Readonly<Record<string, CProcessRun>>,
  run: Readonly<Record<string, CProcessSoFar>>,
): Comparison {
  for (const id of Object.keys(run)) {
    if (!(id in reference)) return { state: 'differs', stream: id, expected: 'does not run', actual: 'ran' };
  }
  const next: StreamStep[] = [];
  for (const [id, want] of Object.entries(reference)) {
    const got = run[id];
    if (!got) {
      next.push({ stream: id, text: want.lines[0] ? printed(want.lines[0]) : describeEnd(want.end) });
      continue;
    }
    for (let i = 0; i < got.lines.length; i++) {
      const line = want.lines[i];
      if (line === undefined || !sameOutputLine(line, got.lines[i]!)) {
        return {
          state: 'differs',
          stream: `${id}, line ${i + 1}`,
          expected: line === undefined ? 'no more lines' : printed(line),
          actual: printed(got.lines[i]!),
        };
      }
    }
    const missing = want.lines[got.lines.length];
    if (got.end === null) {
      if (missing !== undefined) next.push({ stream: id, text: printed(missing) });
      else if (want.end !== null) next.push({ stream: id, text: describeEnd(want.end) });
      continue;
    }
    if (missing !== undefined) {
      return {
        state: 'differs',
        stream: `${id}, line ${got.lines.length + 1}`,
        expected: printed(missing),
        actual: describeEnd(got.end),
      };
    }
    if (want.end !== null && describeEnd(want.end) !== describeEnd(got.end)) {
      return { state: 'differs', stream: id, expected: describeEnd(want.end), actual: describeEnd(got.end) };
    }
  }
  return next.length === 0 ? { state: 'matches' } : { state: 'so-far', next };
}
