import { RequestTable } from '../request-table';
import { commands, parseGuestLine, type GuestLimits, type GuestMessage } from './guest-protocol';
import type { Segment, TcpSnapshot, TcpTransition, WireAim } from './kernel-events';
import { Listeners } from '../listeners';
import type { Machine, SerialPort } from './v86-machine';

export interface GuestExit {
  readonly code: number | null;
  /** Signal number, when the kernel ended the process with a signal. */
  readonly signal: number | null;
}

export interface GuestProcess {
  readonly pid: number;
  readonly exit: Promise<GuestExit>;
}

/** A limit of the guest reached: a terminal's user at its process limit, a full disk, or the OOM killer's victim. */
export type GuestLimitEvent = Extract<GuestMessage, { readonly kind: 'limit-procs' | 'limit-disk' | 'oom' }>;

type KernelMessage = Segment | TcpSnapshot | TcpTransition;

const encoder = new TextEncoder();
/** Bytes of file content per "put" line (hex doubles it on the wire). */
const putChunkBytes = 16 * 1024;

/** What the agent reports about the wire: a retransmission, a segment an aim took, an aim spent. */
export type WireEvent = Extract<GuestMessage, { readonly kind: 'retransmit' | 'lost' | 'aim-spent' }>;

/**
 * The page's side of the guest agent: requests on serial port 0, answers matched by request
 * number, exits matched by pid, and kernel events passed on to listeners.
 */
export class GuestAgent {
  private line = '';
  private readonly requests = new RequestTable<GuestMessage>();
  private readonly exits = new Map<number, (exit: GuestExit) => void>();
  private readonly earlyExits = new Map<number, GuestExit>();
  private readonly kernelListeners = new Listeners<[KernelMessage]>();
  private readonly wireListeners = new Listeners<[WireEvent]>();
  private readonly limitListeners = new Listeners<[GuestLimitEvent]>();
  private readonly echoListeners = new Listeners<[tty: number, bytes: Uint8Array]>();
  private readonly unsubscribe: () => void;
  /** Lines on the control port that were not the agent's (kernel messages), newest last. */
  readonly otherLines: string[] = [];

  constructor(
    private readonly machine: Pick<Machine, 'onOutput' | 'send'>,
    private readonly port: SerialPort = 0,
  ) {
    this.unsubscribe = machine.onOutput(port, (byte) => this.receive(byte));
  }

  private receive(byte: number): void {
    if (byte !== 0x0a) {
      this.line += String.fromCharCode(byte);
      return;
    }
    const line = this.line;
    this.line = '';
    const message = parseGuestLine(line);
    if (!message) {
      if (line.trim()) this.otherLines.push(line);
      if (this.otherLines.length > 100) this.otherLines.shift();
      return;
    }
    this.dispatch(message);
  }

  private dispatch(message: GuestMessage): void {
    switch (message.kind) {
      case 'ok':
      case 'cached':
      case 'spawned':
      case 'err': {
        if (message.kind === 'err') this.requests.fail(message.req, new Error(message.message));
        else this.requests.answer(message.req, message);
        return;
      }
      case 'exit': {
        const exit = { code: message.code, signal: message.signal };
        const settle = this.exits.get(message.pid);
        if (settle) {
          this.exits.delete(message.pid);
          settle(exit);
        } else {
          // An exit that came before its "@spawned", or of an orphan the agent reaped: keep a few.
          this.earlyExits.set(message.pid, exit);
          if (this.earlyExits.size > 64) this.earlyExits.delete(this.earlyExits.keys().next().value!);
        }
        return;
      }
      case 'segment':
      case 'tcp-snapshot':
      case 'tcp-transition':
        this.kernelListeners.emit(message);
        return;
      case 'retransmit':
      case 'lost':
      case 'aim-spent':
        this.wireListeners.emit(message);
        return;
      case 'limit-procs':
      case 'limit-disk':
      case 'oom':
        this.limitListeners.emit(message);
        return;
      case 'echo':
        this.echoListeners.emit(message.tty, message.bytes);
        return;
      case 'log':
        this.otherLines.push(`@log ${message.text}`);
        if (this.otherLines.length > 100) this.otherLines.shift();
        return;
      case 'ready':
        // The agent (re)started: nothing asked of the one before will be answered.
        this.forget('the guest agent restarted');
        return;
    }
  }

  private request(build: (req: number) => string): Promise<GuestMessage> {
    return this.requests.request((req) => this.machine.send(this.port, encoder.encode(build(req))));
  }

  /** Resolves when the agent answers (after a restore: proves the guest runs). */
  async hello(): Promise<void> {
    await this.request((req) => commands.hello(req));
  }

