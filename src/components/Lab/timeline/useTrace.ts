import { useMemo, useRef, useState } from 'react';
import type { LabRunRecord as LabRun } from '../../../labs/reference/run-verdict';
import type { TraceEvent } from '../../../labs/trace/events';
import type { LabSummary } from '../../../labs/types';
import { startBeginsRun } from './run-boundaries';

const noRun: LabRun = { events: [], steps: [], edited: false };

/** What the workbench hears from a process besides its terminal output. */
export interface ProcessHooks {
  /** A fresh start of this process: returns the run it belongs to (its events carry it). */
  onStart(id: string): number;
  /** A line the learner typed into this process. */
  onInput(id: string, line: string, run: number): void;
  /** The learner ended this process's input (Ctrl-D, or the "end input" button). */
  onEndOfInput(id: string, run: number): void;
  onEvent(event: TraceEvent, run: number): void;
  onExit(id: string, run: number): void;
}

export interface TraceState {
  /** The run the learner is doing now. */
  readonly run: LabRun;
  /** Goes up with every new run: what follows the run (the scenario shown) starts over with it. */
  readonly runNumber: number;
  /** The run before this one, kept to look back at; null before the second run. */
  readonly previous: LabRun | null;
  readonly hooks: ProcessHooks;
  /** Forgets the current run's events and steps (the processes keep running). */
  clear(): void;
}

interface State {
  readonly number: number;
  readonly run: LabRun;
  readonly previous: LabRun | null;
}

/**
 * The lab's runs, as the learner sees them. A run begins when a process starts while none of
 * the current run's processes is running, or when a process of the current run starts again
 * and that is not a step of any scenario (lesson 4: "start the server again and do the same
 * with shutdown", while the client of the close run is still up). A process that outlives its
 * run (that client) adds nothing to the new one: its events and typing carry the old run's number.
 */
export function useTrace(summary: LabSummary, filesEdited: () => boolean): TraceState {
  const [state, setState] = useState<State>({ number: 0, run: noRun, previous: null });
  const current = useRef(state);
  /** Process id → the run its running instance belongs to. */
  const running = useRef(new Map<string, number>());
  const edited = useRef(filesEdited);
  edited.current = filesEdited;
  const scenarios = useRef(summary.scenarios);
  scenarios.current = summary.scenarios;
  const processes = useRef(summary.processes);
  processes.current = summary.processes;

  const hooks = useMemo<ProcessHooks>(() => {
    const update = (next: State) => {
      current.current = next;
      setState(next);
    };
    const updateRun = (run: number, change: (r: LabRun) => LabRun) => {
      const s = current.current;
      if (run === s.number) update({ ...s, run: change(s.run) });
    };
    return {
      onStart(id) {
        const s = current.current;
        const runningHere = [...running.current.values()].some((n) => n === s.number);
        const changed = edited.current();
        let next: State;
        if (s.number === 0 || startBeginsRun(id, s.run.steps, runningHere, scenarios.current)) {
          next = {
            number: s.number + 1,
            run: { events: [], steps: [{ start: id }], edited: changed },
            previous: s.run.steps.length > 0 || s.run.events.length > 0 ? s.run : s.previous,
          };
        } else {
          next = { ...s, run: { ...s.run, steps: [...s.run.steps, { start: id }], edited: s.run.edited || changed } };
        }
        running.current.set(id, next.number);
        update(next);
        return next.number;
      },
      onInput(_id, line, run) {
        updateRun(run, (r) => ({ ...r, steps: [...r.steps, line.trim()] }));
      },
      onEndOfInput(id, run) {
        // A step only where the lab says which typed line it does the same as (see endOfInput).
        const same = processes.current.find((p) => p.id === id)?.endOfInput;
        if (same !== undefined) updateRun(run, (r) => ({ ...r, steps: [...r.steps, same] }));
      },
      onEvent(event, run) {
        updateRun(run, (r) => {
          const next = [...r.events, event];
          // Events from two processes arrive over different paths: keep them in time order.
          for (let i = next.length - 1; i > 0 && next[i - 1]!.t > next[i]!.t; i--) {
            [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
          }
          return { ...r, events: next };
        });
      },
      onExit(id, run) {
        if (running.current.get(id) === run) running.current.delete(id);
      },
    };
  }, []);

  // Clearing mid-run also forgets the steps so far: the events left could no longer be
  // compared with a scenario from its start.
  const clear = () => {
    const s = current.current;
    const next = { ...s, run: { ...noRun, edited: s.run.edited } };
    current.current = next;
    setState(next);
  };
  return { run: state.run, runNumber: state.number, previous: state.previous, hooks, clear };
}
