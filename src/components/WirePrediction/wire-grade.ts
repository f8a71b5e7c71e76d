/**
 * Predict the wire, graded: what the learner said the kernel would send on one connection (the
 * segments in order, and the state each socket ends in), next to what the kernel did send in the
 * learner's own run. Pure functions, no answer key: an edited program is graded on what it sent.
 * The rules are in README.md beside this file.
 */
import {
  endpointKey,
  type Endpoint,
  type KernelEvent,
  type Segment,
  type TcpStateName,
} from '../../runtimes/linux/kernel-events';

/** The socket that sent the SYN, and the one that accepted it. */
export type WireSide = 'client' | 'server';
export const wireSides: readonly WireSide[] = ['client', 'server'];

/**
 * What a learner can say a segment is. Nearly every segment carries the ACK flag, so the flag is
 * not a kind of its own: "ACK" is a segment that carries nothing else (no data, no FIN, no RST).
 */
export const predictableKinds = ['data', 'FIN', 'data+FIN', 'RST', 'ACK'] as const;
export type WireKind = (typeof predictableKinds)[number];
/** A segment the kernel sent: a predictable kind, or a SYN (never in the graded window of its own connection). */
export type SentKind = WireKind | 'SYN';

/** How a socket can end a run, named as the kernel names states; CLOSED: gone. */
export const endStates = [
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSED',
] as const satisfies readonly (TcpStateName | 'CLOSED')[];
export type EndState = (typeof endStates)[number];

export interface PredictedSegment {
  readonly from: WireSide;
  readonly kind: WireKind;
}

/** The learner's prediction. */
export interface WireAnswer {
  readonly segments: readonly PredictedSegment[];
  /** The state each socket ends the run in; left out: not chosen. */
  readonly ends: Partial<Record<WireSide, EndState>>;
}

export const emptyAnswer: WireAnswer = { segments: [], ends: {} };

/** What kind of segment this is, as the learner names them. */
export function kindOf(segment: Segment): SentKind {
  const { syn, fin, rst } = segment.flags;
  if (syn) return 'SYN';
  if (rst) return 'RST';
  if (fin) return segment.length > 0 ? 'data+FIN' : 'FIN';
  return segment.length > 0 ? 'data' : 'ACK';
}

/** Which part of a run is graded. */
export interface WireWindow {
  /** The run's nth connection (1 = the first SYN it saw). */
  readonly connection: number;
  /**
   * Index into the run's kernel events of the first event that came once the window's step was
   * done (a typed line); null: the window starts after the connection's handshake.
   */
  readonly fromEvent: number | null;
}

export interface SentSegment {
  readonly from: WireSide;
  readonly kind: SentKind;
  readonly segment: Segment;
  /**
   * It carries no sequence number its side had not sent before: the kernel sent the same data or
   * FIN again because the ACK was late (a retransmission; in the emulator, when the page is slow).
   */
  readonly again: boolean;
}

/** Whether sequence number a comes after b (mod 2^32). */
const after = (a: number, b: number) => {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 2 ** 31;
};

/** What the kernel did on the graded connection, as far as the run's events show it. */
export interface ObservedWire {
  /** The run opened the connection (its SYN was seen). */
  readonly found: boolean;
  readonly endpoints: Readonly<Record<WireSide, Endpoint>> | null;
  /** The segments in the window, in the packet socket's order (the order they were sent on loopback). */
  readonly sent: readonly SentSegment[];
  /** Each socket's last reported state; null: the kernel reported none. */
  readonly ends: Readonly<Record<WireSide, EndState | null>>;
}

/**
 * The graded connection's segments (in the order the page received them, the packet socket's) and
 * end states (by the kernel's time), from the run's kernel events. The handshake (SYN, SYN-ACK, and the connecting side's first ACK after it,
 * when it carries nothing else) is never graded; with a step window, only segments that came
 * once the step was done are.
 */
