/**
 * What the guest kernel shows while a lab runs: the TCP segments on loopback (from the agent's
 * AF_PACKET socket) and each socket's state (from /proc/net/tcp), as typed events.
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
  /** Guest monotonic clock, microseconds. */
  readonly timeUs: number;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly flags: TcpFlags;
  readonly seq: number;
  readonly ack: number;
  /** Payload bytes. */
  readonly length: number;
  readonly window: number;
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

/** A socket that appeared, changed state or went away between two snapshots. */
export interface TcpStateChange {
  readonly kind: 'tcp-state';
  readonly timeUs: number;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** null: the socket was not listed before. */
  readonly from: TcpStateName | null;
  /** null: the socket is no longer listed (closed, or reset). */
  readonly to: TcpStateName | null;
}

export type KernelEvent = Segment | TcpStateChange;

/** Flags as the agent sends them: some of "SFRPA", or "-" for none. */
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

/** Turns successive snapshots into per-socket changes. */
export class TcpStateTracker {
  private known = new Map<string, TcpSocket>();

  update(snapshot: TcpSnapshot): TcpStateChange[] {
    const next = new Map(snapshot.sockets.map((s) => [socketKey(s), s]));
    const changes: TcpStateChange[] = [];
    const change = (s: TcpSocket, from: TcpStateName | null, to: TcpStateName | null) =>
      changes.push({ kind: 'tcp-state', timeUs: snapshot.timeUs, local: s.local, remote: s.remote, from, to });
    for (const [key, socket] of next) {
      const before = this.known.get(key);
      if (!before) change(socket, null, socket.state);
      else if (before.state !== socket.state) change(socket, before.state, socket.state);
    }
    for (const [key, socket] of this.known) if (!next.has(key)) change(socket, socket.state, null);
    this.known = next;
    return changes;
  }

  /** The sockets of the last snapshot. */
  current(): TcpSocket[] {
    return [...this.known.values()];
  }

  reset(): void {
    this.known.clear();
  }
}
