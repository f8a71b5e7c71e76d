import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReferenceTrace } from '../../../labs/reference/reference-trace';
import { replayPlan, type ReplayAction } from '../../../labs/reference/replay-plan';
import type { LabSummary } from '../../../labs/types';
import type { ProcessHooks } from '../timeline/useTrace';
import type { ProcessControls } from '../workbench/ProcessPanel';
import { describeExit } from '../workbench/useLabProcess';
import { inSentence } from '../../../labs/in-sentence';

export type Playback =
  | { readonly state: 'idle' }
  /** `processes`: those the recording has started and not yet ended. */
  | { readonly state: 'playing'; readonly scenario: string; readonly processes: ReadonlySet<string> };

/**
 * Plays a reference's recording into the lab as a run would arrive: each process's terminal
 * (started, its output, the lines typed into it) and its socket events through the same hooks a
 * live run uses, so the timeline, the checks and the predictions follow it. The run is marked
 * watched (`watching()`): the reference panel does not compare it with itself.
 */
export function usePlayback(
  summary: LabSummary,
  controls: ReadonlyMap<string, ProcessControls>,
  hooks: ProcessHooks,
): { playback: Playback; play: (reference: ReferenceTrace) => void; stop: () => void; watching: () => boolean } {
  const [playback, setPlayback] = useState<Playback>({ state: 'idle' });
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(controls);
  latest.current = controls;
  const playingNow = useRef(false);
  /** Process id → the run its recorded start began (its events and typing carry it). */
  const runs = useRef(new Map<string, number>());

  const finish = useCallback(
    (note: string) => {
      window.clearTimeout(timer.current);
      for (const [proc, run] of runs.current) {
        latest.current.get(proc)?.terminal()?.notice(note);
        hooks.onExit(proc, run);
      }
      runs.current.clear();
      playingNow.current = false;
      setPlayback({ state: 'idle' });
    },
    [hooks],
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const play = useCallback(
    (reference: ReferenceTrace) => {
      if (playingNow.current) return;
      const plan = replayPlan(reference);
      if (plan.length === 0) return;
      const title = (id: string) => summary.processes.find((p) => p.id === id)?.title ?? id;
      const base = Date.now();
      const recorded = `Node ${reference.recordedWith.node} on ${reference.recordedWith.os}`;
      const showPlaying = (proc: string, on: boolean) =>
        setPlayback((p) => {
          if (p.state !== 'playing') return p;
          const processes = new Set(p.processes);
          if (on) processes.add(proc);
          else processes.delete(proc);
          return { ...p, processes };
        });
      const act = (action: ReplayAction) => {
        if (action.kind === 'event') {
          const { event } = action;
          const run = runs.current.get(event.proc);
          if (run === undefined) return;
          hooks.onEvent({ ...event, t: base + action.at }, run);
          if (event.kind === 'exit') {
            showPlaying(event.proc, false);
            latest.current
              .get(event.proc)
              ?.terminal()
              ?.notice(
                `${inSentence(title(event.proc))} ${describeExit({ code: event.exitCode ?? null, signal: null })}`,
              );
            hooks.onExit(event.proc, run);
            runs.current.delete(event.proc);
          }
          return;
        }
        const terminal = latest.current.get(action.proc)?.terminal();
        if (action.kind === 'start') {
          terminal?.clear();
          terminal?.notice(`a recording of real Linux (${recorded}), played at its own pace: nothing runs here`);
          runs.current.set(action.proc, hooks.onStart(action.proc));
          showPlaying(action.proc, true);
        } else if (action.kind === 'typed') {
          terminal?.write(`${action.text}\n`);
          const run = runs.current.get(action.proc);
          if (run !== undefined) hooks.onInput(action.proc, action.text, run);
        } else {
          terminal?.write(action.text);
        }
      };
      playingNow.current = true;
      setPlayback({ state: 'playing', scenario: reference.scenario, processes: new Set() });
      const began = performance.now();
      const step = (next: number) => {
        // Everything due by now, then wait for the next one: late timers do not slow the pace.
        let i = next;
        while (i < plan.length && plan[i]!.at <= performance.now() - began) act(plan[i++]!);
        if (i >= plan.length) {
          finish('the recording ends here; on real Linux the course stopped what still ran');
          return;
        }
        timer.current = window.setTimeout(() => step(i), Math.max(0, plan[i]!.at - (performance.now() - began)));
      };
      step(0);
    },
    [finish, hooks, summary.processes],
  );

  const stop = useCallback(() => {
    if (playingNow.current) finish('you stopped the recording here');
  }, [finish]);
  const watching = useCallback(() => playingNow.current, []);
  return { playback, play, stop, watching };
}
