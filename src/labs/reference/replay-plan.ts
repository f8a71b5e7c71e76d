import type { TraceEvent } from '../trace/events';
import type { RecordedTerminalEntry, ReferenceTrace } from './reference-trace';

/** One thing to do, `at` ms after a recording's replay began. */
export type ReplayAction =
  | { readonly at: number; readonly kind: 'start'; readonly proc: string }
  | { readonly at: number; readonly kind: 'output'; readonly proc: string; readonly text: string }
  | { readonly at: number; readonly kind: 'typed'; readonly proc: string; readonly text: string }
  | { readonly at: number; readonly kind: 'event'; readonly event: TraceEvent };

/** Order among things recorded at the same moment: a start before its output, output before events. */
const rank = { start: 0, typed: 1, output: 2, event: 3 } as const;

const actionOf = (entry: RecordedTerminalEntry, at: number): ReplayAction =>
  entry.stream === 'start'
    ? { at, kind: 'start', proc: entry.proc }
    : entry.stream === 'typed'
      ? { at, kind: 'typed', proc: entry.proc, text: entry.text }
      : { at, kind: 'output', proc: entry.proc, text: entry.text };

/**
 * A reference's terminals and socket events as one timeline, from its first start, at the pace
 * they were recorded (a server's 5 s delay stays 5 s: that wait is what the lab is about). Empty
 * when the reference holds no terminals (recorded before they were).
 */
export function replayPlan(reference: ReferenceTrace): ReplayAction[] {
  const terminals = reference.terminals ?? [];
  if (terminals.length === 0) return [];
  const first = Math.min(...terminals.map((e) => e.t), ...reference.events.map((e) => e.t));
  const actions: ReplayAction[] = [
    ...terminals.map((entry) => actionOf(entry, entry.t - first)),
    ...reference.events.map((event): ReplayAction => ({ at: event.t - first, kind: 'event', event })),
  ];
  return actions
    .map((action, i) => ({ action, i }))
    .sort((a, b) => a.action.at - b.action.at || rank[a.action.kind] - rank[b.action.kind] || a.i - b.i)
    .map(({ action }) => action);
}
