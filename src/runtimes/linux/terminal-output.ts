import type { OutputChunk } from '../runtime';

/** Most a process may print before it is stopped (the local runner's limit is the same). */
export const maxOutputBytes = 2 * 1024 * 1024;

/**
 * One process's terminal as a stream of output chunks: the serial port's bytes arrive one by one
 * and are batched (one chunk per task, decoded as UTF-8), the runtime's notices go in between.
 * `onLimit` is called once when the program printed more than `limit` bytes.
 */
export class TerminalOutput {
  readonly stream: ReadableStream<OutputChunk>;
  private controller!: ReadableStreamDefaultController<OutputChunk>;
  private readonly decoder = new TextDecoder();
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
    if (this.closed) return;
    this.printed++;
    if (this.printed === this.limit + 1) this.onLimit();
    if (this.printed > this.limit) return;
    this.pending.push(value);
    this.flushTimer ??= setTimeout(() => this.flush(), 0);
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
