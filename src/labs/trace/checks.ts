import type { TraceEvent } from './events';

/** Which events a check looks for. Every field given must match. */
export interface EventMatch {
  readonly proc: string;
  readonly kind: TraceEvent['kind'];
  readonly textIncludes?: string;
  readonly result?: string;
  readonly code?: string;
  readonly exitCode?: number;
}

/**
 * Something the learner should observe, judged on the trace of their own run:
 * - `events`: each of these happens, in this order;
 * - `absent`: this never happens; judged only once `after` has happened (else "not yet").
 */
export interface LabCheck {
  readonly id: string;
  readonly text: string;
  readonly scenario?: string;
  readonly events?: readonly EventMatch[];
  readonly absent?: EventMatch;
  readonly after?: EventMatch;
}

export function matches(event: TraceEvent, match: EventMatch): boolean {
  return (
    event.proc === match.proc &&
    event.kind === match.kind &&
    (match.textIncludes === undefined || (event.text ?? '').includes(match.textIncludes)) &&
    (match.result === undefined || event.result === match.result) &&
    (match.code === undefined || event.code === match.code) &&
    (match.exitCode === undefined || event.exitCode === match.exitCode)
  );
}

/** Met, or not yet, for the events seen so far (in time order). */
export function isMet(check: LabCheck, events: readonly TraceEvent[]): boolean {
  let from = 0;
  for (const wanted of check.events ?? []) {
    const index = events.findIndex((e, i) => i >= from && matches(e, wanted));
    if (index < 0) return false;
    from = index + 1;
  }
  if (check.absent) {
    if (check.after && !events.some((e) => matches(e, check.after!))) return false;
    if (events.some((e) => matches(e, check.absent!))) return false;
  }
  return Boolean(check.events?.length || check.absent);
}