export function observeWire(kernel: readonly KernelEvent[], window: WireWindow): ObservedWire {
  const synAt = kernel.flatMap((e, i) => (e.kind === 'segment' && e.flags.syn && !e.flags.ack ? [i] : []));
  const start = synAt[window.connection - 1];
  const none = { client: null, server: null };
  if (start === undefined) return { found: false, endpoints: null, sent: [], ends: none };
  const syn = kernel[start] as Segment;
  const endpoints = { client: syn.from, server: syn.to };
  const keys = { client: endpointKey(syn.from), server: endpointKey(syn.to) };
  const sideOf = (e: Endpoint): WireSide | null =>
    endpointKey(e) === keys.client ? 'client' : endpointKey(e) === keys.server ? 'server' : null;
  const ours = (a: Endpoint, b: Endpoint) => {
    const side = sideOf(a);
    return side !== null && sideOf(b) === (side === 'client' ? 'server' : 'client');
  };
  // A later SYN between the same two ports is another connection.
  const next = kernel.findIndex(
    (e, i) => i > start && e.kind === 'segment' && e.flags.syn && !e.flags.ack && ours(e.from, e.to),
  );
  const end = next < 0 ? kernel.length : next;

  const sent: SentSegment[] = [];
  let synAckSeen = false;
  let handshakeDone = false;
  /** Per side: the sequence number after the last one it has sent (SYN and FIN count one). */
  const sentUpTo: Partial<Record<WireSide, number>> = {};
  for (let i = start; i < end; i++) {
    const e = kernel[i]!;
    if (e.kind !== 'segment' || !ours(e.from, e.to)) continue;
    const from = sideOf(e.from)!;
    const kind = kindOf(e);
    const upTo = (e.seq + e.length + (e.flags.syn ? 1 : 0) + (e.flags.fin ? 1 : 0)) >>> 0;
    const before = sentUpTo[from];
    const carries = e.length > 0 || e.flags.fin || e.flags.syn;
    const again = carries && !e.flags.rst && before !== undefined && !after(upTo, before);
    if (carries && (before === undefined || after(upTo, before))) sentUpTo[from] = upTo;
    if (kind === 'SYN') {
      synAckSeen ||= from === 'server';
      continue;
    }
    if (!handshakeDone && synAckSeen && from === 'client') {
      handshakeDone = true;
      if (kind === 'ACK') continue;
    }
    if (window.fromEvent !== null && i < window.fromEvent) continue;
    sent.push({ from, kind, segment: e, again });
  }

  // The state changes come from the tracepoint and /proc/net/tcp, not from the packet socket: the
  // page may get a short connection's changes before its SYN. They are taken by their own time
  // (the kernel stamps both streams with one clock): from the SYN on, until a later SYN between
  // the same two ports.
  const fromUs = syn.timeUs;
  const untilUs = next < 0 ? Infinity : kernel[next]!.timeUs;
  const ends: Record<WireSide, EndState | null> = { client: null, server: null };
  for (const side of wireSides) {
    const other = side === 'client' ? 'server' : 'client';
    const changes = kernel
      .filter(
        (e) =>
          e.kind === 'tcp-state' &&
          e.timeUs >= fromUs &&
          e.timeUs < untilUs &&
          endpointKey(e.local) === keys[side] &&
          endpointKey(e.remote) === keys[other],
      )
      .sort((a, b) => a.timeUs - b.timeUs);
    const last = changes[changes.length - 1];
    if (last?.kind === 'tcp-state') ends[side] = last.to === null ? 'CLOSED' : asEndState(last.to);
  }
  return { found: true, endpoints, sent, ends };
}

/** A state a socket can be left in (LISTEN, SYN-SENT and the like are not, on a connection). */
function asEndState(state: TcpStateName): EndState | null {
  return (endStates as readonly string[]).includes(state) ? (state as EndState) : null;
}

/** What became of one predicted segment. */
export type PredictedMark =
  /** Sent, in the order predicted (it is `at` in the sent list). */
  | { readonly kind: 'seen'; readonly at: number }
  /** Sent, but not where the prediction put it relative to the others. */
  | { readonly kind: 'elsewhere'; readonly at: number }
  /** Not sent (or not as many times): the kernel sent `times` of this kind from this side. */
  | { readonly kind: 'never-sent'; readonly times: number };

/** What one sent segment is to the prediction. */
export type SentMark =
  | { readonly kind: 'predicted'; readonly item: number }
  | { readonly kind: 'predicted-elsewhere'; readonly item: number }
  /** Data, a FIN or an RST that the prediction did not list. */
  | { readonly kind: 'unpredicted' }
  /** An ACK that carries nothing else, not listed: listing these is optional. */
  | { readonly kind: 'optional-ack' }
  /** A retransmission, not listed: optional too (when the ACK comes late is not the lesson). */
  | { readonly kind: 'optional-again' };

export interface EndGrade {
  readonly predicted: EndState | null;
  readonly real: EndState | null;
  readonly right: boolean;
}

