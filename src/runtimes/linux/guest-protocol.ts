/**
 * The line protocol between the page and the guest agent (scripts/linux-image/guest/agent/agent.c) on
 * the guest's first serial port. Commands are one line of space-separated tokens; anything the
 * page sends that could hold a space or a byte outside ASCII (file contents, arguments) is hex.
 * The agent's lines start with "@"; other lines on that port (kernel messages) are not ours.
 */
import {
  type LostSegment,
  parseFlags,
  parseProcAddress,
  parseProcState,
  type Retransmission,
  type Segment,
  type TcpSnapshot,
  type TcpTransition,
  type WireAim,
} from './kernel-events';

export type GuestMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'ok'; readonly req: number; readonly detail: string }
  | { readonly kind: 'cached'; readonly req: number }
  | { readonly kind: 'err'; readonly req: number; readonly message: string }
  | { readonly kind: 'spawned'; readonly req: number; readonly pid: number }
  | { readonly kind: 'exit'; readonly pid: number; readonly code: number | null; readonly signal: number | null }
  | { readonly kind: 'limit-procs'; readonly pid: number; readonly count: number }
  | { readonly kind: 'limit-disk'; readonly path: string }
  /** What a terminal's pseudo-terminal showed: the kernel's echo of typed keys (not the program's output). */
  | { readonly kind: 'echo'; readonly tty: number; readonly bytes: Uint8Array }
  /** The kernel's OOM killer ended a process of a terminal's user. */
  | {
      readonly kind: 'oom';
      readonly tty: number;
      readonly pid: number;
      /** What the victim held (anonymous + shared memory). */
      readonly kib: number;
      /** Its terminal's memory cap when its programs reached it; 0 when the whole guest ran out. */
      readonly capKib: number;
      readonly command: string;
    }
  | { readonly kind: 'log'; readonly text: string }
  | Segment
  | TcpSnapshot
  | TcpTransition
  | Retransmission
  | LostSegment
  /** An aim took its count of segments and is gone. */
  | { readonly kind: 'aim-spent' };

/**
 * Limits of the lab's programs, set in each process before exec (setrlimit). Processes count all
 * of one terminal's user at once (RLIMIT_NPROC): each terminal's programs run as a user of their own.
 */
export interface GuestLimits {
  readonly processes: number;
  readonly fileBytes: number;
  readonly cpuSeconds: number;
  /** Address space of each process (RLIMIT_AS). */
  readonly memoryBytes: number;
  /** All that one terminal's programs hold together (its memory cgroup's memory.max). */
  readonly terminalMemoryBytes: number;
}

const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = new TextEncoder();
export const bytesOfHex = (hex: string): Uint8Array => {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
};

/** Guest paths the agent may write: absolute, no spaces, no "..". */
export function checkGuestPath(path: string): string {
  if (!/^\/[A-Za-z0-9._/-]*$/.test(path) || path.split('/').includes('..')) {
    throw new Error(`not a path the guest agent accepts: ${path}`);
  }
  return path;
}

