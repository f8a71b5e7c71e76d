import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { parseTraceLine, type TraceEvent } from '../../../labs/trace/events';
import type { LabProcessSpec } from '../../../labs/types';
import type { ExitStatus, LabRuntime, RunningProcess } from '../../../runtimes/runtime';
import type { TerminalHandle } from '../terminal/ProcessTerminal';

export type ProcessStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'starting' }
  | { readonly state: 'running' }
  | { readonly state: 'exited'; readonly exit: ExitStatus }
  | { readonly state: 'failed'; readonly message: string };

/** What the workbench hears from a process besides its terminal output. */
export interface ProcessHooks {
  /** A fresh start of this process (its trace begins). */
  onStart(id: string): void;
  /** A line the learner typed into this process. */
  onInput(id: string, line: string): void;
  onEvent(event: TraceEvent): void;
  onExit(id: string): void;
}

/** Puts the lab's current files in place in `runtime`; returns the folder and the port to use. */
export type PrepareRun = (runtime: LabRuntime) => Promise<{ dir: string; port: number }>;

export function describeExit(exit: ExitStatus): string {
  if (exit.signal) return `ended by ${exit.signal}`;
  if (exit.code === null) return 'stopped';
  return `exited with code ${exit.code}`;
}

/** Performance marks: `lab:<process>:start` and the measure `lab:<process>:first-output` (read by the bench). */
const startMark = (id: string) => `lab:${id}:start`;

async function pump(
  proc: RunningProcess,
  terminal: RefObject<TerminalHandle | null>,
  id: string,
  onEvent: (event: TraceEvent) => void,
): Promise<void> {
  const reader = proc.output.getReader();
  let first = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (first) {
      first = false;
      performance.measure(`lab:${id}:first-output`, startMark(id));
    }
    if (value.stream === 'trace') {
      const event = parseTraceLine(value.text);
      if (event) onEvent(event);
    } else if (value.stream === 'notice') terminal.current?.notice(value.text);
    else terminal.current?.write(value.text);
  }
}

/** Start, stop and restart one lab process, with its output going to its terminal. */
export function useLabProcess(
  spec: LabProcessSpec,
  runtime: LabRuntime | null,
  prepare: PrepareRun,
  terminal: RefObject<TerminalHandle | null>,
  hooks: ProcessHooks,
) {
  const [status, setStatus] = useState<ProcessStatus>({ state: 'idle' });
  const current = useRef<{ proc: RunningProcess; runtime: LabRuntime; done: Promise<void> } | null>(null);

  const start = useCallback(async () => {
    if (!runtime || current.current) return;
    terminal.current?.clear();
    performance.mark(startMark(spec.id));
    setStatus({ state: 'starting' });
    try {
      const { dir, port } = await prepare(runtime);
      hooks.onStart(spec.id);
      const proc = await runtime.spawn({
        dir,
        file: spec.file,
        env: { ...spec.env, PORT: String(port) },
        trace: spec.id,
      });
      const done = Promise.all([pump(proc, terminal, spec.id, hooks.onEvent), proc.exit]).then(([, exit]) => {
        if (current.current?.proc === proc) current.current = null;
        terminal.current?.notice(`${spec.title.toLowerCase()} ${describeExit(exit)}`);
        hooks.onEvent({
          t: performance.timeOrigin + performance.now(),
          proc: spec.id,
          socket: 0,
          kind: 'exit',
          exitCode: exit.code,
        });
        hooks.onExit(spec.id);
        setStatus({ state: 'exited', exit });
      });
      current.current = { proc, runtime, done };
      setStatus({ state: 'running' });
    } catch (err) {
      const message = (err as Error).message;
      terminal.current?.notice(`could not start ${spec.file}: ${message}`);
      setStatus({ state: 'failed', message });
    }
  }, [runtime, prepare, spec, terminal, hooks]);

  const stop = useCallback(async () => {
    const running = current.current;
    if (!running) return;
    running.proc.kill();
    await running.done;
  }, []);

  const restart = useCallback(async () => {
    await stop();
    await start();
  }, [start, stop]);

  const sendLine = useCallback(
    (line: string) => {
      if (current.current) {
        current.current.proc.writeInput(`${line}\n`);
        hooks.onInput(spec.id, line);
      } else terminal.current?.notice(`${spec.title.toLowerCase()} is not running: press Start first`);
    },
    [spec.id, spec.title, terminal, hooks],
  );

  const endInput = useCallback(() => current.current?.proc.closeInput(), []);

  // A process belongs to the runtime it started in: stop it when the page switches runtime
  // or the lab closes.
  useEffect(() => {
    return () => {
      const running = current.current;
      if (running && running.runtime === runtime) {
        running.proc.kill();
        current.current = null;
      }
    };
  }, [runtime]);

  return { status, start, stop, restart, sendLine, endInput };
}
