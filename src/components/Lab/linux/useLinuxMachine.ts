import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabFile } from '../../../labs/types';
import type { DownloadProgress } from '../../../runtimes/linux/browser-machine';
import type { LinuxRuntime } from '../../../runtimes/linux/linux-runtime';
import { claimLinuxBoot, startLinuxBoot } from './early-boot';

export type LinuxMachineState =
  | { readonly status: 'loading'; readonly progress: DownloadProgress | null }
  | { readonly status: 'ready'; readonly runtime: LinuxRuntime; readonly resetting: boolean }
  | { readonly status: 'failed'; readonly reason: string };

/** The lab whose C files the machine compiles while the learner reads (its folder and its files as shipped). */
export interface PrecompiledLab {
  readonly dir: string;
  readonly files: () => Promise<readonly LabFile[]>;
}

/**
 * The lab's Linux machine: v86 and the saved state are loaded when a C lab opens (never in a
 * page's bundle: the starter is a chunk of its own, v86 comes from /v86/; the "Open the lab"
 * click already started it, see early-boot.ts), with the download's progress; the emulator is freed when the lab closes or the page goes away. Right after the
 * restore (and after each reset) the lab's C files are compiled while the learner reads, so a Run
 * of unedited code starts at once.
 */
export function useLinuxMachine(baseUrl: string, lab?: PrecompiledLab) {
  const [state, setState] = useState<LinuxMachineState>({ status: 'loading', progress: null });
  const runtime = useRef<LinuxRuntime | null>(null);
  const labRef = useRef(lab);
  labRef.current = lab;
  const prepare = useCallback((started: LinuxRuntime) => {
    const current = labRef.current;
    if (!current) return;
    const work = current.files().then((files) => started.precompile(current.dir, files));
    void work.catch(() => {}); // a failed compile shows again, with its errors, when the learner runs it
  }, []);

  useEffect(() => {
    let disposed = false;
    const boot = claimLinuxBoot(baseUrl) ?? startLinuxBoot(baseUrl);
    boot.onProgress((progress) => !disposed && setState({ status: 'loading', progress }));
    void (async () => {
      try {
        const started = await boot.runtime;
        if (disposed) {
          started.dispose();
          return;
        }
        runtime.current = started;
        setState({ status: 'ready', runtime: started, resetting: false });
        prepare(started);
      } catch (err) {
        if (!disposed) setState({ status: 'failed', reason: (err as Error).message });
      }
    })();
    const free = () => runtime.current?.dispose();
    window.addEventListener('pagehide', free);
    return () => {
      disposed = true;
      boot.abort();
      window.removeEventListener('pagehide', free);
      free();
      runtime.current = null;
    };
  }, [baseUrl, prepare]);

  /** Puts the guest back to its saved state: every program stops, files and binaries are gone. */
  const reset = useCallback(async () => {
    const current = runtime.current;
    if (!current) return;
    setState({ status: 'ready', runtime: current, resetting: true });
    try {
      await current.reset();
      setState({ status: 'ready', runtime: current, resetting: false });
      prepare(current);
    } catch (err) {
      setState({ status: 'failed', reason: `the reset failed: ${(err as Error).message}` });
    }
  }, [prepare]);

  return { state, reset };
}
