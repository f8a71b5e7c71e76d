import type { RuntimeManager, RuntimeSnapshot } from '../../../runtimes/runtime-manager';
import { runtimeNames, type RuntimeKind } from '../../../runtimes/runtime';
import styles from './RuntimeStatus.module.css';

function headline(snapshot: RuntimeSnapshot): string {
  const { choice, runtime } = snapshot;
  if (choice.kind && runtime) return `Running ${runtimeNames[choice.kind]}: ${runtime.description}.`;
  if (choice.kind === null && choice.waiting) return 'Getting a runtime ready…';
  return 'No runtime can run this lab right now.';
}

/** Says which runtime runs the code and why, and lets the learner choose. */
export function RuntimeStatus({ snapshot, manager }: { snapshot: RuntimeSnapshot; manager: RuntimeManager }) {
  const { choice, preference, local, webcontainer } = snapshot;
  const onChoose = (value: string) => manager.prefer(value === 'auto' ? null : (value as RuntimeKind));
  return (
    <div className={styles.runtime}>
      <div role="status" aria-live="polite" aria-label="Runtime" className={styles.runtimeText}>
        <strong>{headline(snapshot)}</strong> <span>Why: {choice.reason}.</span>
        {choice.kind === 'webcontainer' ? (
          <span> Its network is emulated; compare your run with the real-Linux behaviour the lesson describes.</span>
        ) : null}
      </div>
      <div className={styles.runtimeControls}>
        <label>
          Run code{' '}
          <select aria-label="Run code" value={preference ?? 'auto'} onChange={(e) => onChoose(e.target.value)}>
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
            onClick={() => manager.prefer('webcontainer')}
          >
            Try the browser anyway
          </button>
        ) : null}
      </div>
    </div>
  );
}
