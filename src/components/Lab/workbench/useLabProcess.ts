import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { parseTraceLine, type TraceEvent } from '../../../labs/trace/events';
import { argsWithPort, type LabProcessSpec } from '../../../labs/types';
import type { ExitStatus, LabRuntime, RunningProcess } from '../../../runtimes/runtime';
import type { TerminalHandle } from '../terminal/ProcessTerminal';
import type { ProcessHooks } from '../timeline/useTrace';
import { inSentence } from '../../../labs/in-sentence';

export type { ProcessHooks };

export type ProcessStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'starting' }
  | { readonly state: 'running' }
  | { readonly state: 'exited'; readonly exit: ExitStatus }
  | { readonly state: 'failed'; readonly message: string };

/** Puts the lab's current files in place in `runtime`; returns the folder and the port to use. */
export type PrepareRun = (runtime: LabRuntime) => Promise<{ dir: string; port: number }>;

export function describeExit(exit: ExitStatus): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code === null) return 'stopped';
  return `exited with code ${exit.code}`;
}

/** Performance marks: `lab:<process>:start` and the measure `lab:<process>:first-output` (read by the bench). */
const startMark = (id: string) => `lab:${id}:start`;

async function pump(
  proc: RunningProcess,
  terminal: RefObject<TerminalHandle | null>,
  id: string,
  onEvent: (event: TraceEvent, run: number) => void,
  run: number,
  onFirstOutput: () => void,
): Promise<void> {
  const reader = proc.output.getReader();
  let first = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    // The program's own output: a runtime's notice (a C lab's "$ tcc …") or a socket event is
    // not the program having printed (a server saying it listens).
    if (first && (value.stream === 'stdout' || value.stream === 'stderr')) {
      first = false;
      performance.measure(`lab:${id}:first-output`, startMark(id));
      onFirstOutput();
    }
    if (value.stream === 'trace') {
      const event = parseTraceLine(value.text);
      if (event) onEvent(event, run);
    } else if (value.stream === 'notice') terminal.current?.notice(value.text);
    else terminal.current?.write(value.text);
  }
}

/** What the learner typed while the process was starting: delivered once it runs. */
type Typed = { readonly kind: 'line' | 'keys'; readonly text: string } | { readonly kind: 'end' };

const describeTyped = (typed: readonly Typed[]) =>
  typed
    .flatMap((t) => (t.kind === 'line' ? [JSON.stringify(t.text)] : []))
    .concat(typed.some((t) => t.kind === 'end') ? ['end of input'] : [])
    .join(', ');

/**
 * Start, stop and restart one lab process, with its output going to its terminal. What is
 * typed while the process starts (or restarts) waits for it and is then sent, with a line in
 * the terminal saying so; if the start fails, the terminal says it was not sent.
 */
