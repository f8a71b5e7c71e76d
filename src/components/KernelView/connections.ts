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
  const { events: ordered, causes } = inKernelOrder(events);
  for (const event of ordered) {
    const [a, b] = event.kind === 'segment' ? [event.from, event.to] : [event.local, event.remote];
    const key = pairKey(a, b);
    if (event.kind === 'segment' && event.flags.syn && !event.flags.ack) {
      const connection = { client: event.from, server: event.to, syn: event, events: [] };
      current.set(key, connection);
      all.push(connection);
    }
    current.get(key)?.events.push(event);
  }
  return all.map((connection) => view(connection, causes));
}

/**
 * Segments in the order the packet socket delivered them (that order is causal: a reply before
 * the RST it provoked, even when the two timestamps are a few microseconds the other way round),
 * with the state changes merged in by time. Segment times come from the packet socket and state
 * times from the tracepoint's clock, which can disagree by up to a few milliseconds; a state a
 * received segment made is therefore kept after that segment (see `afterItsSegment`).
 */
function inKernelOrder(events: readonly KernelEvent[]): InOrder {
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

/** A change of state that a received segment makes, and what that segment must carry. */
interface ReceivedCause {
  readonly from: TcpStateName;
  /** null: the socket is gone (CLOSED). */
  readonly to: TcpStateName | null;
  readonly flags: (f: Segment['flags'], length: number) => boolean;
  /** Only an ACK after the FIN this socket sent (of our FIN). */
  readonly ofOurFin?: true;
}

const rst = (f: Segment['flags']) => f.rst;

/**
 * The changes a received segment makes (RFC 9293, and Linux's RST for data that reaches a closed
 * socket): ESTABLISHED from SYN-SENT on the SYN-ACK, from SYN-RECEIVED on the ACK; CLOSE-WAIT,
 * CLOSING and TIME-WAIT on the peer's FIN; FIN-WAIT-2, TIME-WAIT from CLOSING, and CLOSED from
 * LAST-ACK on the ACK of our FIN; CLOSED on an RST, and, for a socket its program has closed
 * (FIN-WAIT-1/2), on data, which the kernel answers with an RST.
 */
const receivedCauses: readonly ReceivedCause[] = [
  { from: 'SYN_SENT', to: 'ESTABLISHED', flags: (f) => f.syn && f.ack },
  { from: 'SYN_RECV', to: 'ESTABLISHED', flags: (f) => f.ack && !f.syn },
  { from: 'ESTABLISHED', to: 'CLOSE_WAIT', flags: (f) => f.fin },
  { from: 'FIN_WAIT1', to: 'CLOSING', flags: (f) => f.fin },
  { from: 'FIN_WAIT1', to: 'TIME_WAIT', flags: (f) => f.fin },
  { from: 'FIN_WAIT2', to: 'TIME_WAIT', flags: (f) => f.fin },
  { from: 'FIN_WAIT1', to: 'FIN_WAIT2', flags: (f) => f.ack, ofOurFin: true },
  { from: 'CLOSING', to: 'TIME_WAIT', flags: (f) => f.ack, ofOurFin: true },
  { from: 'LAST_ACK', to: null, flags: (f) => f.ack && !f.rst, ofOurFin: true },
  ...(['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING'] as const).map(
    (from): ReceivedCause => ({ from, to: null, flags: rst }),
  ),
  ...(['FIN_WAIT1', 'FIN_WAIT2'] as const).map((from): ReceivedCause => ({
    from,
    to: null,
    flags: (f, length) => f.rst || length > 0,
  })),
];

/**
 * How far apart a state change and the segment that made it may be stamped: the two clocks
 * disagree by up to a few ms here; a segment further away did not make the change (a timer, or
 * the program, did).
 */
const causeWindowUs = 50_000;

/** The events in causal order, and for each state change a received segment made, that segment. */
interface InOrder {
  readonly events: KernelEvent[];
  readonly causes: ReadonlyMap<TcpStateChange, Segment>;
}

/**
 * A change that a received segment makes, listed before that segment (its time a little early
 * on the tracepoint's clock), is moved to just after it. The segment is the first one to the
 * socket, from its peer, of the right kind, after the socket's previous change and within
 * `causeWindowUs` of the change; a change already after such a segment stays where it is. Either
 * way that segment is noted as the change's cause.
 */
function afterItsSegment(events: KernelEvent[]): InOrder {
  const out = [...events];
  const causes = new Map<TcpStateChange, Segment>();
  const sameSocket = (a: TcpStateChange, e: KernelEvent) =>
    e.kind === 'tcp-state' &&
    endpointKey(e.local) === endpointKey(a.local) &&
    endpointKey(e.remote) === endpointKey(a.remote);
  for (let i = 0; i < out.length; i++) {
    const change = out[i]!;
    if (change.kind !== 'tcp-state' || change.seenIn === 'sample') continue;
    const rules = receivedCauses.filter((rule) => rule.from === change.from && rule.to === change.to);
    if (rules.length === 0) continue;
    const ourFin = out.findIndex(
      (e) =>
        e.kind === 'segment' &&
        e.flags.fin &&
        endpointKey(e.from) === endpointKey(change.local) &&
        endpointKey(e.to) === endpointKey(change.remote),
    );
    const isCause = (e: KernelEvent, at: number) =>
      e.kind === 'segment' &&
      Math.abs(e.timeUs - change.timeUs) <= causeWindowUs &&
      endpointKey(e.to) === endpointKey(change.local) &&
      endpointKey(e.from) === endpointKey(change.remote) &&
      rules.some((rule) => rule.flags(e.flags, e.length) && (!rule.ofOurFin || (ourFin >= 0 && at > ourFin)));
    let previous = i - 1;
    while (previous >= 0 && !sameSocket(change, out[previous]!)) previous--;
    let before = previous + 1;
    while (before < i && !isCause(out[before]!, before)) before++;
    if (before < i) {
      causes.set(change, out[before] as Segment);
      continue;
    }
    let next = i + 1;
    while (next < out.length && !sameSocket(change, out[next]!)) next++;
    const at = out.findIndex((e, j) => j > i && j < next && isCause(e, j));
    if (at < 0) continue;
    causes.set(change, out[at] as Segment);
    out.splice(i, 1);
    out.splice(at, 0, change); // after the removal, `at` is the index just past the segment
    i--;
  }
  return { events: out, causes };
}

function view(
  { client, server, syn, events }: Connection,
  causes: ReadonlyMap<TcpStateChange, Segment>,
): ConnectionView {
  const lanes = [`client :${client.port}`, `server :${server.port}`] as const;
  const laneOf = (e: Endpoint) => (endpointKey(e) === endpointKey(client) ? 0 : 1);
  const firstSeq: [number | null, number | null] = [null, null];
  const relative = (value: number, lane: 0 | 1) => {
    const base = firstSeq[lane];
    return base === null ? value : (value - base + 2 ** 32) % 2 ** 32;
  };
  const start = events[0]?.timeUs ?? 0;
  /**
   * Entries are listed in causal order and each is shown no earlier than the one before it: the
   * packet socket can stamp an answer some µs before the segment it answers, and the tracepoint's
   * clock (states) reads up to a few ms apart from the packet socket's (segments).
   */
  let shownUs = start;
  const shownAt = (timeUs: number) => {
    shownUs = Math.max(shownUs, timeUs);
    return (shownUs - start) / 1e6;
  };
  const steps: Step[] = [];
  const entries: ViewEntry[] = [];
  const states: [string | null, string | null] = [null, null];
  /** What each side sent that takes sequence space (data, SYN, FIN): a copy of one is TCP sending it again. */
  const sent = new Set<string>();
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
      const cause = causes.get(change);
      entries.push({
        at: shownAt(change.timeUs),
        text: `${lanes[lane]} is now ${label}${change.from ? ` (was ${stateLabel(change.from)})` : ''}${cause ? `, on receiving the ${segmentLabel(cause)}` : ''}`,
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
    const takesSpace = event.length > 0 || event.flags.syn || event.flags.fin;
    const key = `${from} ${seq} ${event.length} ${event.flags.syn} ${event.flags.fin}`;
    const again = takesSpace && sent.has(key);
    if (takesSpace) sent.add(key);
    const label = `${segmentLabel(event)}${again ? ', sent again' : ''}`;
    steps.push({ send: label, from, tone: toneOf(event), note });
    entries.push({
      at: shownAt(event.timeUs),
      text: `${lanes[from]} → ${lanes[other]}: ${label}, ${note}`,
      tone: toneOf(event),
    });
  }
  flushStates();
  return { title: `${lanes[0]} ↔ ${lanes[1]}`, lanes, steps, entries, syn };
}
