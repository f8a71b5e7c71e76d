import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { LabProcessSpec } from '../../../labs/types';
import type { LabRuntime } from '../../../runtimes/runtime';
import { ProcessTerminal, type TerminalHandle } from '../terminal/ProcessTerminal';
import { inSentence } from '../../../labs/in-sentence';
import { describeExit, useLabProcess, type PrepareRun, type ProcessHooks, type ProcessStatus } from './useLabProcess';
import styles from './LabWorkbench.module.css';

function statusText(status: ProcessStatus, playing: boolean): string {
  if (playing) return 'a recording, playing';
  switch (status.state) {
    case 'idle':
      return 'not started';
    case 'starting':
      return 'starting…';
    case 'running':
      return 'running';
    case 'exited':
      return describeExit(status.exit);
    case 'failed':
      return 'could not start';
  }
}

export interface ProcessPanelProps {
  readonly spec: LabProcessSpec;
  readonly runtime: LabRuntime | null;
  readonly prepare: PrepareRun;
  readonly hooks: ProcessHooks;
  /** Hands the workbench this process's controls ("Stop all", a scenario's fresh start). */
  readonly register: (id: string, controls: ProcessControls | null) => void;
  /** Its terminal is playing a recording of real Linux ("Watch it on real Linux"). */
  readonly playing?: boolean;
}

export interface ProcessControls {
  /** Resolves once the process has printed something (or ended, or failed to start). */
  start(): Promise<void>;
  /** A start is coming (a fresh start waits for an earlier process first): keep what is typed for it. */
  expectStart(): void;
  stop(): Promise<void>;
  readonly running: boolean;
  /** What its terminal has shown since its last start, as plain text. */
  output(): string;
  /** Its terminal, to play a recording into ("Watch it on real Linux"); null before it is drawn. */
  terminal(): TerminalHandle | null;
}

/**
 * A button that stays focusable while it cannot act (aria-disabled, not disabled): the Start
 * button a keyboard user just pressed keeps focus while its process runs, instead of focus
 * falling back to the page.
 */
function ActionButton({
  unavailable,
  primary = false,
  onClick,
  children,
}: {
  unavailable: boolean;
  primary?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button button--sm ${primary ? 'button--primary' : 'button--secondary'}`}
      aria-disabled={unavailable || undefined}
      onClick={() => {
        if (!unavailable) onClick();
      }}
    >
      {children}
    </button>
  );
}

/** One process of the lab: its controls, its state, and its terminal. */
function ProcessPanelView({ spec, runtime, prepare, hooks, register, playing = false }: ProcessPanelProps) {
  const terminal = useRef<TerminalHandle>(null);
  const { status, start, expectStart, stop, restart, sendLine, endInput, sendKeys } = useLabProcess(
    spec,
    runtime,
    prepare,
    terminal,
    hooks,
  );
  // A process with a real terminal gets the keystrokes as typed; its kernel echoes and edits.
  const realTerminal = runtime?.input === 'pty';
  const running = status.state === 'running' || status.state === 'starting';
  useEffect(() => {
    const output = () => terminal.current?.text() ?? '';
    register(spec.id, { start, expectStart, stop, running, output, terminal: () => terminal.current });
    return () => register(spec.id, null);
  }, [register, spec.id, start, expectStart, stop, running]);
  const name = inSentence(spec.title);

  return (
    <section className={styles.process} aria-label={`${spec.title} process`}>
      <header className={styles.processHeader}>
        <h4 className={styles.processTitle}>
          {spec.title} <code>{spec.file}</code>
        </h4>
        <span
          className={styles.processStatus}
          role="status"
          aria-label={`${spec.title} status`}
          data-state={playing ? 'recording' : status.state}
        >
          {statusText(status, playing)}
        </span>
        <div className={styles.buttons}>
          <ActionButton primary unavailable={!runtime || running} onClick={() => void start()}>
            Start {name}
          </ActionButton>
          <ActionButton unavailable={status.state !== 'running'} onClick={() => void stop()}>
            Stop {name}
          </ActionButton>
          <ActionButton unavailable={!runtime || status.state !== 'running'} onClick={() => void restart()}>
            Restart {name}
          </ActionButton>
        </div>
      </header>
      <ProcessTerminal
        ref={terminal}
        title={spec.title}
        acceptsInput={spec.stdin}
        onLine={sendLine}
        onKeys={realTerminal ? sendKeys : undefined}
        onEndOfInput={endInput}
        onInterrupt={() => void stop()}
      />
      {/* Said for the way the learner types: a keyboard, or a phone's touch screen (CSS shows one). */}
      {spec.stdin ? (
        <>
          <p className={`${styles.hint} ${styles.forKeyboard}`}>
            Click the terminal (or Tab to it) and type; Enter sends the line, Ctrl-D ends the input, Ctrl-C stops the
            process. Tab or Escape leaves the terminal.
          </p>
          <p className={`${styles.hint} ${styles.forTouch}`}>
            Tap the terminal and type; Enter sends the line. The buttons under it end the input (Ctrl-D), stop the
            process (Ctrl-C) and put the keyboard away (Done typing).
          </p>
        </>
      ) : (
        <p className={`${styles.hint} ${styles.forKeyboard}`}>Tab or Escape leaves the terminal.</p>
      )}
    </section>
  );
}

/** Renders again only when its own props change, not with every change of the lab around it (a new run). */
export const ProcessPanel = memo(ProcessPanelView);
