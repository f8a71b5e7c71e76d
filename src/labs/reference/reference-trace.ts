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
}

/** An event without what changes from run to run (the time base and port numbers). */
export function withoutRunDetails(event: TraceEvent, start: number): TraceEvent {
  const rest: { -readonly [K in keyof TraceEvent]: TraceEvent[K] } = { ...event };
  delete rest.remote;
  delete rest.port;
  return { ...rest, t: Math.round((event.t - start) * 10) / 10 };
}
