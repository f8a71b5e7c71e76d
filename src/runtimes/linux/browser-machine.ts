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
/** Whether this browser holds the image (asked once per page). */
let cacheChecked: Promise<boolean> | null = null;
/** Whether a lab has started a machine on this page: no other is prepared beside it. */
let started = false;

/**
 * In a browser that kept the guest image from an earlier visit: makes the emulator's worker and
 * has it load v86 (from the HTTP cache, usually) and read the image from the Cache API; with
 * `restore`, also restore it without running it (the guest's 128 MiB allocated in the worker,
 * about a second of its CPU). The page calls it without `restore` once it is idle after loading
 * (a page with a C lab), and with it when a C lab comes near the viewport, so that opening the
 * lab only runs the machine. On a first visit it does nothing: v86 and the image are fetched only
 * when a lab is opened. Idempotent; resolves with whether a machine is prepared.
 */
export async function prepareBrowserLinux(baseUrl: string, options: { restore: boolean }): Promise<boolean> {
  if (started) return false;
  if (!prepared) {
    cacheChecked ??= hasCachedImage();
    if (!(await cacheChecked) || started) return false;
    prepared ??= makePrepared(absolute(baseUrl)); // (another call may have made one meanwhile)
  }
  if (options.restore) prepared.machine.prepare(prepared.base, true); // the worker restores once
  return true;
}

function makePrepared(base: string): NonNullable<typeof prepared> {
  const machine = new WorkerMachine();
  machine.prepare(base, false);
  // Gone with the page; a page shown again from the back-forward cache starts a new one on the click.
  const drop = () => {
    if (prepared?.machine !== machine) return;
    prepared = null;
    void machine.destroy();
  };
  window.addEventListener('pagehide', drop, { once: true });
  return { base, machine };
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
  // A preparation still asking the cache decides first, so the click takes the worker it makes.
  await cacheChecked?.catch(() => false);
  started = true;
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
