/**
 * What the guest kernel shows while a lab runs: the TCP segments on loopback (from the agent's
 * AF_PACKET socket) and each socket's state, as typed events. States come from two places in the
 * kernel: the tracepoint sock/inet_sock_set_state, which reports every change of a socket's state as
 * it happens (so LAST-ACK, CLOSING and FIN-WAIT-1 show even when they last microseconds), and
 * /proc/net/tcp, sampled, which is the only place TIME-WAIT shows (a TIME-WAIT socket is a separate
 * small object that takes the closed socket's place; the tracepoint reports the old one closing).
 */

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface TcpFlags {
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  readonly psh: boolean;
  readonly ack: boolean;
}

/** One TCP segment seen on lo. `ack` is 0 when the ACK flag is not set. */
export interface Segment {
  readonly kind: 'segment';
  /** When the guest kernel received it: the guest's wall clock (CLOCK_REALTIME = TAI there), microseconds. */
  readonly timeUs: number;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly flags: TcpFlags;
  readonly seq: number;
  readonly ack: number;
  /** Payload bytes. */
  readonly length: number;
  readonly window: number;
  /**
   * The IP packet as the agent captured it: its size in bytes and its first bytes (256 at most:
   * the headers and the start of the payload) in hex, for a .pcap. Absent from recorded
   * references, which keep the fields above only.
   */
  readonly packet?: { readonly size: number; readonly hex: string };
}

/** Socket states, named as in the kernel's include/net/tcp_states.h (numbers 1–12). */
export const tcpStateNames = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
] as const;
export type TcpStateName = (typeof tcpStateNames)[number];

export interface TcpSocket {
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly state: TcpStateName;
}

/** The sockets of /proc/net/tcp at one moment (sent only when they changed). */
export interface TcpSnapshot {
  readonly kind: 'tcp-snapshot';
  readonly timeUs: number;
  readonly sockets: readonly TcpSocket[];
}

/** One change of a socket's state, reported by the kernel's tracepoint sock/inet_sock_set_state. */
export interface TcpTransition {
  readonly kind: 'tcp-transition';
  /** Guest wall clock, microseconds (the same clock as a segment's). */
  readonly timeUs: number;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly from: TcpStateName;
  readonly to: TcpStateName;
}

/** A socket that appeared, changed state or went away. */
export interface TcpStateChange {
  readonly kind: 'tcp-state';
  readonly timeUs: number;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** null: the socket did not exist (or was not listed) before. */
  readonly from: TcpStateName | null;
  /** null: the socket is gone (closed, or reset). */
  readonly to: TcpStateName | null;
  /**
   * Where the kernel showed it: its tracepoint (the moment of the change) or a /proc/net/tcp sample
   * (a change between two samples; a state that came and went between them is not seen).
   */
  readonly seenIn?: 'tracepoint' | 'sample';
}

export type KernelEvent = Segment | TcpStateChange;

/**
 * TCP sent a segment of a socket again (its retransmission timer, or a fast retransmit), as the
 * kernel's tracepoint tcp/tcp_retransmit_skb reports it: whether the copy then arrived is for the
 * packet socket to show (a segment lost on the wire never reaches it).
 */
export interface Retransmission {
  readonly kind: 'retransmit';
  /** Guest wall clock, microseconds (the same clock as a segment's). */
  readonly timeUs: number;
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** The sending socket's state then. */
  readonly state: TcpStateName;
}

/** Flags as the agent sends them: some of "SFRPA", or "-" for none. */
/** What an aimed fault loses (`WireAim`): the next FIN, or the last ACK of a close. */
export type AimKind = 'fin' | 'last-ack';

/**
 * A fault aimed at a few segments: the next `count` FINs (either way), or the last ACK of the
 * next close (the ACKs with no data that the socket which sent the first FIN then sends).
 * Spent once it took `count` segments.
 */
export interface WireAim {
  readonly kind: AimKind;
  /** 1-10 segments. */
  readonly count: number;
}

/**
 * A segment an aimed fault took on the wire. It never reached lo's packet taps, so no `Segment`
 * shows it: the agent reads the drop counter of its filter (every 20 ms, so `timeUs` may be up to
 * 20 ms after the loss). `from` and `to`: the last ACK's sender and receiver; a lost FIN's
 * connection is not known (its sender sends it again: a `Retransmission`).
 */
export interface LostSegment {
  readonly kind: 'lost';
  readonly timeUs: number;
  readonly aim: AimKind;
  readonly from: Endpoint | null;
  readonly to: Endpoint | null;
}

export function parseFlags(text: string): TcpFlags {
  return {
    syn: text.includes('S'),
    fin: text.includes('F'),
    rst: text.includes('R'),
    psh: text.includes('P'),
    ack: text.includes('A'),
  };
}

/** tcpdump's notation: "S", "S.", ".", "P.", "F.", "R", "R." */
export function flagsLabel(flags: TcpFlags): string {
  const letters = (flags.syn ? 'S' : '') + (flags.fin ? 'F' : '') + (flags.rst ? 'R' : '') + (flags.psh ? 'P' : '');
  return letters + (flags.ack ? '.' : '') || 'none';
}

/**
 * An address:port of /proc/net/tcp: the IPv4 address as the kernel's 32-bit word printed in hex on
 * a little-endian machine (so 127.0.0.1 is 0100007F), the port in hex.
 */