export interface WireGrade {
  readonly predicted: readonly { readonly segment: PredictedSegment; readonly mark: PredictedMark }[];
  readonly sent: readonly { readonly segment: SentSegment; readonly mark: SentMark }[];
  readonly ends: Readonly<Record<WireSide, EndGrade>>;
  readonly counts: {
    readonly seen: number;
    readonly elsewhere: number;
    readonly neverSent: number;
    readonly unpredicted: number;
  };
  /** Every predicted segment seen in order, every data/FIN/RST predicted (but copies), both end states right. */
  readonly right: boolean;
}

const same = (p: PredictedSegment, s: SentSegment) => p.from === s.from && p.kind === s.kind;

/**
 * Grades a prediction against what was observed. The predicted segments are lined up with the
 * sent ones by the longest common subsequence (same side and kind), where a data, FIN or RST
 * counts for more than all the ACKs and retransmissions together: those matches are "seen" (in
 * order). A predicted segment left over is "seen, but elsewhere in the order" when one of its
 * kind from its side is still unmatched (the first such, a first sending before a copy), else
 * "never sent". A sent data, FIN or RST that nothing matched is "unpredicted"; an unmatched ACK
 * or retransmission is optional.
 */
export function gradeWire(answer: WireAnswer, observed: ObservedWire): WireGrade {
  const p = answer.segments;
  const s = observed.sent;
  const heavy = p.length + 1;
  const optional = (x: SentSegment) => x.kind === 'ACK' || x.again;
  const weight = (j: number) => (optional(s[j]!) ? 1 : heavy);
  // best[i][j]: the heaviest common subsequence of p[i..] and s[j..].
  const best = Array.from({ length: p.length + 1 }, () => new Array<number>(s.length + 1).fill(0));
  for (let i = p.length - 1; i >= 0; i--) {
    for (let j = s.length - 1; j >= 0; j--) {
      const skip = Math.max(best[i + 1]![j]!, best[i]![j + 1]!);
      best[i]![j] = same(p[i]!, s[j]!) ? Math.max(skip, weight(j) + best[i + 1]![j + 1]!) : skip;
    }
  }
  const predictedMarks: (PredictedMark | null)[] = p.map(() => null);
  const sentMarks: (SentMark | null)[] = s.map(() => null);
  for (let i = 0, j = 0; i < p.length && j < s.length;) {
    if (same(p[i]!, s[j]!) && best[i]![j] === weight(j) + best[i + 1]![j + 1]!) {
      predictedMarks[i] = { kind: 'seen', at: j };
      sentMarks[j] = { kind: 'predicted', item: i };
      i++;
      j++;
    } else if (best[i]![j + 1] === best[i]![j]) j++;
    else i++;
  }
  p.forEach((segment, i) => {
    if (predictedMarks[i]) return;
    const free = (sent: SentSegment, j: number) => sentMarks[j] === null && same(segment, sent);
    const first = s.findIndex((sent, j) => free(sent, j) && !sent.again);
    const at = first >= 0 ? first : s.findIndex(free);
    if (at >= 0) {
      predictedMarks[i] = { kind: 'elsewhere', at };
      sentMarks[at] = { kind: 'predicted-elsewhere', item: i };
    } else {
      predictedMarks[i] = {
        kind: 'never-sent',
        times: s.filter((sent) => same(segment, sent) && !sent.again).length,
      };
    }
  });
  const sent = s.map((segment, j) => ({
    segment,
    mark:
      sentMarks[j] ??
      ({
        kind: segment.again ? 'optional-again' : segment.kind === 'ACK' ? 'optional-ack' : 'unpredicted',
      } as SentMark),
  }));
  const predicted = p.map((segment, i) => ({ segment, mark: predictedMarks[i]! }));
  const endOf = (side: WireSide): EndGrade => {
    const want = answer.ends[side] ?? null;
    const real = observed.ends[side];
    return { predicted: want, real, right: want !== null && want === real };
  };
  const ends = { client: endOf('client'), server: endOf('server') };
  const counts = {
    seen: predicted.filter((x) => x.mark.kind === 'seen').length,
    elsewhere: predicted.filter((x) => x.mark.kind === 'elsewhere').length,
    neverSent: predicted.filter((x) => x.mark.kind === 'never-sent').length,
    unpredicted: sent.filter((x) => x.mark.kind === 'unpredicted').length,
  };
  const right =
    observed.found && counts.seen === p.length && counts.unpredicted === 0 && ends.client.right && ends.server.right;
  return { predicted, sent, ends, counts, right };
}