export const commands = {
  hello: (req: number) => `hello ${req}\n`,
  /** Writes `bytes` at `offset` of `path`; offset 0 truncates the file first. */
  put: (req: number, path: string, offset: number, bytes: Uint8Array) =>
    `put ${req} ${checkGuestPath(path)} ${offset} ${hexOf(bytes)}\n`,
  /**
   * Runs argv in `dir` as a new session: stdin a new pseudo-terminal (its controlling terminal),
   * stdout and stderr /dev/ttyS<tty> (0: /dev/null for all three).
   */
  spawn: (req: number, tty: number, dir: string, argv: readonly string[]) => {
    if (argv.length === 0) throw new Error('spawn needs a program');
    return `spawn ${req} ${tty} ${checkGuestPath(dir)} ${argv.map((a) => hexOf(utf8.encode(a))).join(' ')}\n`;
  },
  /** Compiles `dir/src` into `dir/out` with tcc and `flags`, or reuses the binary of an identical build. */
  build: (req: number, tty: number, dir: string, src: string, out: string, flags: readonly string[]) => {
    for (const name of [src, out]) if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`not a file name: ${name}`);
    const hexFlags = flags.map((f) => ` ${hexOf(utf8.encode(f))}`).join('');
    return `build ${req} ${tty} ${checkGuestPath(dir)} ${src} ${out}${hexFlags}\n`;
  },
  /** Limits of the programs spawned from now on. */
  limits: (req: number, l: GuestLimits) =>
    `limits ${req} ${[l.processes, l.fileBytes, l.cpuSeconds, l.memoryBytes, l.terminalMemoryBytes].map((n) => Math.max(1, Math.round(n))).join(' ')}\n`,
  /** Types `bytes` into the pseudo-terminal of the program on /dev/ttyS<tty>. */
  input: (req: number, tty: number, bytes: Uint8Array) => `input ${req} ${tty} ${hexOf(bytes)}\n`,
  /** Sends signal number `signo` to the process group of `pid` (SIGKILL: every process of its terminal's user). */
  signal: (req: number, pid: number, signo: number) => `signal ${req} ${pid} ${signo}\n`,
  /** Streams segments and socket states every `periodMs` (0 stops). */
  watch: (req: number, periodMs: number) => `watch ${req} ${Math.max(0, Math.round(periodMs))}\n`,
  /** Loses `lossPercent` of the segments on loopback and delays each by `delayMs` (0 0: none). */
  fault: (req: number, lossPercent: number, delayMs: number) => {
    const loss = Math.round(lossPercent);
    const delay = Math.round(delayMs);
    if (!(loss >= 0 && loss <= 100 && delay >= 0 && delay <= 10_000))
      throw new Error(`not a fault the guest agent takes: ${lossPercent}% lost, ${delayMs} ms delay`);
    return `fault ${req} ${loss} ${delay}\n`;
  },
  /** Loses the next `count` (1-10) segments of a kind; `null` takes the aim away. */
  aim: (req: number, aim: WireAim | null) => {
    if (aim === null) return `aim ${req} off 0\n`;
    if (!(Number.isInteger(aim.count) && aim.count >= 1 && aim.count <= 10))
      throw new Error(`not an aim the guest agent takes: ${aim.count} segments`);
    return `aim ${req} ${aim.kind} ${aim.count}\n`;
  },
};

const int = (text: string | undefined): number => {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isInteger(n)) throw new Error(`not an integer: ${text}`);
  return n;
};

/** "127.0.0.1 40000 127.0.0.1 7000" as the agent says a socket's two ends. */
const endpoints = (src: string, sport: string | undefined, dst: string, dport: string | undefined) =>
  [
    { address: src, port: int(sport) },
    { address: dst, port: int(dport) },
  ] as const;
/** A state as tcp_states.h numbers it, in decimal. */
const stateOf = (n: string) => parseProcState(int(n).toString(16));

