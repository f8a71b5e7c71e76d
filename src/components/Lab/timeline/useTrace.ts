import { useMemo, useRef, useState } from 'react';
import type { LabRunRecord as LabRun } from '../../../labs/reference/run-verdict';
import type { ProcessHooks } from '../workbench/useLabProcess';

const noRun: LabRun = { events: [], steps: [], edited: false };

/**
 * The lab's current run. A run starts when a process starts while none of the lab's
 * processes is running; it replaces the last run.
 */
export function useTrace(filesEdited: () => boolean): { run: LabRun; hooks: ProcessHooks; clear: () => void } {
  const [run, setRun] = useState<LabRun>(noRun);
  const running = useRef(new Set<string>());
  const edited = useRef(filesEdited);
  edited.current = filesEdited;
  const hooks = useMemo<ProcessHooks>(
    () => ({
      onStart(id) {
        const fresh = running.current.size === 0;
        running.current.add(id);
        const changed = edited.current();
        setRun((current) => {
          const base = fresh ? noRun : current;
          return { ...base, steps: [...base.steps, { start: id }], edited: base.edited || changed };
        });
      },
      onInput(_id, line) {
        setRun((current) => ({ ...current, steps: [...current.steps, line.trim()] }));
      },
      onEvent(event) {
        setRun((current) => {
          const next = [...current.events, event];
          // Events from two processes arrive over different paths: keep them in time order.
          for (let i = next.length - 1; i > 0 && next[i - 1]!.t > next[i]!.t; i--) {
            [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
          }
          return { ...current, events: next };
        });
      },
      onExit(id) {
        running.current.delete(id);
      },
    }),
    [],
  );
  // Clearing mid-run also forgets the steps so far: the events left could no longer be
  // compared with a scenario from its start.
  return { run, hooks, clear: () => setRun((current) => ({ ...noRun, edited: current.edited })) };
}
