import { useRef } from 'react';
import type { LabProcessSpec } from '../../../labs/types';
import type { LabRuntime } from '../../../runtimes/runtime';
import { ProcessTerminal, type TerminalHandle } from '../terminal/ProcessTerminal';
import { describeExit, useLabProcess, type PrepareRun, type ProcessHooks, type ProcessStatus } from './useLabProcess';
import styles from './LabWorkbench.module.css';

function statusText(status: ProcessStatus): string {
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
}

/** One process of the lab: its controls, its state, and its terminal. */
export function ProcessPanel({ spec, runtime, prepare, hooks }: ProcessPanelProps) {
  const terminal = useRef<TerminalHandle>(null);
  const { status, start, stop, restart, sendLine, endInput } = useLabProcess(spec, runtime, prepare, terminal, hooks);
  const running = status.state === 'running' || status.state === 'starting';
  const name = spec.title.toLowerCase();

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
          data-state={status.state}
        >
          {statusText(status)}
        </span>
        <div className={styles.buttons}>
          <button
            type="button"
            className="button button--sm button--primary"
            disabled={!runtime || running}
            onClick={() => void start()}
          >
            Start {name}
          </button>
          <button
            type="button"
            className="button button--sm button--secondary"
            disabled={status.state !== 'running'}
            onClick={() => void stop()}
          >
            Stop {name}
          </button>
          <button
            type="button"
            className="button button--sm button--secondary"
            disabled={!runtime || status.state === 'starting'}
            onClick={() => void restart()}
          >
            Restart {name}
          </button>
        </div>
      </header>
      <ProcessTerminal
        ref={terminal}
        title={spec.title}
        acceptsInput={spec.stdin}
        onLine={sendLine}
        onEndOfInput={endInput}
        onInterrupt={() => void stop()}
      />
      {spec.stdin ? (
        <p className={styles.hint}>
          Click the terminal (or Tab to it) and type; Enter sends the line, Ctrl-D ends the input, Ctrl-C stops the
          process.
        </p>
      ) : null}
    </section>
  );
}
