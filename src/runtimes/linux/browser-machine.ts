/**
 * Starts the Linux runtime in a browser: a worker of its own reads v86 from /v86/ (our origin,
 * imported only now) and the saved state and BIOS from /linux/ (guest-image.ts: downloaded with
 * progress and kept in the Cache API, so a second visit, or an offline one, restores without
 * downloading), and restores it; the page waits for the guest's agent.
 */
import type { DownloadProgress } from './guest-image';
import { LinuxRuntime } from './linux-runtime';
import { WorkerMachine } from './worker-machine';

export type { DownloadProgress } from './guest-image';

export interface BrowserMachineOptions {
  /** The site's base URL, ending with "/". */
  readonly baseUrl: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Aborting ends the worker, and with it any download under way. */
  readonly signal?: AbortSignal;
}

/** Downloads (or takes from the cache) the guest, restores it and waits for its agent. */
export async function startBrowserLinux(options: BrowserMachineOptions): Promise<LinuxRuntime> {
  const { baseUrl, signal, onProgress } = options;
  performance.mark('linux:start');
  const machine = new WorkerMachine();
  const stop = () => void machine.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const manifest = await machine.start(new URL(baseUrl, location.href).href, onProgress);
    performance.mark('linux:start:restored');
    const runtime = new LinuxRuntime(machine, undefined, manifest.labFiles);
    await runtime.ready();
    performance.mark('linux:start:ready');
    return runtime;
  } catch (err) {
    void machine.destroy();
    throw err;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
