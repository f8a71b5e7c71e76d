/** What a trace event can be: those recorded by labs/_trace/trace.cjs, plus `exit`, which the page adds. */
export const traceEventKinds = [
  'listen',
  'accept',
  'connect',
  'data',
  'write',
  'end',
  'error',
  'close',
  'timeout',
  'end()',
  'destroy',
  'resetAndDestroy',
  'exit',
] as const;
export type TraceEventKind = (typeof traceEventKinds)[number];

/** One socket event recorded by labs/_trace/trace.cjs in a lab process. */
export interface TraceEvent {
  /** Milliseconds since the epoch, fractional: comparable across the lab's processes. */
  readonly t: number;
  /** The lab process, e.g. "server". */
  readonly proc: string;
  /** Which of that process's sockets (0: a listening server). */
  readonly socket: number;
  readonly kind: TraceEventKind;
  readonly text?: string;
  readonly bytes?: number;
  readonly result?: string;
  readonly code?: string;
  readonly syscall?: string;
  readonly remote?: string;
  readonly port?: number;
  readonly hadError?: boolean;
  /** With `exit`: the exit code, or null when a signal ended the process. */
  readonly exitCode?: number | null;
}

/** Parses one trace line; null for anything that is not an event. */
export function parseTraceLine(line: string): TraceEvent | null {
  try {
    const value = JSON.parse(line) as Partial<TraceEvent>;
    if (typeof value.t !== 'number' || typeof value.proc !== 'string') return null;
    if (!(traceEventKinds as readonly string[]).includes(value.kind ?? '')) return null;
    return value as TraceEvent;
  } catch {
    return null;
  }
}

const show = (text: string | undefined) => JSON.stringify((text ?? '').replace(/\n$/, ''));

/** The event as a sentence for the timeline, e.g. `write "Hi, data2" → EPIPE`. */
export function describeEvent(event: TraceEvent): string {
  switch (event.kind) {
    case 'listen':
      return `listening on port ${event.port ?? '?'}`;
    case 'accept':
      return `accepted a connection from ${event.remote ?? '?'}`;
    case 'connect':
      return `connected to ${event.remote ?? '?'}`;
    case 'data':
      return `received ${show(event.text)} (${event.bytes ?? 0} bytes)`;
    case 'write':
      return `write ${show(event.text)} → ${event.result === 'ok' ? 'ok' : event.result}`;
    case 'end':
      return 'end of stream (FIN received)';
    case 'end()':
      return 'called end(): FIN';
    case 'destroy':
      return 'called destroy()';
    case 'resetAndDestroy':
      return 'called resetAndDestroy(): RST';
    case 'error':
      return `error ${event.code ?? ''}${event.syscall ? ` (${event.syscall})` : ''}`;
    case 'close':
      return event.hadError ? 'socket closed after an error' : 'socket closed';
    case 'timeout':
      return 'idle timeout';
    case 'exit':
      return event.exitCode === null || event.exitCode === undefined
        ? 'process ended'
        : `process exited with code ${event.exitCode}`;
  }
}
