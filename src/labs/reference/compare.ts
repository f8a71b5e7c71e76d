import { describeEvent, type TraceEvent } from '../trace/events';

/**
 * Comparing a run with a reference: both traces are split into streams that do not depend on
 * timing, and each stream is compared step by step.
 *
 * - A process's own stream: listening, a failed listen, its exit code.
 * - Per socket, what it received (connect/accept, data, end of stream, errors, timeout, close)
 *   and what it sent (writes with their results, end(), destroy(), resetAndDestroy()).
 *
 * How a socket's sends and receives interleave, or how two processes' events interleave,
 * depends on how fast the learner types, so it is not compared. Consecutive data events are
 * merged: how bytes are cut into chunks is not a difference either. Exits without a code
 * (a process stopped by the learner or by the recorder) are left out.
 */
export interface StreamStep {
  /** e.g. "server, socket 1, received" */
  readonly stream: string;
  readonly text: string;
}

const sends = new Set<TraceEvent['kind']>(['write', 'end()', 'destroy', 'resetAndDestroy']);

function streamOf(event: TraceEvent): string {
  if (event.socket === 0) return event.proc;
  return `${event.proc}, socket ${event.socket}, ${sends.has(event.kind) ? 'sent' : 'received'}`;
}

/** The event in words, without what changes from run to run (addresses, ports). */
export function stepText(event: TraceEvent): string {
  switch (event.kind) {
    case 'listen':
      return 'listening';
    case 'accept':
      return 'accepted a connection';
    case 'connect':
      return 'connected';
    case 'data':
      return `received ${JSON.stringify(event.text ?? '')}`;
    default:
      return describeEvent(event);
  }
}

interface TimedStep {
  readonly text: string;
  /** When the step (its first event) happened. */
  readonly t: number;
}

/** The run's streams, each a list of steps in order. */
export function streamsOf(events: readonly TraceEvent[]): Map<string, TimedStep[]> {
  const streams = new Map<string, TimedStep[]>();
  const pendingData = new Map<string, { text: string; t: number }>();
  const flush = (stream: string) => {
    const data = pendingData.get(stream);
    if (data === undefined) return;
    pendingData.delete(stream);
    streams
      .get(stream)!
      .push({ text: stepText({ t: 0, proc: '', socket: 1, kind: 'data', text: data.text }), t: data.t });
  };
  for (const event of events) {
    if (event.kind === 'exit' && (event.exitCode === null || event.exitCode === undefined)) continue;
    const stream = streamOf(event);
    if (!streams.has(stream)) streams.set(stream, []);
    if (event.kind === 'data') {
      const pending = pendingData.get(stream);
      pendingData.set(stream, { text: (pending?.text ?? '') + (event.text ?? ''), t: pending?.t ?? event.t });
      continue;
    }
    flush(stream);
    streams.get(stream)!.push({ text: stepText(event), t: event.t });
  }
  for (const stream of [...pendingData.keys()]) flush(stream);
  return streams;
}

export type Comparison =
  /** Every stream of the run equals the reference's. */
  | { readonly state: 'matches' }
  /** Nothing differs yet; `next` is what real Linux did next in streams not yet complete. */
  | { readonly state: 'so-far'; readonly next: readonly StreamStep[] }
  /** The first difference found: what real Linux did there, and what the run did instead. */
  | {
      readonly state: 'differs';
      readonly stream: string;
      readonly expected: string | null;
      readonly actual: string | null;
    };

/** Compares a (possibly unfinished) run with the reference. */
export function compareWithReference(reference: readonly TraceEvent[], run: readonly TraceEvent[]): Comparison {
  const texts = (streams: Map<string, TimedStep[]>) =>
    new Map([...streams].map(([stream, steps]) => [stream, steps.map((step) => step.text)]));
  const timed = streamsOf(reference);
  const expected = texts(timed);
  const actual = texts(streamsOf(run));
  const next: (StreamStep & { t: number })[] = [];
  for (const [stream, steps] of actual) {
    const want = expected.get(stream) ?? [];
    for (let i = 0; i < steps.length; i++) {
      if (steps[i] !== want[i]) {
        // A data step that is the start of the reference's is still arriving, not different.
        const arriving = isDataPrefix(steps[i]!, want[i]) && i === steps.length - 1;
        if (!arriving) return { state: 'differs', stream, expected: want[i] ?? null, actual: steps[i]! };
      }
    }
  }
  for (const [stream, want] of expected) {
    const have = actual.get(stream) ?? [];
    const at = have.length > 0 && have[have.length - 1] !== want[have.length - 1] ? have.length - 1 : have.length;
    if (at < want.length) next.push({ stream, text: want[at]!, t: timed.get(stream)![at]!.t });
  }
  if (next.length === 0) return { state: 'matches' };
  return { state: 'so-far', next: next.sort((a, b) => a.t - b.t).map(({ stream, text }) => ({ stream, text })) };
}

function isDataPrefix(step: string, want: string | undefined): boolean {
  const quoted = /^received (".*")$/;
  const a = quoted.exec(step);
  const b = want === undefined ? null : quoted.exec(want);
  if (!a || !b) return false;
  return (JSON.parse(b[1]!) as string).startsWith(JSON.parse(a[1]!) as string);
}
