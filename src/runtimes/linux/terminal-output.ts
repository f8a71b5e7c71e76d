import type { OutputChunk } from '../runtime';

/** Most a process may print before it is stopped (the local runner's limit is the same). */
export const maxOutputBytes = 2 * 1024 * 1024;

/**
 * One process's terminal as a stream of output chunks: the serial port's bytes (what the program
 * wrote) arrive one by one and are batched (one chunk per task, decoded as UTF-8); the echo of
 * the learner's keys (from the program's pseudo-terminal) and the runtime's notices go in between,
 * each as a chunk of its own kind. `onLimit` is called once when the program printed more than
 * `limit` bytes, echo included (a program may write to its stdin too).
 */
export class TerminalOutput {
  readonly stream: ReadableStream<OutputChunk>;
  private controller!: ReadableStreamDefaultController<OutputChunk>;
  private readonly decoder = new TextDecoder();
  private readonly echoDecoder = new TextDecoder();
  private pending: number[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private printed = 0;
  private closed = false;

  constructor(
    private readonly onLimit: () => void,
    private readonly limit = maxOutputBytes,
  ) {
    this.stream = new ReadableStream<OutputChunk>({ start: (c) => (this.controller = c) });
  }

  /** A byte the program wrote to its terminal. */
  byte(value: number): void {
    if (this.closed || !this.count(1)) return;
    this.pending.push(value);
    this.flushTimer ??= setTimeout(() => this.flush(), 0);
  }

  /** What the terminal echoed (the kernel's echo of typed keys), after what the program wrote so far. */
  echo(bytes: Uint8Array): void {
    if (this.closed || !this.count(bytes.length)) return;
    this.flush();
    const text = this.echoDecoder.decode(bytes, { stream: true });
    if (text) this.controller.enqueue({ stream: 'echo', text });
  }

  /** Counts bytes against the limit; false once it was passed. */
  private count(bytes: number): boolean {
    const before = this.printed;
    this.printed += bytes;
    if (before <= this.limit && this.printed > this.limit) this.onLimit();
    return this.printed <= this.limit;
  }

  /** The runtime speaking (not the program). */
  notice(text: string): void {
    if (this.closed) return;
    this.flush();
    this.controller.enqueue({ stream: 'notice', text });
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const text = this.decoder.decode(new Uint8Array(this.pending), { stream: true });
    this.pending = [];
    if (text) this.controller.enqueue({ stream: 'stdout', text });
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    const rest = this.decoder.decode();
    if (rest) this.controller.enqueue({ stream: 'stdout', text: rest });
    this.closed = true;
    this.controller.close();
  }
}