export function parseProcAddress(text: string): Endpoint {
  const match = /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!match) throw new Error(`not a /proc/net/tcp address: ${text}`);
  const word = Number.parseInt(match[1]!, 16);
  const octets = [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24];
  return { address: octets.join('.'), port: Number.parseInt(match[2]!, 16) };
}

export function parseProcState(hex: string): TcpStateName {
  const name = tcpStateNames[Number.parseInt(hex, 16) - 1];
  if (!name) throw new Error(`unknown TCP state ${hex}`);
  return name;
}

export const endpointKey = (e: Endpoint): string => `${e.address}:${e.port}`;
const socketKey = (s: { local: Endpoint; remote: Endpoint }): string =>
  `${endpointKey(s.local)}>${endpointKey(s.remote)}`;

interface Known {
  readonly socket: TcpSocket;
  /** Its last state came from the tracepoint (then samples do not override it) or from a sample. */
  readonly seenIn: 'tracepoint' | 'sample';
  /** The tracepoint reported it closing: the next sample read after that says whether a TIME-WAIT socket took its place. */
  readonly closing?: { readonly from: TcpStateName; readonly timeUs: number };
}

/**
 * Turns the kernel's reports into per-socket changes: the tracepoint's transitions as they come,
 * /proc/net/tcp samples for what the tracepoint does not report (TIME-WAIT sockets, and everything
 * when the kernel has no tracepoint). Nothing is inferred: every change is one the kernel reported.
 */
export class TcpStateTracker {
  private known = new Map<string, Known>();
  /**
   * Whether the tracepoint reports this guest's changes. Then a sample announces only the sockets
   * the tracepoint never reports (TIME-WAIT); a socket in another state that a sample lists before
   * the tracepoint's report of it arrives waits for that report.
   */
  traced = false;

  /** A change the tracepoint reported. */
  transition(event: TcpTransition): TcpStateChange[] {
    // A listener's clone (LISTEN → SYN_RECV) is reported before its addresses are set, and a
    // connect() (CLOSE → SYN_SENT) before its port is chosen: their next change names them fully.
    if (event.from === 'LISTEN' && event.to !== 'CLOSE') return [];
    if (event.local.port === 0) return [];
    const key = socketKey(event);
    const socket = { local: event.local, remote: event.remote, state: event.to };
    if (event.to === 'CLOSE') {
      const before = this.known.get(key);
      this.known.set(key, {
        socket: before?.socket ?? { ...socket, state: event.from },
        seenIn: 'tracepoint',
        closing: { from: event.from, timeUs: event.timeUs },
      });
      return [];
    }
    this.known.set(key, { socket, seenIn: 'tracepoint' });
    const from = event.from === 'CLOSE' ? null : event.from;
    return [this.change(socket, event.timeUs, from, event.to, 'tracepoint')];
  }

  /** A /proc/net/tcp sample. */
  update(snapshot: TcpSnapshot): TcpStateChange[] {
    const next = new Map(snapshot.sockets.map((s) => [socketKey(s), s]));
    const changes: TcpStateChange[] = [];
    for (const [key, socket] of next) {
      const known = this.known.get(key);
      if (known?.closing) {
        // The sample was read before the close: it still lists the old socket.
        if (known.closing.timeUs > snapshot.timeUs) continue;
        // A TIME-WAIT socket took the closed one's place (after close() in FIN-WAIT-2, one in
        // FIN-WAIT-2 that turns TIME-WAIT when the peer's FIN comes).
        if (known.closing.from !== socket.state) {
          changes.push(this.change(socket, known.closing.timeUs, known.closing.from, socket.state, 'tracepoint'));
        }
        this.known.set(key, { socket, seenIn: 'sample' });
      } else if (!known) {
        if (this.traced && socket.state !== 'TIME_WAIT') continue;
        changes.push(this.change(socket, snapshot.timeUs, null, socket.state, 'sample'));
        this.known.set(key, { socket, seenIn: 'sample' });
      } else if (known.seenIn === 'sample' && known.socket.state !== socket.state) {
        changes.push(this.change(socket, snapshot.timeUs, known.socket.state, socket.state, 'sample'));
        this.known.set(key, { ...known, socket });
      }
    }
    for (const [key, known] of this.known) {
      if (next.has(key)) continue;
      if (known.closing) {
        if (known.closing.timeUs > snapshot.timeUs) continue;
        changes.push(this.change(known.socket, known.closing.timeUs, known.closing.from, null, 'tracepoint'));
        this.known.delete(key);
      } else if (known.seenIn === 'sample') {
        changes.push(this.change(known.socket, snapshot.timeUs, known.socket.state, null, 'sample'));
        this.known.delete(key);
      }
      // Reported by the tracepoint after this sample was read: the next sample lists it.
    }
    return changes.sort((a, b) => a.timeUs - b.timeUs);
  }

  private change(
    socket: { local: Endpoint; remote: Endpoint },
    timeUs: number,
    from: TcpStateName | null,
    to: TcpStateName | null,
    seenIn: 'tracepoint' | 'sample',
  ): TcpStateChange {
    return { kind: 'tcp-state', timeUs, local: socket.local, remote: socket.remote, from, to, seenIn };
  }

  /** The sockets as last reported (a closing one until a sample shows what took its place). */
  current(): TcpSocket[] {
    return [...this.known.values()].filter((k) => !k.closing).map((k) => k.socket);
  }

  reset(): void {
    this.known.clear();
  }
}
