/**
 * Starts the Linux runtime in a browser: a worker of its own reads v86 from /v86/ (our origin,
 * imported only now) and the saved state and BIOS from /linux/ (guest-image.ts: downloaded with
 * progress and kept in the Cache API, so a second visit, or an offline one, restores without
 * downloading), and restores it; the page waits for the guest's agent.
 */
import type { DownloadProgress } from './guest-image';
import { hasCachedImage } from './image-cache';
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

const absolute = (baseUrl: string) => new URL(baseUrl, location.href).href;

/** A worker made ahead, with v86 loaded, waiting for the lab to open (see prepareBrowserLinux). */
let prepared: { readonly base: string; readonly machine: WorkerMachine } | null = null;

/**
 * In a browser that kept the guest image from an earlier visit: makes the emulator's worker and
 * has it load v86 (from the HTTP cache, usually), read the image from the Cache API and restore
 * it without running it (the guest's 128 MiB allocated in the worker, about a second of its CPU):
 * call it when a C lab comes near the viewport, so that opening it only runs it. On a first visit
 * it does nothing: v86 and the image are fetched only when a lab is opened. Idempotent; resolves
 * with whether a machine is prepared.
 */
export async function prepareBrowserLinux(baseUrl: string): Promise<boolean> {
  if (prepared) return true;
  if (!(await hasCachedImage())) return false;
  if (prepared) return true; // another call prepared one meanwhile
  const machine = new WorkerMachine();
  machine.prepare(absolute(baseUrl));
  prepared = { base: absolute(baseUrl), machine };
  // Gone with the page; a page shown again from the back-forward cache starts a new one on the click.
  const drop = () => {
    if (prepared?.machine !== machine) return;
    prepared = null;
    void machine.destroy();
  };
  window.addEventListener('pagehide', drop, { once: true });
  return true;
}

/** The prepared worker for `baseUrl`, now the caller's, or a new one. */
function takeMachine(baseUrl: string): WorkerMachine {
  const ready = prepared?.base === absolute(baseUrl) ? prepared.machine : null;
  if (ready) prepared = null;
  return ready ?? new WorkerMachine();
}

/** Downloads (or takes from the cache) the guest, restores it and waits for its agent. */
export async function startBrowserLinux(options: BrowserMachineOptions): Promise<LinuxRuntime> {
  const { baseUrl, signal, onProgress } = options;
  performance.mark('linux:start');
  const machine = takeMachine(baseUrl);
  const stop = () => void machine.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const manifest = await machine.start(absolute(baseUrl), onProgress);
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
