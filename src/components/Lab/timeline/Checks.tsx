import { useEffect, useRef } from 'react';
import { isMet } from '../../../labs/trace/checks';
import type { TraceEvent } from '../../../labs/trace/events';
import type { LabSummary } from '../../../labs/types';
import { useRevealedScenarios } from '../reveal/revealed-scenarios';
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
 *
 * A check says what Linux does, so the learner predicts before they see it: it is shown once a
 * run has met it, or once its scenario is revealed (done to its last step, or asked for: see
 * `revealed-scenarios.ts`). Until then it is folded, counted, with a button that shows them all.
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
  const { metEarlier, everMet } = useChecksMetEarlier(
    summary.id,
    runNumber,
    checks.filter((check) => check.met).map((check) => check.id),
  );
  const { revealed, reveal } = useRevealedScenarios(summary.id);
  // "Show all checks" goes away as they unfold: focus moves to their list, not to the page's start.
  const list = useRef<HTMLUListElement>(null);
  const focusOnUnfold = useRef(false);
  const allShown = summary.scenarios.every((s) => revealed.includes(s.id));
  useEffect(() => {
    if (!allShown || !focusOnUnfold.current) return;
    focusOnUnfold.current = false;
    list.current?.focus();
  }, [allShown]);
  if (checks.length === 0) return null;
  const scenarioTitle = (id?: string) => summary.scenarios.find((s) => s.id === id)?.title;
  const met = checks.filter((check) => check.met);
  const earlier = checks.filter((check) => metEarlier(check.id, check.met));
  // A check of no one scenario (a lab with one scenario, or one that holds in all of them) shows
  // once any scenario is revealed.
  const visible = (check: JudgedCheck) =>
    check.met ||
    everMet(check.id) ||
    (check.scenario === undefined
      ? revealed.length > 0 || summary.scenarios.length === 0
      : revealed.includes(check.scenario));
  const shown = checks.filter(visible);
  const folded = checks.length - shown.length;
  const state = (check: JudgedCheck) =>
    check.met ? 'met' : metEarlier(check.id, check.met) ? 'met in an earlier run' : 'not yet';
  return (
    <section className={styles.checks} aria-label="Checks">
      <h4 className={styles.title}>Checks on your run</h4>
      {/* Said politely to screen-reader users as the run goes; the list below has each check. */}
      <p role="status" aria-label="Checks met" className="visually-hidden">
        {met.length === 0
          ? ''
          : `Checks met by this run: ${met.length} of ${checks.length}: ${met.map((c) => c.text).join(' ')}` +
            (earlier.length === 0 ? '' : ` Met in an earlier run: ${earlier.length}.`)}
      </p>
      {shown.length === 0 ? null : (
        <ul ref={list} tabIndex={-1} aria-label="Checks on your run">
          {shown.map((check) => (
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
      )}
      {folded > 0 ? (
        <div className={styles.folded}>
          <p>
            {folded === checks.length
              ? `${folded} ${folded === 1 ? 'check' : 'checks'}`
              : `${folded} more ${folded === 1 ? 'check' : 'checks'}`}
            , folded until your run shows {folded === 1 ? 'it' : 'them'} or you have done{' '}
            {folded === 1 ? 'its' : 'their'} scenario&apos;s steps, so that you can predict first.
          </p>
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => {
              focusOnUnfold.current = true;
              reveal(summary.scenarios.map((s) => s.id));
            }}
          >
            Show all checks
          </button>
        </div>
      ) : null}
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
