import { commands, parseGuestLine, type GuestMessage } from './guest-protocol';
import type { Segment, TcpSnapshot } from './kernel-events';
import type { SerialPort, V86Machine } from './v86-machine';

export interface GuestExit {
  readonly code: number | null;
  /** Signal number, when the kernel ended the process with a signal. */
  readonly signal: number | null;
}

export interface GuestProcess {
  readonly pid: number;
  readonly exit: Promise<GuestExit>;
}

const encoder = new TextEncoder();
/** Bytes of file content per "put" line (hex doubles it on the wire). */
const putChunkBytes = 16 * 1024;

/**
 * The page's side of the guest agent: requests on serial port 0, answers matched by request
 * number, exits matched by pid, and kernel events passed on to listeners.
 */
export class GuestAgent {
  private line = '';
  private nextReq = 1;
  private readonly pending = new Map<number, { resolve: (m: GuestMessage) => void; reject: (e: Error) => void }>();
  private readonly exits = new Map<number, (exit: GuestExit) => void>();
  private readonly earlyExits = new Map<number, GuestExit>();
  private readonly kernelListeners = new Set<(event: Segment | TcpSnapshot) => void>();
  private readonly unsubscribe: () => void;
  /** Lines on the control port that were not the agent's (kernel messages), newest last. */
  readonly otherLines: string[] = [];

  constructor(
    private readonly machine: V86Machine,
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
      case 'spawned':
      case 'err': {
        const waiter = this.pending.get(message.req);
        if (!waiter) return;
        this.pending.delete(message.req);
        if (message.kind === 'err') waiter.reject(new Error(message.message));
        else waiter.resolve(message);
        return;
      }
      case 'exit': {
        const exit = { code: message.code, signal: message.signal };
        const settle = this.exits.get(message.pid);
        if (settle) {
          this.exits.delete(message.pid);
          settle(exit);
        } else {
          this.earlyExits.set(message.pid, exit);
        }
        return;
      }
      case 'segment':
      case 'tcp-snapshot':
        for (const listener of this.kernelListeners) listener(message);
        return;
      case 'ready':
        return;
    }
  }

  private request(build: (req: number) => string): Promise<GuestMessage> {
    const req = this.nextReq++;
    return new Promise((resolve, reject) => {
      this.pending.set(req, { resolve, reject });
      this.machine.send(this.port, encoder.encode(build(req)));
    });
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

  /** Starts argv on the terminal /dev/ttyS<tty> in `dir`. */
  async spawn(tty: number, dir: string, argv: readonly string[]): Promise<GuestProcess> {
    const answer = await this.request((req) => commands.spawn(req, tty, dir, argv));
    if (answer.kind !== 'spawned') throw new Error(`unexpected answer to spawn: ${answer.kind}`);
    const pid = answer.pid;
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

  async signal(pid: number, signo: number): Promise<void> {
    await this.request((req) => commands.signal(req, pid, signo));
  }

  /** Starts (periodMs > 0) or stops (0) the stream of segments and socket states. */
  async watch(periodMs: number): Promise<void> {
    await this.request((req) => commands.watch(req, periodMs));
  }

  onKernelEvent(listener: (event: Segment | TcpSnapshot) => void): () => void {
    this.kernelListeners.add(listener);
    return () => this.kernelListeners.delete(listener);
  }

  /** Forgets every request and process (after the machine was restored to its saved state). */
  forget(reason: string): void {
    this.line = '';
    for (const waiter of this.pending.values()) waiter.reject(new Error(reason));
    this.pending.clear();
    this.exits.clear();
    this.earlyExits.clear();
  }

  dispose(): void {
    this.forget('the machine was closed');
    this.unsubscribe();
    this.kernelListeners.clear();
  }
}
