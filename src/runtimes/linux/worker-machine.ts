/**
 * A page's Linux machine whose emulator runs in a worker of its own (machine-worker.ts): the
 * page's side of the Machine the runtime drives. The worker reads the image and restores it;
 * bytes the guest writes reach the listeners in the order it wrote them; keys and file writes go
 * to the worker as they come.
 */
import { raceTimeout } from '../race-timeout';
import { RequestTable } from '../request-table';
import type { DownloadProgress } from './guest-image';
import type { ImageManifest } from './image-manifest';
import type { FromWorker, ToWorker } from './machine-messages';
import { newMachineWorker } from './new-machine-worker';
import type { Machine, SerialPort } from './v86-machine';

export class WorkerMachine implements Machine {
  private readonly listeners = new Map<SerialPort, Set<(byte: number) => void>>();
  /** Requests waiting for their answer ("started", "done"), by id (start() is 0). */
  private readonly requests = new RequestTable<FromWorker>();
  private failure: Error | null = null;
  private readonly worker: Worker;
  private onProgress: ((progress: DownloadProgress) => void) | null = null;

  constructor() {
    this.worker = newMachineWorker();
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    this.worker.addEventListener('error', (event) =>
      this.fail(new Error(`the emulator's worker failed: ${event.message || 'it could not load'}`)),
    );
  }

  /**
   * Has the worker load v86's script and WebAssembly from `base` (the site's absolute base URL)
   * and read the image when the Cache API holds it (a download waits for start()); with
   * `restore`, also restore it without running it, so that a later start() only runs it.
   */
  prepare(base: string, restore: boolean): void {
    this.post({ type: 'prepare', base, restore });
  }

  /**
   * The worker reads the image and v86 from `base` (the site's absolute base URL), reporting the
   * download's progress, and restores the saved state; resolves with the image's manifest once
   * the emulator runs.
   */
  async start(base: string, onProgress?: (progress: DownloadProgress) => void): Promise<ImageManifest> {
    this.onProgress = onProgress ?? null;
    const answer = await this.request(() => this.post({ type: 'start', base }), 0);
    if (answer.type !== 'started') throw new Error(`the emulator's worker answered "${answer.type}" to its start`);
    return answer.manifest;
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

  async restore(): Promise<void> {
    await this.request((id) => this.post({ type: 'restore', id }));
  }

  async destroy(): Promise<void> {
    // A worker that does not answer within a second is ended anyway.
    await raceTimeout(
      this.request((id) => this.post({ type: 'destroy', id })).catch(() => {}),
      1000,
      () => {},
    );
    this.worker.terminate();
    this.fail(new Error('the machine was closed'));
  }

  private request(send: (id: number) => void, id?: number): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return this.requests.request(send, id);
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
    } else if (message.type === 'progress') {
      this.onProgress?.(message.progress);
    } else if (message.type === 'mark') {
      performance.mark(message.name, { startTime: message.at - performance.timeOrigin });
    } else {
      // "started" answers start() (request 0), as does a failure of no request.
      const id = message.type === 'started' ? 0 : (message.id ?? 0);
      if (message.type === 'failed') this.requests.fail(id, new Error(message.message));
      else this.requests.answer(id, message);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.requests.failAll(this.failure);
  }
}
