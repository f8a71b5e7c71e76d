import type { TraceEvent } from '../trace/events';
import type { LabScenarioStep } from '../scenario-step';

/**
 * What real Linux did in one scenario of a lab: the socket events of the lab's programs,
 * run with real Node by `npm run record-references`, stored in labs/<lab>/reference/<scenario>.json.
 */
export interface ReferenceTrace {
  readonly lab: string;
  readonly scenario: string;
  /** Where it was recorded, e.g. { node: "v20.20.2", os: "Linux 6.1.0" }. */
  readonly recordedWith: { readonly node: string; readonly os: string };
  /** What was done, in order: the processes started and the lines typed. */
  readonly steps: readonly LabScenarioStep[];
  /** The events, with `t` in milliseconds from the first one and no port numbers. */
  readonly events: readonly TraceEvent[];
  /**
   * What the terminals showed, on the events' clock (a process's start and its first lines may
   * come before the first event: `t` below 0): each start, the programs' output and each typed
   * line. "Watch it on real Linux" plays it where nothing can run the lab.
   */
  readonly terminals?: readonly RecordedTerminalEntry[];
}

/** One thing a lab's terminal showed while the reference was recorded. */
export interface RecordedTerminalEntry {
  readonly t: number;
  readonly proc: string;
  /** `start`: the process was started (text empty); `typed`: a line typed into it. */
  readonly stream: 'start' | 'stdout' | 'stderr' | 'typed';
  readonly text: string;
}

/** An event without what changes from run to run (the time base and port numbers). */
export function withoutRunDetails(event: TraceEvent, start: number): TraceEvent {
  const rest: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = { ...event };
  delete rest.remote;
  delete rest.port;
  return { ...rest, t: Math.round((event.t - start) * 10) / 10 };
}
