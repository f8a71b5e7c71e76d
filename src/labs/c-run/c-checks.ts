import { endpointKey, type KernelEvent, type TcpStateName } from '../../runtimes/linux/kernel-events';
import { describeEnd, type CProcessEnd } from '../reference/native-c-reference';

/**
 * Checks of a C lab, judged on what the guest shows while the learner's run goes on: each
 * process's lines and how it ended, and the kernel's segments and socket states on loopback.
 */

/** A connection's two sides: the one that sent the SYN, and the one that accepted it. */
export type ConnectionSide = 'client' | 'server';

export const segmentKinds = ['SYN', 'FIN', 'RST', 'data'] as const;

/** One thing the guest can show. */
export type CObservation =
  /** A line the process printed contains this text. */
  | { readonly proc: string; readonly printed: string }
  /** The process ended so: "killed by SIGPIPE", "exited with code 0". */
  | { readonly proc: string; readonly ended: string }
  /** A segment of this kind on loopback, sent by that side of its connection if `from` is given. */
  | { readonly segment: (typeof segmentKinds)[number]; readonly from?: ConnectionSide }
  /** A socket in this state (as /proc/net/tcp names it), on that side if `side` is given. */
  | { readonly state: TcpStateName; readonly side?: ConnectionSide };

export interface CLabCheck {
  readonly id: string;
  readonly text: string;
  readonly scenario?: string;
  /** Each of these is seen (in any order: the terminals and the packet socket are separate paths). */
  readonly seen?: readonly CObservation[];
  /** This is never seen; judged only once `after` has been seen (else "not yet"). */
  readonly absent?: CObservation;
  readonly after?: CObservation;
}

/** What a run of a C lab has shown so far. */
export interface CRunView {
  /** Per process id: its complete lines (without the echo of typed lines), and its end once it ended. */
  readonly processes: Readonly<Record<string, { readonly lines: readonly string[]; readonly end: CProcessEnd | null }>>;
  /** The kernel's events since the run began. */
  readonly kernel: readonly KernelEvent[];
}

/**
 * The side of each endpoint of the run's connections, from their SYNs. A connection whose SYN
 * the run did not see (one left over from an earlier run) has no sides, so it matches nothing.
 */
function sidesOf(kernel: readonly KernelEvent[]): Map<string, ConnectionSide> {
  const sides = new Map<string, ConnectionSide>();
  for (const event of kernel) {
    if (event.kind === 'segment' && event.flags.syn && !event.flags.ack) {
      sides.set(endpointKey(event.from), 'client');
      sides.set(endpointKey(event.to), 'server');
    }
  }
  return sides;
}

function segmentIs(kind: (typeof segmentKinds)[number], event: Extract<KernelEvent, { kind: 'segment' }>): boolean {
  switch (kind) {
    case 'SYN':
      return event.flags.syn && !event.flags.ack;
    case 'FIN':
      return event.flags.fin;
    case 'RST':
      return event.flags.rst;
    case 'data':
      return event.length > 0;
  }
}

/** Whether the run has shown this. */
export function observed(observation: CObservation, run: CRunView): boolean {
  if ('printed' in observation) {
    return (run.processes[observation.proc]?.lines ?? []).some((line) => line.includes(observation.printed));
  }
  if ('ended' in observation) {
    const end = run.processes[observation.proc]?.end;
    return end !== null && end !== undefined && describeEnd(end) === observation.ended;
  }
  const sides = sidesOf(run.kernel);
  if ('segment' in observation) {
    return run.kernel.some((event) => {
      if (event.kind !== 'segment' || !segmentIs(observation.segment, event)) return false;
      const side = sides.get(endpointKey(event.from));
      return side !== undefined && (observation.from === undefined || side === observation.from);
    });
  }
  return run.kernel.some((event) => {
    if (event.kind !== 'tcp-state' || event.to !== observation.state) return false;
    const side = sides.get(endpointKey(event.local));
    return side !== undefined && (observation.side === undefined || side === observation.side);
  });
}

/** Met, or not yet, for what the run has shown so far. */
export function isCCheckMet(check: CLabCheck, run: CRunView): boolean {
  if (!(check.seen ?? []).every((observation) => observed(observation, run))) return false;
  if (check.absent) {
    if (check.after && !observed(check.after, run)) return false;
    if (observed(check.absent, run)) return false;
  }
  return Boolean(check.seen?.length || check.absent);
}
