/**
 * The Linux machine starts on the "Open the lab" click, not once the opened lab has rendered:
 * loading and drawing the editor and terminals takes a few hundred milliseconds in which the
 * image can be read and v86 compiled. The click starts one boot (its code is a chunk of its own);
 * the opened lab's machine hook claims it, with the progress it has made, or starts its own
 * when there is none (a reopened lab after a Reset files, a test that renders the lab directly).
 */
import type { DownloadProgress } from '../../../runtimes/linux/browser-machine';
import type { LinuxRuntime } from '../../../runtimes/linux/linux-runtime';

export interface LinuxBoot {
  readonly runtime: Promise<LinuxRuntime>;
  /** Called with each step of the download, the last one first (when there was one). */
  onProgress(listener: (progress: DownloadProgress) => void): void;
  /** Gives up the boot (the lab closed): the runtime, once started, is disposed. */
  abort(): void;
}

let pending: { readonly baseUrl: string; readonly boot: LinuxBoot } | null = null;

let starter: Promise<typeof import('../../../runtimes/linux/browser-machine')> | null = null;

function loadLinuxStarter(): Promise<typeof import('../../../runtimes/linux/browser-machine')> {
  starter ??= import('../../../runtimes/linux/browser-machine');
  starter.catch(() => (starter = null)); // tried again at the next call
  return starter;
}

/**
 * Gets the machine ready to start without starting it: loads the starter (a small chunk) and, in
 * a browser that kept the guest image from an earlier visit, makes the emulator's worker, which
 * loads v86 and reads the image, and with `restore` restores it, not running (nothing is
 * downloaded on a first visit, no guest runs). The lab's warm-up calls it once the page is idle,
 * and with `restore` when a C lab comes near the viewport, so the click only runs the machine.
 * Resolves with whether a machine is prepared.
 */
export function prepareLinuxBoot(baseUrl: string, restore: boolean): Promise<boolean> {
  return loadLinuxStarter()
    .then(({ prepareBrowserLinux }) => prepareBrowserLinux(baseUrl, { restore }))
    .catch(() => false); // the click loads it again, and says why it failed
}

/** Starts the machine for the lab about to open, unless one is already starting. */
export function bootLinuxEarly(baseUrl: string): void {
  if (pending) return;
  const boot = startLinuxBoot(baseUrl);
  pending = { baseUrl, boot };
  // Never claimed (the opened lab failed to load): the machine goes with the page.
  window.addEventListener('pagehide', () => pending?.boot === boot && claimLinuxBoot(baseUrl)?.abort(), {
    once: true,
  });
}

/** The boot the click started for `baseUrl`, now the caller's; null when there is none. */
export function claimLinuxBoot(baseUrl: string): LinuxBoot | null {
  if (pending?.baseUrl !== baseUrl) return null;
  const claimed = pending.boot;
  pending = null;
  return claimed;
}

/** Starts a machine: v86 and the image are fetched (or read from the cache) and restored. */
export function startLinuxBoot(baseUrl: string): LinuxBoot {
  const abort = new AbortController();
  let last: DownloadProgress | null = null;
  let listener: ((progress: DownloadProgress) => void) | null = null;
  const runtime = loadLinuxStarter().then(async ({ startBrowserLinux }) => {
    const started = await startBrowserLinux({
      baseUrl,
      signal: abort.signal,
      onProgress: (progress) => {
        last = progress;
        listener?.(progress);
      },
    });
    if (abort.signal.aborted) {
      started.dispose();
      throw new Error('the lab was closed');
    }
    return started;
  });
  runtime.catch(() => {}); // the claimer reports a failure
  return {
    runtime,
    onProgress(next) {
      listener = next;
      if (last) next(last);
    },
    abort: () => abort.abort(),
  };
}
