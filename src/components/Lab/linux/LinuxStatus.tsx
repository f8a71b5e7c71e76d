import type { LinuxMachineState } from './useLinuxMachine';
import styles from '../runtime-status/RuntimeStatus.module.css';

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

function headline(state: LinuxMachineState): string {
  switch (state.status) {
    case 'loading':
      return 'Starting Linux 6.1 in your browser (emulated x86)…';
    case 'ready':
      return state.resetting
        ? 'Resetting the machine…'
        : 'Running Linux 6.1 in your browser, emulated x86 (v86): a real Linux kernel.';
    case 'failed':
      return `Linux in your browser could not start: ${state.reason}.`;
  }
}

export interface LinuxStatusProps {
  readonly state: LinuxMachineState;
  readonly onReset: () => void;
}

/** The C lab's status line: which kernel runs the code and why, the download, and "Reset the machine". */
export function LinuxStatus({ state, onReset }: LinuxStatusProps) {
  const progress = state.status === 'loading' ? state.progress : null;
  return (
    <div className={styles.runtime}>
      <div role="status" aria-live="polite" aria-label="Runtime" className={styles.runtimeText}>
        <strong>{headline(state)}</strong>{' '}
        <span>
          Why: this lab&apos;s programs are C, compiled with tcc and run on Linux inside this page, so the signals,
          errors, segments and socket states below are the kernel&apos;s own. Nothing to install, no server: it works
          offline once loaded.
        </span>
      </div>
      <div className={styles.runtimeControls}>
        <button
          type="button"
          className="button button--sm button--outline button--secondary"
          aria-disabled={state.status !== 'ready' || state.resetting || undefined}
          onClick={() => {
            if (state.status === 'ready' && !state.resetting) onReset();
          }}
        >
          Reset the machine
        </button>
      </div>
      {state.status === 'loading' ? (
        <div className={styles.attempt}>
          <progress
            max={100}
            value={progress?.percent}
            aria-label="Downloading the Linux machine"
            aria-valuetext={progress ? `${progress.percent}%` : undefined}
          />
          <span>
            {progress
              ? `Downloading the Linux machine: ${megabytes(progress.loadedBytes)} of ${megabytes(progress.totalBytes)} MB (${progress.percent}%)`
              : 'Loading the emulator…'}
          </span>
        </div>
      ) : null}
    </div>
  );
}