/** Parses one line from the agent; null for lines that are not the agent's (or are garbled). */
export function parseGuestLine(line: string): GuestMessage | null {
  const trimmed = line.replace(/\r$/, '');
  if (!trimmed.startsWith('@')) return null;
  const [tag, ...rest] = trimmed.slice(1).split(' ');
  try {
    switch (tag) {
      case 'ready':
        return { kind: 'ready' };
      case 'ok':
        return { kind: 'ok', req: int(rest[0]), detail: rest.slice(1).join(' ') };
      case 'cached':
        return { kind: 'cached', req: int(rest[0]) };
      case 'limit': {
        const [pid, what, value] = rest;
        if (what === 'procs') return { kind: 'limit-procs', pid: int(pid), count: int(value) };
        if (what === 'disk' && value) return { kind: 'limit-disk', path: value };
        return null;
      }
      case 'retx': {
        const [time, src, sport, dst, dport, state] = rest;
        if (!src || !dst || !state) return null;
        const [from, to] = endpoints(src, sport, dst, dport);
        return { kind: 'retransmit', timeUs: int(time), from, to, state: stateOf(state) };
      }
      case 'lost': {
        const [time, aim, src, sport, dst, dport] = rest;
        if ((aim !== 'fin' && aim !== 'last-ack') || !src || !dst) return null;
        const known = src !== '-' && dst !== '-';
        const [from, to] = known ? endpoints(src, sport, dst, dport) : [null, null];
        return { kind: 'lost', timeUs: int(time), aim, from, to };
      }
      case 'aim':
        return rest[0] === 'off' ? { kind: 'aim-spent' } : null;
      case 'state': {
        const [time, src, sport, dst, dport, from, to] = rest;
        if (!src || !dst || !from || !to) return null;
        const [local, remote] = endpoints(src, sport, dst, dport);
        return { kind: 'tcp-transition', timeUs: int(time), local, remote, from: stateOf(from), to: stateOf(to) };
      }
      case 'err':
        return { kind: 'err', req: int(rest[0]), message: rest.slice(1).join(' ') };
      case 'echo': {
        const [tty, hex] = rest;
        if (!hex || !/^(?:[0-9a-f]{2})+$/.test(hex)) return null;
        return { kind: 'echo', tty: int(tty), bytes: bytesOfHex(hex) };
      }
      case 'oom': {
        const [tty, pid, kib, capKib, ...command] = rest;
        return {
          kind: 'oom',
          tty: int(tty),
          pid: int(pid),
          kib: int(kib),
          capKib: int(capKib),
          command: command.join(' '),
        };
      }
      case 'log':
        return { kind: 'log', text: rest.join(' ') };
      case 'spawned':
        return { kind: 'spawned', req: int(rest[0]), pid: int(rest[1]) };
      case 'exit': {
        const [pid, how, value] = rest;
        if (how !== 'code' && how !== 'signal') return null;
        return {
          kind: 'exit',
          pid: int(pid),
          code: how === 'code' ? int(value) : null,
          signal: how === 'signal' ? int(value) : null,
        };
      }
      case 'pkt': {
        const [time, src, sport, dst, dport, flags, seq, ack, len, win, size, hex] = rest;
        if (!src || !dst || !flags) return null;
        const captured = size !== undefined && hex !== undefined && /^(?:[0-9a-f]{2})+$/.test(hex);
        return {
          kind: 'segment',
          timeUs: int(time),
          from: { address: src, port: int(sport) },
          to: { address: dst, port: int(dport) },
          flags: parseFlags(flags),
          seq: int(seq),
          ack: int(ack),
          length: int(len),
          window: int(win),
          ...(captured ? { packet: { size: int(size), hex } } : {}),
        };
      }
      case 'tcp': {
        const [time, count, ...fields] = rest;
        const n = int(count);
        if (fields.length !== n * 3) return null;
        const sockets = [];
        for (let i = 0; i < n; i++) {
          sockets.push({
            local: parseProcAddress(fields[3 * i]!),
            remote: parseProcAddress(fields[3 * i + 1]!),
            state: parseProcState(fields[3 * i + 2]!),
          });
        }
        return { kind: 'tcp-snapshot', timeUs: int(time), sockets };
      }
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/** Linux signal numbers on x86 (arch/x86/include/uapi/asm/signal.h), 1–31. */
const signalNames = [
  'SIGHUP',
  'SIGINT',
  'SIGQUIT',
  'SIGILL',
  'SIGTRAP',
  'SIGABRT',
  'SIGBUS',
  'SIGFPE',
  'SIGKILL',
  'SIGUSR1',
  'SIGSEGV',
  'SIGUSR2',
  'SIGPIPE',
  'SIGALRM',
  'SIGTERM',
  'SIGSTKFLT',
  'SIGCHLD',
  'SIGCONT',
  'SIGSTOP',
  'SIGTSTP',
  'SIGTTIN',
  'SIGTTOU',
  'SIGURG',
  'SIGXCPU',
  'SIGXFSZ',
  'SIGVTALRM',
  'SIGPROF',
  'SIGWINCH',
  'SIGIO',
  'SIGPWR',
  'SIGSYS',
] as const;

export function signalName(signo: number): string {
  return signalNames[signo - 1] ?? `SIG${signo}`;
}

export function signalNumber(name: string): number {
  const index = signalNames.indexOf(name as (typeof signalNames)[number]);
  if (index < 0) throw new Error(`unknown signal ${name}`);
  return index + 1;
}
