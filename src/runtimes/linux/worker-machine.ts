/**
 * A page's Linux machine whose emulator runs in a worker of its own (machine-worker.ts): the
 * page's side of the Machine the runtime drives. Bytes the guest writes reach the listeners in
 * the order it wrote them; keys and file writes go to the worker as they come.
 */
import type { FromWorker, ToWorker } from './machine-messages';
import { newMachineWorker } from './new-machine-worker';
import type { Machine, SerialPort } from './v86-machine';

export interface WorkerMachineImage {
  readonly wasm: WebAssembly.Module;
  readonly bios: ArrayBuffer;
  readonly vgaBios: ArrayBuffer;
  /** The saved state to restore (zstd-compressed); the worker gets a copy. */
  readonly state: ArrayBuffer;
}

export class WorkerMachine implements Machine {
  private readonly listeners = new Map<SerialPort, Set<(byte: number) => void>>();
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private readonly worker: Worker;

  /**
   * Makes the worker, which starts importing v86's script (`library`, the URL of libv86.mjs) at
   * once: call it before reading the image, then start().
   */
  constructor(library: string) {
    this.worker = newMachineWorker();
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    this.worker.addEventListener('error', (event) =>
      this.fail(new Error(`the emulator's worker failed: ${event.message || 'it could not load'}`)),
    );
    this.post({ type: 'load', library });
  }

  /** Restores the saved state in the worker's emulator; resolves once it runs. */
  start(image: WorkerMachineImage): Promise<void> {
    const state = image.state.slice(0); // the caller keeps its copy for resets
    return this.request(0, () => this.post({ type: 'start', ...image, state }, [state]));
  }

  onOutput(port: SerialPort, listener: (byte: number) => void): () => void {
    let set = this.listeners.get(port);
    if (!set) this.listeners.set(port, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  send(port: SerialPort, bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.post({ type: 'send', port, bytes: copy }, [copy.buffer]);
  }

  restore(state: ArrayBuffer): Promise<void> {
    const id = this.nextId++;
    const copy = state.slice(0); // the caller keeps its copy for the next reset
    return this.request(id, () => this.post({ type: 'restore', id, state: copy }, [copy]));
  }

  async destroy(): Promise<void> {
    const id = this.nextId++;
    await Promise.race([
      this.request(id, () => this.post({ type: 'destroy', id })).catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ]);
    this.worker.terminate();
    this.fail(new Error('the machine was closed'));
  }

  private request(id: number, send: () => void): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      send();
    });
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    if (!this.failure) this.worker.postMessage(message, transfer);
  }

  private receive(message: FromWorker): void {
    if (message.type === 'output') {
      for (const [port, bytes] of message.runs) {
        const set = this.listeners.get(port);
        if (!set) continue;
        for (const byte of bytes) for (const listener of set) listener(byte);
      }
    } else {
      // "started" answers start() (request 0), as does a failure of no request.
      const id = message.type === 'started' ? 0 : (message.id ?? 0);
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (message.type === 'failed') waiting?.reject(new Error(message.message));
      else waiting?.resolve();
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