export function useLabProcess(
  spec: LabProcessSpec,
  runtime: LabRuntime | null,
  prepare: PrepareRun,
  terminal: RefObject<TerminalHandle | null>,
  hooks: ProcessHooks,
) {
  const [status, setStatus] = useState<ProcessStatus>({ state: 'idle' });
  const current = useRef<{ proc: RunningProcess; runtime: LabRuntime; done: Promise<void>; run: number } | null>(null);
  /** While a start (or a restart) is under way: what was typed meanwhile, in order. */
  const waiting = useRef<Typed[] | null>(null);
  const name = inSentence(spec.title);

  /** Typed input for a process that is starting: kept for it, the first time with a word in the terminal. */
  const keepForStart = useCallback(
    (typed: Typed) => {
      const queue = waiting.current!;
      if (queue.length === 0) terminal.current?.notice(`${name} is starting: what you type is sent once it runs`);
      queue.push(typed);
    },
    [name, terminal],
  );

  /**
   * Keystrokes for a process whose terminal is a real one (Linux in the browser): the guest
   * kernel's line discipline echoes, edits the line, and turns ^C into SIGINT and ^D into end of
   * input. The lines are still noted, as sendLine notes them, when Enter is pressed.
   */
  const typedLine = useRef('');
  const deliverKeys = useCallback(
    (running: { proc: RunningProcess; run: number }, data: string) => {
      running.proc.writeInput(data);
      for (const char of data) {
        if (char === '\r' || char === '\n') {
          hooks.onInput(spec.id, typedLine.current, running.run);
          typedLine.current = '';
        } else if (char === '\x7f' || char === '\b') typedLine.current = typedLine.current.slice(0, -1);
        else if (char === '\x03' || char === '\x15') typedLine.current = '';
        else if (char >= ' ') typedLine.current += char;
      }
    },
    [hooks, spec.id],
  );

  /** Ends a start: hands the new process what was typed meanwhile, or says it was not sent. */
  const settleStart = useCallback(
    (started: { proc: RunningProcess; run: number } | null) => {
      const typed = waiting.current ?? [];
      waiting.current = null;
      if (typed.length === 0) return;
      const what = describeTyped(typed) || 'your keys';
      if (!started) {
        terminal.current?.notice(`not sent, the ${name} did not start: ${what}`);
        return;
      }
      for (const t of typed) {
        if (t.kind === 'end') {
          started.proc.closeInput();
          hooks.onEndOfInput(spec.id, started.run);
        } else if (t.kind === 'keys') deliverKeys(started, t.text);
        else {
          started.proc.writeInput(`${t.text}\n`);
          hooks.onInput(spec.id, t.text, started.run);
        }
      }
      terminal.current?.notice(`sent what you typed while it started: ${what}`);
    },
    [deliverKeys, hooks, name, spec.id, terminal],
  );

  /** Resolves once the program has printed something itself (or ended, or could not start). */
  const start = useCallback(async (): Promise<void> => {
    if (!runtime || current.current) {
      if (!current.current) settleStart(null);
      return;
    }
    waiting.current ??= [];
    // A clean terminal for the new process, opened by a line naming this start, so nothing
    // the last one printed (its "[server ended by SIGTERM]") reads as if the new one had died.
    terminal.current?.clear();
    terminal.current?.notice(`${name} started at ${new Date().toLocaleTimeString()}`);
    performance.mark(startMark(spec.id));
    setStatus({ state: 'starting' });
    try {
      const { dir, port } = await prepare(runtime);
      const run = hooks.onStart(spec.id);
      const proc = await runtime.spawn({
        dir,
        file: spec.file,
        args: argsWithPort(spec.args, port),
        env: { ...spec.env, PORT: String(port) },
        trace: spec.id,
        ...(spec.aim ? { aim: spec.aim } : {}),
      });
      let printed = () => {};
      const firstOutput = new Promise<void>((resolve) => (printed = resolve));
      const output = pump(proc, terminal, spec.id, hooks.onEvent, run, printed);
      const done = Promise.all([output, proc.exit]).then(([, exit]) => {
        printed();
        if (current.current?.proc === proc) current.current = null;
        terminal.current?.notice(`${inSentence(spec.title)} ${describeExit(exit)}`);
        hooks.onEvent(
          {
            t: performance.timeOrigin + performance.now(),
            proc: spec.id,
            socket: 0,
            kind: 'exit',
            exitCode: exit.code,
          },
          run,
        );
        hooks.onExit(spec.id, run);
        setStatus({ state: 'exited', exit });
      });
      current.current = { proc, runtime, done, run };
      setStatus({ state: 'running' });
      settleStart({ proc, run });
      await firstOutput;
    } catch (err) {
      const message = (err as Error).message;
      terminal.current?.notice(`could not start ${spec.file}: ${message}`);
      setStatus({ state: 'failed', message });
      settleStart(null);
    }
  }, [runtime, prepare, spec, terminal, hooks, settleStart, name]);

  /** A start is on its way (Start afresh starts this one after another): typing waits for it. */
  const expectStart = useCallback(() => {
    if (!current.current) waiting.current ??= [];
  }, []);

  const stop = useCallback(async () => {
    const running = current.current;
    if (!running) {
      // An expected start that will not come (Stop all during Start afresh): say what was not sent.
      if (waiting.current) settleStart(null);
      return;
    }
    running.proc.kill();
    await running.done;
  }, [settleStart]);

  const restart = useCallback(async () => {
    // From here on, typing is for the new process (the old one is on its way out).
    waiting.current ??= [];
    await stop();
    await start();
  }, [start, stop]);

  const notRunning = useCallback(
    () => terminal.current?.notice(`not sent: the ${name} is not running (press Start first)`),
    [name, terminal],
  );

  const sendLine = useCallback(
    (line: string) => {
      if (waiting.current) keepForStart({ kind: 'line', text: line });
      else if (current.current) {
        current.current.proc.writeInput(`${line}\n`);
        hooks.onInput(spec.id, line, current.current.run);
      } else notRunning();
    },
    [spec.id, hooks, keepForStart, notRunning],
  );

  const endInput = useCallback(() => {
    if (waiting.current) keepForStart({ kind: 'end' });
    else if (current.current) {
      current.current.proc.closeInput();
      hooks.onEndOfInput(spec.id, current.current.run);
    }
  }, [hooks, keepForStart, spec.id]);

  /** Keystrokes for a real terminal (see deliverKeys). */
  const sendKeys = useCallback(
    (data: string) => {
      if (waiting.current) keepForStart({ kind: 'keys', text: data });
      else if (current.current) deliverKeys(current.current, data);
      else notRunning();
    },
    [deliverKeys, keepForStart, notRunning],
  );

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

  return { status, start, expectStart, stop, restart, sendLine, endInput, sendKeys };
}
