import { useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../../../labs/trace/events';
import type { ProcessHooks } from '../workbench/useLabProcess';

/**
 * The socket events of the lab's current run, in time order. A run starts when a process
 * starts while none of the lab's processes is running; its events replace the last run's.
 */
export function useTrace(): { events: readonly TraceEvent[]; hooks: ProcessHooks; clear: () => void } {
  const [events, setEvents] = useState<readonly TraceEvent[]>([]);
  const running = useRef(new Set<string>());
  const hooks = useMemo<ProcessHooks>(
    () => ({
      onStart(id) {
        if (running.current.size === 0) setEvents([]);
        running.current.add(id);
      },
      onEvent(event) {
        setEvents((current) => {
          const next = [...current, event];
          // Events from two processes arrive over different paths: keep them in time order.
          for (let i = next.length - 1; i > 0 && next[i - 1]!.t > next[i]!.t; i--) {
            [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
          }
          return next;
        });
      },
      onExit(id) {
        running.current.delete(id);
      },
    }),
    [],
  );
  return { events, hooks, clear: () => setEvents([]) };
}