  async writeFile(path: string, content: string | Uint8Array): Promise<void> {
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    let offset = 0;
    do {
      const chunk = bytes.subarray(offset, offset + putChunkBytes);
      const at = offset;
      await this.request((req) => commands.put(req, path, at, chunk));
      offset += chunk.length;
    } while (offset < bytes.length);
  }

  /**
   * Starts argv in `dir`: its output goes to /dev/ttyS<tty>, its input is a pseudo-terminal of its
   * own that `input` types into and whose echo `onEcho` hears.
   */
  async spawn(tty: number, dir: string, argv: readonly string[]): Promise<GuestProcess> {
    const answer = await this.request((req) => commands.spawn(req, tty, dir, argv));
    if (answer.kind !== 'spawned') throw new Error(`unexpected answer to spawn: ${answer.kind}`);
    return this.process(answer.pid);
  }

  private process(pid: number): GuestProcess {
    const exit = new Promise<GuestExit>((resolve) => {
      const early = this.earlyExits.get(pid);
      if (early) {
        this.earlyExits.delete(pid);
        resolve(early);
      } else {
        this.exits.set(pid, resolve);
      }
    });
    return { pid, exit };
  }

  /**
   * Compiles `dir/src` into `dir/out` with tcc and `flags` on /dev/ttyS<tty> (0: no terminal).
   * Resolves "cached" when the guest reused the binary of a build with the same flags, source and
   * input files; else the compiler's process.
   */
  async build(
    tty: number,
    dir: string,
    src: string,
    out: string,
    flags: readonly string[],
  ): Promise<'cached' | GuestProcess> {
    const answer = await this.request((req) => commands.build(req, tty, dir, src, out, flags));
    if (answer.kind === 'cached') return 'cached';
    if (answer.kind !== 'spawned') throw new Error(`unexpected answer to build: ${answer.kind}`);
    return this.process(answer.pid);
  }

  /** Limits of the programs started from now on. */
  async setLimits(limits: GuestLimits): Promise<void> {
    await this.request((req) => commands.limits(req, limits));
  }

  /** Types into the pseudo-terminal of the program on /dev/ttyS<tty>; rejects when it took less than all. */
  async input(tty: number, bytes: Uint8Array): Promise<void> {
    await this.request((req) => commands.input(req, tty, bytes));
  }

  /** What each terminal's pseudo-terminal shows: the kernel's echo of the keys typed. */
  onEcho(listener: (tty: number, bytes: Uint8Array) => void): () => void {
    return this.echoListeners.add(listener);
  }

  onLimit(listener: (event: GuestLimitEvent) => void): () => void {
    return this.limitListeners.add(listener);
  }

  async signal(pid: number, signo: number): Promise<void> {
    await this.request((req) => commands.signal(req, pid, signo));
  }

  /**
   * Starts (periodMs > 0) or stops (0) the stream of segments and socket states. Resolves whether
   * the kernel's state-change tracepoint is part of it (else states come from samples only).
   */
  async watch(periodMs: number): Promise<{ readonly tracepoint: boolean }> {
    const answer = await this.request((req) => commands.watch(req, periodMs));
    return { tracepoint: answer.kind === 'ok' && answer.detail === 'tracepoint' };
  }

  onKernelEvent(listener: (event: KernelMessage) => void): () => void {
    return this.kernelListeners.add(listener);
  }

  /**
   * What happens on the wire: each segment TCP sent again (reported while a watch runs), each
   * segment an aim took, and an aim spent.
   */
  onWireEvent(listener: (event: WireEvent) => void): () => void {
    return this.wireListeners.add(listener);
  }

  /** Loses `lossPercent` of the segments on loopback and delays each by `delayMs`; 0 and 0 take that away. */
  async fault(lossPercent: number, delayMs: number): Promise<void> {
    await this.request((req) => commands.fault(req, lossPercent, delayMs));
  }

  /** Loses the next `count` segments of a kind (`null`: takes the aim away). */
  async aim(aim: WireAim | null): Promise<void> {
    await this.request((req) => commands.aim(req, aim));
  }

  /**
   * Forgets every request and process (after the machine was restored to its saved state): the
   * requests fail with `reason`, and the processes are gone as if killed (SIGKILL), so that no one
   * waits for an exit that will never be reported.
   */
  forget(reason: string): void {
    this.line = '';
    this.requests.failAll(new Error(reason));
    for (const settle of this.exits.values()) settle({ code: null, signal: 9 });
    this.exits.clear();
    this.earlyExits.clear();
  }

  dispose(): void {
    this.forget('the machine was closed');
    this.unsubscribe();
    this.kernelListeners.clear();
    this.wireListeners.clear();
    this.limitListeners.clear();
    this.echoListeners.clear();
  }
}
