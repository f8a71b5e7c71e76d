import { useEffect, useState } from 'react';
import type { RuntimeManager, RuntimeSnapshot } from '../../../runtimes/runtime-manager';
import { runtimeNames, type RuntimeKind } from '../../../runtimes/runtime';
import styles from './RuntimeStatus.module.css';
import { SelfCheckNote } from './SelfCheckNote';

function headline(snapshot: RuntimeSnapshot): string {
  const { choice, runtime } = snapshot;
  if (choice.kind && runtime) return `Running ${runtimeNames[choice.kind]}: ${runtime.description}.`;
  if (choice.kind === null && choice.waiting) return 'Getting a runtime ready…';
  return 'No runtime can run this lab right now.';
}

/** Seconds since `since`, ticking while `active`. */
function useElapsedSeconds(since: number | undefined, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [active]);
  return since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

/**
 * The learner's attempt to run the lab in the browser though its servers looked unreachable:
 * how long it has taken, how long it may take, and a way out. This computer keeps running the
 * lab meanwhile.
 */
function BrowserAttempt({ snapshot, onCancel }: { snapshot: RuntimeSnapshot; onCancel: () => void }) {
  const wc = snapshot.webcontainer;
  const booting = wc.status === 'booting' ? wc : null;
  const elapsed = useElapsedSeconds(booting?.since, true);
  const limit = Math.round((booting?.limitMs ?? 0) / 1000);
  return (
    <div className={styles.attempt}>
      {booting && limit > 0 ? (
        <>
          <progress max={limit} value={Math.min(elapsed, limit)} aria-label="Starting the in-browser runtime" />
          <span>
            Starting the in-browser runtime: {elapsed} s (it gives up after {limit} s).
          </span>
        </>
      ) : (
        <>
          <progress aria-label="Starting the in-browser runtime" />
          <span>Checking whether this browser can run the lab…</span>
        </>
      )}
      <button type="button" className="button button--sm button--outline button--secondary" onClick={onCancel}>
        Cancel: keep this computer
      </button>
    </div>
  );
}

export interface RuntimeStatusProps {
  readonly snapshot: RuntimeSnapshot;
  readonly manager: RuntimeManager;
  /** The titles of the lab's processes that are running now (a switch of runtime stops them). */
  readonly runningProcesses: () => readonly string[];
}

/** Says which runtime runs the code and why, and lets the learner choose. */
export function RuntimeStatus({ snapshot, manager, runningProcesses }: RuntimeStatusProps) {
  const { choice, preference, local, webcontainer } = snapshot;
  /** Asks before a choice that would stop running processes; true to go on. */
  const mayStop = (kind: RuntimeKind | null): boolean => {
    const running = runningProcesses();
    if (running.length === 0 || kind === choice.kind || (kind === null && preference === null)) return true;
    const names = running.join(' and ').toLowerCase();
    return window.confirm(
      `Changing where the code runs stops the running ${names} (when the new runtime is ready). Change it?`,
    );
  };
  const choose = (kind: RuntimeKind | null) => {
    if (mayStop(kind)) manager.prefer(kind);
  };
  const attempting =
    preference === 'webcontainer' &&
    choice.kind === 'local' &&
    (webcontainer.status === 'checking' || webcontainer.status === 'booting');
  return (
    <div className={styles.runtime}>
      <div role="status" aria-live="polite" aria-label="Runtime" className={styles.runtimeText}>
        <strong>{headline(snapshot)}</strong> <span>Why: {choice.reason}.</span>
        {choice.kind === 'webcontainer' ? <SelfCheckNote check={snapshot.selfCheck} /> : null}
      </div>
      <div className={styles.runtimeControls}>
        <label>
          Run code{' '}
          <select
            aria-label="Run code"
            value={preference ?? 'auto'}
            onChange={(e) => choose(e.target.value === 'auto' ? null : (e.target.value as RuntimeKind))}
          >
            <option value="auto">automatically</option>
            <option value="webcontainer">in your browser</option>
            <option value="local">on this computer</option>
          </select>
        </label>
        {local.status === 'unavailable' ? (
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => manager.retryLocal()}
          >
            Retry this computer
          </button>
        ) : null}
        {webcontainer.status === 'unavailable' && webcontainer.canTryAnyway && preference !== 'webcontainer' ? (
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => choose('webcontainer')}
          >
            Try the browser anyway
          </button>
        ) : null}
      </div>
      {attempting ? <BrowserAttempt snapshot={snapshot} onCancel={() => manager.prefer('local')} /> : null}
    </div>
  );
}
