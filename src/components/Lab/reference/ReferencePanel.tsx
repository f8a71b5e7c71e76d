import { useState } from 'react';
import type { Comparison } from '../../../labs/reference/compare';
import { stepText } from '../../../labs/reference/compare';
import { followsScenario, judgeRun, type LabRunRecord, type RunVerdict } from '../../../labs/reference/run-verdict';
import type { ReferenceTrace } from '../../../labs/reference/reference-trace';
import type { LabScenarioStep, LabSummary } from '../../../labs/types';
import type { LabRuntime } from '../../../runtimes/runtime';
import styles from '../timeline/Timeline.module.css';

/**
 * The scenario whose steps the run has followed so far, if any: the one the learner said they
 * are doing ("Start afresh: …") while the run follows it, else the first that the run follows.
 */
function scenarioOfRun(summary: LabSummary, run: LabRunRecord, intended?: string): string | undefined {
  if (run.steps.length === 0) return intended;
  const following = summary.scenarios.filter((scenario) => followsScenario(run.steps, scenario));
  return (following.find((s) => s.id === intended) ?? following[0])?.id;
}

/**
 * What real Linux does in each scenario, recorded with real Node, beside the learner's run:
 * says whether the run matches it, and where it first differs.
 */
export function ReferencePanel({
  summary,
  references,
  run,
  runtime,
  isRunning = () => false,
  intended,
}: {
  summary: LabSummary;
  references: readonly ReferenceTrace[];
  run: LabRunRecord;
  runtime: LabRuntime | null;
  /** Whether a process runs now (still from the last run, when this run has not started it). */
  isRunning?: (id: string) => boolean;
  /** The scenario the learner started afresh, if they did. */
  intended?: string | undefined;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  if (summary.scenarios.length === 0) return null;
  const scenarioId = picked ?? scenarioOfRun(summary, run, intended) ?? summary.scenarios[0]!.id;
  const scenario = summary.scenarios.find((s) => s.id === scenarioId) ?? summary.scenarios[0]!;
  const reference = references.find((r) => r.scenario === scenario.id);
  const title = (proc: string) => summary.processes.find((p) => p.id === proc)?.title ?? proc;
  const verdict = judgeRun({ scenario, reference, run, recording: runtime?.tracesSockets ?? true });

  return (
    <section className={styles.reference} aria-label="Real Linux reference">
      <header className={styles.header}>
        <h4 className={styles.title}>What real Linux does</h4>
        {summary.scenarios.length > 1 ? (
          <label className={styles.picker}>
            Scenario{' '}
            <select value={scenario.id} onChange={(e) => setPicked(e.target.value)}>
              {summary.scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </header>
      <p
        role="status"
        aria-label="Your run compared with real Linux"
        className={styles.verdict}
        data-verdict={verdictKind(verdict)}
      >
        {describeVerdict(verdict, runtime, title, isRunning)}
      </p>
      {reference ? (
        <>
          <ol className={styles.events} tabIndex={0} aria-label={`Real Linux, ${scenario.title}, oldest first`}>
            {reference.events.map((event, i) => (
              <li key={i} className={styles.referenceEvent}>
                <span className={styles.time}>+{Math.round(event.t)} ms</span>{' '}
                <span>
                  {title(event.proc)}: {stepText(event)}
                </span>
              </li>
            ))}
          </ol>
          <p className={styles.recorded}>
            Recorded by running this scenario with Node {reference.recordedWith.node} on {reference.recordedWith.os}.
            Compared stream by stream (each process, and what each socket sent and received), so how fast you type does
            not matter.
          </p>
        </>
      ) : null}
    </section>
  );
}

function verdictKind(verdict: RunVerdict): string {
  return verdict.kind === 'compared' ? verdict.comparison.state : verdict.kind;
}

function describeStep(step: LabScenarioStep, title: (proc: string) => string, isRunning: (id: string) => boolean) {
  if (typeof step === 'string') return `type “${step}”`;
  const name = title(step.start).toLowerCase();
  // Lesson 4's second run: the close run's client still runs, so "Start" cannot start it.
  return isRunning(step.start) ? `restart the ${name} (Restart ${name})` : `start the ${name}`;
}

/** "server, socket 1, sent" → "Server, socket 1, sent". */
function streamName(stream: string, title: (proc: string) => string): string {
  const [proc, ...rest] = stream.split(', ');
  return [title(proc!), ...rest].join(', ');
}

function describeComparison(comparison: Comparison, runtime: LabRuntime | null, title: (proc: string) => string) {
  switch (comparison.state) {
    case 'matches':
      return 'Your run matches real Linux.';
    case 'so-far': {
      const next = comparison.next[0]!;
      return `Nothing differs from real Linux so far. Next on Linux: ${streamName(next.stream, title)}: ${next.text}.`;
    }
    case 'differs': {
      const where = streamName(comparison.stream, title);
      const linux = comparison.expected ?? 'nothing more';
      const yours = comparison.actual ?? 'nothing';
      const why =
        runtime?.kind === 'webcontainer'
          ? 'The in-browser runtime emulates TCP, and here it does not do what Linux does: trust the reference below.'
          : 'If you did the steps in order, this is worth a look: the course tests check this reference on Linux.';
      return `Your run of the unchanged code differs from real Linux. ${where}: real Linux: ${linux}; your run: ${yours}. ${why}`;
    }
  }
}

function describeVerdict(
  verdict: RunVerdict,
  runtime: LabRuntime | null,
  title: (proc: string) => string,
  isRunning: (id: string) => boolean,
): string {
  switch (verdict.kind) {
    case 'no-reference':
      return 'No real-Linux reference has been recorded for this scenario yet.';
    case 'not-recorded':
      return 'The runtime running this lab records no socket events, so your run cannot be compared. This is what real Linux does.';
    case 'no-run':
      return 'Do this scenario’s steps to compare your run with real Linux.';
    case 'code-changed':
      return 'Your run used code you changed, so it is not compared. This is what the lab’s own code does on real Linux.';
    case 'partway':
      return `Your run follows this scenario so far. Next: ${describeStep(verdict.next, title, isRunning)}.`;
    case 'other-steps':
      return 'Your run did other steps than this scenario, so it is not compared. Start again to follow it.';
    case 'compared':
      return describeComparison(verdict.comparison, runtime, title);
  }
}
