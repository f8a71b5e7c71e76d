import { useCallback, useEffect, useRef } from 'react';
import type { LabFile } from '../../../labs/types';
import type { LinuxRuntime } from '../../../runtimes/linux/linux-runtime';

/** How long the learner's typing must pause before the edited files are compiled. */
export const EDIT_PAUSE_MS = 800;

/**
 * Compiles a C lab's files in the guest once the learner pauses typing, with no terminal, so
 * that Run after an edit usually finds the binary in the compile cache. A compile that fails is
 * not kept: its errors show, with file and line, when the learner runs the file. Returns the
 * function to call with the lab's files whenever they change.
 */
export function useCompileWhileEditing(
  runtime: LinuxRuntime | null,
  dir: string,
  /** The lab's files as shipped, once loaded: the machine compiled those right after its restore. */
  shipped: () => readonly LabFile[] | null,
): (files: readonly LabFile[]) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ runtime, dir, shipped });
  latest.current = { runtime, dir, shipped };
  /** The files as last compiled here. */
  const compiled = useRef<string | null>(null);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  return useCallback((files: readonly LabFile[]) => {
    if (timer.current) clearTimeout(timer.current);
    const fingerprint = JSON.stringify(files);
    const asShipped = latest.current.shipped();
    if (fingerprint === (compiled.current ?? (asShipped && JSON.stringify(asShipped)))) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const { runtime: current, dir: folder } = latest.current;
      if (!current) return;
      compiled.current = fingerprint;
      void current.precompile(folder, files).catch(() => {});
    }, EDIT_PAUSE_MS);
  }, []);
}
