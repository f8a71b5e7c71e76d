import { useMemo, useRef, useState } from 'react';
import type { LabRunRecord as LabRun } from '../../../labs/reference/run-verdict';
import type { TraceEvent } from '../../../labs/trace/events';
import type { LabSummary } from '../../../labs/types';
import { carriedProcesses, startBeginsRun } from './run-boundaries';

const noRun: LabRun = { events: [], steps: [], edited: false };

/** A process the current run took over from the run before, still the same instance. */
interface Carried {
  /** The run number the process was started in (its events and input carry it). */
  readonly from: number;
  readonly into: number;
  /** Its sockets up to this number belong to the earlier run; later ones are renumbered from 1. */
  readonly offset: number;
}

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
 * The lab's runs, as the learner sees them. Where a run begins is drawn from the scenarios' steps
 * (`startBeginsRun`), not from the pace: a start that is a scenario's next step continues the
 * run even when the processes before it have ended meanwhile (lesson 5's three cases, each over
 * in a second). A new run begins with a start that is no scenario's next step, when none of the
 * run's processes is running, when the run has done all of a scenario's steps, or when a process
 * of the run starts again (lesson 4: "start the server again and do the same with shutdown",
 * while the client of the close run is still up). A process that outlives its run (that client)
 * adds nothing to the new one: its events and typing carry the old run's number.
 *
 * A new run takes over the processes a scenario starts before the one starting now, when they
 * are still running (`carriedProcesses`): lesson 4's server, still serving after the shutdown
 * run, when the learner starts the client again to try Ctrl-D. The new run then begins with
 * their starts and their own events so far (listening), and their sockets opened from then on,
 * numbered from 1 as in a run of their own, so it can be compared with the scenario.
 */
export function useTrace(
  summary: LabSummary,
  filesEdited: () => boolean,
  /** Whether the lab is playing a recording of real Linux (its runs are marked watched). */
  watching: () => boolean = () => false,
): TraceState {
  const [state, setState] = useState<State>({ number: 0, run: noRun, previous: null });
  const current = useRef(state);
  /** Process id → the run its running instance was started in. */
  const running = useRef(new Map<string, number>());
  /** Process id → how the current run took over its running instance. */
  const carried = useRef(new Map<string, Carried>());
  /** Process id → the highest socket number its running instance has used. */
  const sockets = useRef(new Map<string, number>());
  const edited = useRef(filesEdited);
  edited.current = filesEdited;
  const playing = useRef(watching);
  playing.current = watching;
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
    /** The run a process's input or event belongs to: the one that took the process over, if any. */
    const runOf = (id: string, run: number) => {
      const carry = carried.current.get(id);
      return carry && carry.from === run ? carry.into : run;
    };
    return {
      onStart(id) {
        const s = current.current;
        const runNumberOf = (p: string, from: number) => {
          const carry = carried.current.get(p);
          return carry && carry.from === from ? carry.into : from;
        };
        const runningHere = [...running.current].some(([p, n]) => runNumberOf(p, n) === s.number);
        const changed = edited.current();
        let next: State;
        if (s.number === 0 || startBeginsRun(id, s.run.steps, runningHere, scenarios.current)) {
          const stillRunning = new Set(
            [...running.current].filter(([p, n]) => p !== id && runNumberOf(p, n) === s.number).map(([p]) => p),
          );
          const takeOver = s.number === 0 ? [] : carriedProcesses(id, stillRunning, scenarios.current);
          for (const p of takeOver) {
            carried.current.set(p, {
              from: running.current.get(p)!,
              into: s.number + 1,
              offset: sockets.current.get(p) ?? 0,
            });
          }
          // What they did as processes (listening), not on a connection of the earlier run.
          const kept = s.run.events.filter((e) => takeOver.includes(e.proc) && e.socket === 0);
          next = {
            number: s.number + 1,
            run: {
              events: kept,
              steps: [...takeOver.map((start) => ({ start })), { start: id }],
              edited: changed || (takeOver.length > 0 && s.run.edited),
              ...(playing.current() ? { watched: true } : {}),
              ...(takeOver.length > 0 ? { carried: { processes: takeOver, events: kept.length } } : {}),
            },
            previous: s.run.steps.length > 0 || s.run.events.length > 0 ? s.run : s.previous,
          };
        } else {
          next = { ...s, run: { ...s.run, steps: [...s.run.steps, { start: id }], edited: s.run.edited || changed } };
        }
        running.current.set(id, next.number);
        carried.current.delete(id);
        sockets.current.delete(id);
        update(next);
        return next.number;
      },
      onInput(id, line, run) {
        updateRun(runOf(id, run), (r) => ({ ...r, steps: [...r.steps, line.trim()] }));
      },
      onEndOfInput(id, run) {
        // A step only where the lab says which typed line it does the same as (see endOfInput).
        const same = processes.current.find((p) => p.id === id)?.endOfInput;
        if (same !== undefined) updateRun(runOf(id, run), (r) => ({ ...r, steps: [...r.steps, same] }));
      },
      onEvent(traced, run) {
        if (running.current.get(traced.proc) === run) {
          sockets.current.set(traced.proc, Math.max(sockets.current.get(traced.proc) ?? 0, traced.socket));
        }
        const carry = carried.current.get(traced.proc);
        let event = traced;
        if (carry && carry.from === run) {
          // A connection the process had before the run took it over stays in the earlier run.
          if (traced.socket !== 0 && traced.socket <= carry.offset) return;
          run = carry.into;
          if (traced.socket !== 0) event = { ...traced, socket: traced.socket - carry.offset };
        }
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
        if (running.current.get(id) !== run) return;
        running.current.delete(id);
        carried.current.delete(id);
        sockets.current.delete(id);
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
