import { isMet } from '../../../labs/trace/checks';
import type { TraceEvent } from '../../../labs/trace/events';
import type { LabSummary } from '../../../labs/types';
import styles from './Timeline.module.css';

/** What the learner should observe, each judged on the trace of their own run. */
export function Checks({ summary, events }: { summary: LabSummary; events: readonly TraceEvent[] }) {
  if (summary.checks.length === 0) return null;
  const scenarioTitle = (id?: string) => summary.scenarios.find((s) => s.id === id)?.title;
  const met = summary.checks.filter((check) => isMet(check, events));
  return (
    <section className={styles.checks} aria-label="Checks">
      <h4 className={styles.title}>Checks on your run</h4>
      {/* Said politely to screen-reader users as the run goes; the list below has each check. */}
      <p role="status" aria-label="Checks met" className="visually-hidden">
        {met.length === 0
          ? ''
          : `Checks met: ${met.length} of ${summary.checks.length}: ${met.map((c) => c.text).join(' ')}`}
      </p>
      <ul>
        {summary.checks.map((check) => {
          const met = isMet(check, events);
          return (
            <li key={check.id} data-met={met || undefined} aria-label={`${check.text} ${met ? 'Met.' : 'Not yet.'}`}>
              <span aria-hidden="true" className={styles.mark}>
                {met ? '✔' : '○'}
              </span>{' '}
              {check.text}
              {scenarioTitle(check.scenario) ? (
                <span className={styles.scenario}> ({scenarioTitle(check.scenario)})</span>
              ) : null}{' '}
              <strong className={styles.state}>{met ? 'met' : 'not yet'}</strong>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
