/**
 * The kernel's events of a lab run, per TCP connection: the segments on loopback and the two
 * sockets' states, as steps of the lessons' sequence diagram and as sentences for the list.
 */
import type { Step, Tone } from '../SequenceDiagram/layout';
import {
  endpointKey,
  flagsLabel,
  type Endpoint,
  type KernelEvent,
  type Segment,
  type TcpStateChange,
  type TcpStateName,
} from '../../runtimes/linux/kernel-events';

/** One entry of the text list: when, and what happened, in words. */
export interface ViewEntry {
  /** Seconds since the connection's first event. */
  readonly at: number;
  readonly text: string;
  readonly tone: Tone | 'state';
}

export interface ConnectionView {
  /** "client :40000 ↔ server :5000" */
  readonly title: string;
  /** The side that sent the SYN, then the side that accepted. */
  readonly lanes: readonly [string, string];
  readonly steps: Step[];
  readonly entries: ViewEntry[];
  /** The SYN that opened the connection (the page tells runs apart by it). */
  readonly syn: Segment;
}

/** A state as the lessons write it: FIN-WAIT-1, TIME-WAIT, CLOSED (gone from /proc/net/tcp). */
export function stateLabel(state: TcpStateName | null): string {
  if (state === null) return 'CLOSED';
  return state.replace(/_/g, '-').replace(/WAIT(\d)$/, 'WAIT-$1');
}

/** What a segment is, as the lessons name it: SYN, SYN-ACK, ACK, FIN, RST, data (10 bytes). */
export function segmentLabel(s: Segment): string {
  const { syn, fin, rst, ack } = s.flags;
  const parts: string[] = [];
  if (syn) parts.push(ack ? 'SYN-ACK' : 'SYN');
  if (s.length > 0) parts.push(`data (${s.length} byte${s.length === 1 ? '' : 's'})`);
  if (fin) parts.push('FIN');
  if (rst) parts.push('RST');
  if (parts.length === 0) parts.push(ack ? 'ACK' : 'segment');
  return parts.join(' + ');
}

const toneOf = (s: Segment): Tone => (s.flags.rst ? 'rst' : s.length > 0 ? 'data' : 'control');

interface Connection {
  client: Endpoint;
  server: Endpoint;
  syn: Segment;
  events: KernelEvent[];
}

const pairKey = (a: Endpoint, b: Endpoint) => [endpointKey(a), endpointKey(b)].sort().join(' ');

/**
 * Groups the events by connection (a SYN without ACK names its client), in the order the kernel
 * showed them, and makes each one's diagram steps and list entries. Sequence numbers are relative
 * to each side's first one, as tcpdump shows them. Sockets of connections whose SYN was not seen
 * (and listening sockets) are left out.
 */
export function connectionViews(events: readonly KernelEvent[]): ConnectionView[] {
  const all: Connection[] = [];
  const current = new Map<string, Connection>(); // a new SYN on the same ports starts a new one
  for (const event of inKernelOrder(events)) {
    const [a, b] = event.kind === 'segment' ? [event.from, event.to] : [event.local, event.remote];
    const key = pairKey(a, b);
    if (event.kind === 'segment' && event.flags.syn && !event.flags.ack) {
      const connection = { client: event.from, server: event.to, syn: event, events: [] };
      current.set(key, connection);
      all.push(connection);
    }
    current.get(key)?.events.push(event);
  }
  return all.map(view);
}

/**
 * Segments in the order the packet socket delivered them (that order is causal: a reply before
 * the RST it provoked, even when the two timestamps are a few microseconds the other way round),
 * with the state changes merged in by time. Segment times come from the packet socket and state
 * times from the tracepoint's clock, which can disagree by some microseconds; the handshake's
 * own states are therefore kept after the segment that made them (see `afterItsSegment`).
 */
function inKernelOrder(events: readonly KernelEvent[]): KernelEvent[] {
  const segments = events.filter((e) => e.kind === 'segment');
  const states = events.filter((e) => e.kind !== 'segment').sort((a, b) => a.timeUs - b.timeUs);
  const merged: KernelEvent[] = [];
  let s = 0;
  for (const segment of segments) {
    while (s < states.length && states[s]!.timeUs < segment.timeUs) merged.push(states[s++]!);
    merged.push(segment);
  }
  return afterItsSegment(merged.concat(states.slice(s)));
}

/**
 * What a received segment must carry to move a socket from one state to another, for the
 * changes a received segment makes (RFC 9293): ESTABLISHED from SYN-SENT on the SYN-ACK, from
 * SYN-RECEIVED on the ACK; CLOSE-WAIT, CLOSING and TIME-WAIT on the peer's FIN; FIN-WAIT-2,
 * TIME-WAIT from CLOSING, and CLOSED from LAST-ACK on the ACK of our FIN (an ACK after the FIN
 * this socket sent).
 */
