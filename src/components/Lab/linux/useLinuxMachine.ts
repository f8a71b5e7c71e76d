import { useCallback, useEffect, useRef, useState } from 'react';
import type { DownloadProgress } from '../../../runtimes/linux/browser-machine';
import type { LinuxRuntime } from '../../../runtimes/linux/linux-runtime';

export type LinuxMachineState =
  | { readonly status: 'loading'; readonly progress: DownloadProgress | null }
  | { readonly status: 'ready'; readonly runtime: LinuxRuntime; readonly resetting: boolean }
  | { readonly status: 'failed'; readonly reason: string };

/**
 * The lab's Linux machine: v86 and the saved state are loaded when a C lab opens (never in a
 * page's bundle: the starter is a chunk of its own, v86 comes from /v86/), with the download's
 * progress; the emulator is freed when the lab closes or the page goes away.
 */
export function useLinuxMachine(baseUrl: string) {
  const [state, setState] = useState<LinuxMachineState>({ status: 'loading', progress: null });
  const runtime = useRef<LinuxRuntime | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    let disposed = false;
    void (async () => {
      try {
        const { startBrowserLinux } = await import('../../../runtimes/linux/browser-machine');
        const started = await startBrowserLinux({
          baseUrl,
          signal: abort.signal,
          onProgress: (progress) => !disposed && setState({ status: 'loading', progress }),
        });
        if (disposed) {
          started.dispose();
          return;
        }
        runtime.current = started;
        setState({ status: 'ready', runtime: started, resetting: false });
        // Compiles something small while the learner reads: their first compile then runs on translated code.
        void started.warmUp().catch(() => {});
      } catch (err) {
        if (!disposed) setState({ status: 'failed', reason: (err as Error).message });
      }
    })();
    const free = () => runtime.current?.dispose();
    window.addEventListener('pagehide', free);
    return () => {
      disposed = true;
      abort.abort();
      window.removeEventListener('pagehide', free);
      free();
      runtime.current = null;
    };
  }, [baseUrl]);

  /** Puts the guest back to its saved state: every program stops, files and binaries are gone. */
  const reset = useCallback(async () => {
    const current = runtime.current;
    if (!current) return;
    setState({ status: 'ready', runtime: current, resetting: true });
    try {
      await current.reset();
      setState({ status: 'ready', runtime: current, resetting: false });
    } catch (err) {
      setState({ status: 'failed', reason: `the reset failed: ${(err as Error).message}` });
    }
  }, []);

  return { state, reset };
}
