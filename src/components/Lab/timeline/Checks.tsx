import { isMet } from '../../../labs/trace/checks';
import type { TraceEvent } from '../../../labs/trace/events';
import type { LabSummary } from '../../../labs/types';
import styles from './Timeline.module.css';
import { useChecksMetEarlier } from './useChecksMetEarlier';

/** One check as the learner sees it: what to observe, in which scenario, and whether the run shows it. */
export interface JudgedCheck {
  readonly id: string;
  readonly text: string;
  readonly scenario?: string | undefined;
  readonly met: boolean;
}

/**
 * What the learner should observe, each judged on their own run: met or not yet. A check met in
 * an earlier run in this tab (the close run, once the learner has gone on to the shutdown run)
 * says so rather than reading "not yet". The count of checks the current run meets is said
 * politely to screen-reader users as the run goes.
 */
export function CheckList({
  summary,
  checks,
  runNumber,
}: {
  summary: LabSummary;
  checks: readonly JudgedCheck[];
  /** The current run's number: a check met in a run with another number was met earlier. */
  runNumber: number;
}) {
  const metEarlier = useChecksMetEarlier(
    summary.id,
    runNumber,
    checks.filter((check) => check.met).map((check) => check.id),
  );
  if (checks.length === 0) return null;
  const scenarioTitle = (id?: string) => summary.scenarios.find((s) => s.id === id)?.title;
  const met = checks.filter((check) => check.met);
  const state = (check: JudgedCheck) =>
    check.met ? 'met' : metEarlier(check.id, check.met) ? 'met in an earlier run' : 'not yet';
  return (
    <section className={styles.checks} aria-label="Checks">
      <h4 className={styles.title}>Checks on your run</h4>
      {/* Said politely to screen-reader users as the run goes; the list below has each check. */}
      <p role="status" aria-label="Checks met" className="visually-hidden">
        {met.length === 0 ? '' : `Checks met: ${met.length} of ${checks.length}: ${met.map((c) => c.text).join(' ')}`}
      </p>
      <ul>
        {checks.map((check) => (
          <li
            key={check.id}
            data-met={check.met || undefined}
            data-met-earlier={metEarlier(check.id, check.met) || undefined}
            aria-label={`${check.text} ${state(check).replace(/^./, (c) => c.toUpperCase())}.`}
          >
            <span aria-hidden="true" className={styles.mark}>
              {check.met || metEarlier(check.id, check.met) ? '✔' : '○'}
            </span>{' '}
            {check.text}
            {scenarioTitle(check.scenario) ? (
              <span className={styles.scenario}> ({scenarioTitle(check.scenario)})</span>
            ) : null}{' '}
            <strong className={styles.state}>{state(check)}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A Node lab's checks, each judged on the socket-event trace of the learner's run. */
export function Checks({
  summary,
  events,
  runNumber,
}: {
  summary: LabSummary;
  events: readonly TraceEvent[];
  runNumber: number;
}) {
  return (
    <CheckList
      summary={summary}
      checks={summary.checks.map((check) => ({ ...check, met: isMet(check, events) }))}
      runNumber={runNumber}
    />
  );
}