const receivedCause: Record<string, { readonly flags: (f: Segment['flags']) => boolean; readonly ofOurFin?: true }> = {
  'SYN_SENT>ESTABLISHED': { flags: (f) => f.syn && f.ack },
  'SYN_RECV>ESTABLISHED': { flags: (f) => f.ack && !f.syn },
  'ESTABLISHED>CLOSE_WAIT': { flags: (f) => f.fin },
  'FIN_WAIT1>CLOSING': { flags: (f) => f.fin },
  'FIN_WAIT1>TIME_WAIT': { flags: (f) => f.fin },
  'FIN_WAIT2>TIME_WAIT': { flags: (f) => f.fin },
  'FIN_WAIT1>FIN_WAIT2': { flags: (f) => f.ack, ofOurFin: true },
  'CLOSING>TIME_WAIT': { flags: (f) => f.ack, ofOurFin: true },
  'LAST_ACK>null': { flags: (f) => f.ack, ofOurFin: true },
};

/**
 * A change that a received segment makes, listed before that segment (its time a little early
 * on the tracepoint's clock), is moved to just after it; its time is kept. The segment is the
 * first one to the socket, from its peer, of the right kind, after the socket's previous change;
 * a change already after such a segment stays where it is.
 */
function afterItsSegment(events: KernelEvent[]): KernelEvent[] {
  const out = [...events];
  const sameSocket = (a: TcpStateChange, e: KernelEvent) =>
    e.kind === 'tcp-state' &&
    endpointKey(e.local) === endpointKey(a.local) &&
    endpointKey(e.remote) === endpointKey(a.remote);
  for (let i = 0; i < out.length; i++) {
    const change = out[i]!;
    if (change.kind !== 'tcp-state' || change.seenIn === 'sample') continue;
    const cause = receivedCause[`${change.from}>${change.to}`];
    if (!cause) continue;
    const ourFin = out.findIndex(
      (e) =>
        e.kind === 'segment' &&
        e.flags.fin &&
        endpointKey(e.from) === endpointKey(change.local) &&
        endpointKey(e.to) === endpointKey(change.remote),
    );
    const isCause = (e: KernelEvent, at: number) =>
      e.kind === 'segment' &&
      endpointKey(e.to) === endpointKey(change.local) &&
      endpointKey(e.from) === endpointKey(change.remote) &&
      cause.flags(e.flags) &&
      (!cause.ofOurFin || (ourFin >= 0 && at > ourFin));
    let previous = i - 1;
    while (previous >= 0 && !sameSocket(change, out[previous]!)) previous--;
    if (out.some((e, at) => at > previous && at < i && isCause(e, at))) continue;
    let next = i + 1;
    while (next < out.length && !sameSocket(change, out[next]!)) next++;
    const at = out.findIndex((e, j) => j > i && j < next && isCause(e, j));
    if (at < 0) continue;
    out.splice(i, 1);
    out.splice(at, 0, change); // after the removal, `at` is the index just past the segment
    i--;
  }
  return out;
}

function view({ client, server, syn, events }: Connection): ConnectionView {
  const lanes = [`client :${client.port}`, `server :${server.port}`] as const;
  const laneOf = (e: Endpoint) => (endpointKey(e) === endpointKey(client) ? 0 : 1);
  const firstSeq: [number | null, number | null] = [null, null];
  const relative = (value: number, lane: 0 | 1) => {
    const base = firstSeq[lane];
    return base === null ? value : (value - base + 2 ** 32) % 2 ** 32;
  };
  const start = events[0]?.timeUs ?? 0;
  const steps: Step[] = [];
  const entries: ViewEntry[] = [];
  const states: [string | null, string | null] = [null, null];
  let pendingStates: TcpStateChange[] = [];

  const flushStates = () => {
    if (pendingStates.length === 0) return;
    const shown: [string | null, string | null] = [null, null];
    for (const change of pendingStates) {
      const lane = laneOf(change.local);
      const label = stateLabel(change.to);
      if (states[lane] === label) continue;
      states[lane] = label;
      shown[lane] = label;
      entries.push({
        at: (change.timeUs - start) / 1e6,
        text: `${lanes[lane]} is now ${label}${change.from ? ` (was ${stateLabel(change.from)})` : ''}`,
        tone: 'state',
      });
    }
    if (shown[0] || shown[1]) steps.push({ states: shown });
    pendingStates = [];
  };

  for (const event of events) {
    if (event.kind === 'tcp-state') {
      pendingStates.push(event);
      continue;
    }
    flushStates();
    const from = laneOf(event.from);
    const other = from === 0 ? 1 : 0;
    if (firstSeq[from] === null) firstSeq[from] = event.seq;
    const seq = relative(event.seq, from);
    const ack = event.flags.ack ? relative(event.ack, other) : null;
    const note = `[${flagsLabel(event.flags)}] seq ${seq}${ack === null ? '' : ` ack ${ack}`}`;
    const label = segmentLabel(event);
    steps.push({ send: label, from, tone: toneOf(event), note });
    entries.push({
      at: (event.timeUs - start) / 1e6,
      text: `${lanes[from]} → ${lanes[other]}: ${label}, ${note}`,
      tone: toneOf(event),
    });
  }
  flushStates();
  return { title: `${lanes[0]} ↔ ${lanes[1]}`, lanes, steps, entries, syn };
}
