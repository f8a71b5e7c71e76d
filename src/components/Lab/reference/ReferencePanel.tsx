import { useEffect, useRef, useState, type ReactNode } from 'react';
import { compareCRun, type CProcessSoFar } from '../../../labs/reference/compare-c';
import { describeEnd, type NativeCReference } from '../../../labs/reference/native-c-reference';
import type { Comparison } from '../../../labs/reference/compare';
import { stepText } from '../../../labs/reference/compare';
import {
  didAllSteps,
  followsScenario,
  judgeRun,
  judgeSteps,
  type LabRunRecord,
  type RunVerdict,
} from '../../../labs/reference/run-verdict';
import type { ReferenceTrace } from '../../../labs/reference/reference-trace';
import type { LabScenario, LabScenarioStep, LabSummary } from '../../../labs/types';
import type { LabRuntime } from '../../../runtimes/runtime';
import { useRevealedScenarios } from '../reveal/revealed-scenarios';
import styles from '../timeline/Timeline.module.css';

/**
 * The scenario whose steps the run has followed so far, if any: the one the learner said they
 * are doing ("Start afresh: …") while the run follows it, else the first that the run follows.
 */
function scenarioOfRun(
  summary: LabSummary,
  run: { readonly steps: readonly LabScenarioStep[] },
  intended?: string,
): string | undefined {
  if (run.steps.length === 0) return intended;
  const following = summary.scenarios.filter((scenario) => followsScenario(run.steps, scenario));
  return (following.find((s) => s.id === intended) ?? following[0])?.id;
}

/** What the panel calls its reference: Node labs' is real Linux under Node; C labs' the native run. */
interface ReferenceWording {
  /** The section's accessible name. */
  readonly region: string;
  readonly heading: string;
  /** "real Linux", "native Linux": how verdicts name the reference. */
  readonly linux: string;
}

const realLinux: ReferenceWording = {
  region: 'Real Linux reference',
  heading: 'What real Linux does',
  linux: 'real Linux',
};
const nativeLinux: ReferenceWording = {
  region: 'Native Linux reference',
  heading: 'What native Linux does',
  linux: 'native Linux',
};

/**
 * The panel's frame: the heading, the scenario picker (the run's scenario unless the learner
 * picks another), the verdict said politely as the run goes, and the reference itself, folded
 * until the learner has done the scenario's steps or asks to see it (predict first, then see).
 */
function ReferenceFrame({
  summary,
  wording,
  steps,
  scenarioOf,
  verdictOf,
  describe,
  children,
}: {
  summary: LabSummary;
  wording: ReferenceWording;
  /** The steps the run has done so far. */
  steps: readonly LabScenarioStep[];
  /** The scenario the run follows, or the one the learner started afresh. */
  scenarioOf: () => string | undefined;
  verdictOf: (scenario: LabScenario) => RunVerdict;
  /** The verdict in words; `shown`: whether the reference is unfolded below it. */
  describe: (verdict: RunVerdict, shown: boolean) => string;
  children: (scenario: LabScenario) => ReactNode;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  const { revealed, reveal } = useRevealedScenarios(summary.id);
  const done = summary.scenarios.find((s) => didAllSteps(steps, s))?.id;
  useEffect(() => {
    if (done !== undefined) reveal([done]);
  }, [done, reveal]);
  const scenarioId = picked ?? scenarioOf() ?? summary.scenarios[0]?.id;
  const scenario = summary.scenarios.find((s) => s.id === scenarioId) ?? summary.scenarios[0];
  const shown = scenario !== undefined && (revealed.includes(scenario.id) || done === scenario.id);
  // The show button goes away as the reference unfolds in its place: focus moves to the
  // reference's first list, not back to the page's start.
  const body = useRef<HTMLDivElement>(null);
  const focusOnUnfold = useRef(false);
  useEffect(() => {
    if (!shown || !focusOnUnfold.current) return;
    focusOnUnfold.current = false;
    body.current?.querySelector<HTMLElement>('[tabindex]')?.focus();
  }, [shown]);
  if (!scenario) return null;
  const verdict = verdictOf(scenario);
  return (
    <section className={styles.reference} aria-label={wording.region}>
      <header className={styles.header}>
        <h4 className={styles.title}>{wording.heading}</h4>
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
        aria-label={`Your run compared with ${wording.linux}`}
        className={styles.verdict}
        data-verdict={verdictKind(verdict)}
      >
        {describe(verdict, shown)}
      </p>
      {shown ? (
        <div ref={body}>{children(scenario)}</div>
      ) : (
        <div className={styles.folded}>
          <p>
            Folded until you have done this scenario&apos;s steps, so that you can predict first what {wording.linux}{' '}
            will do.
          </p>
          <button
            type="button"
            className="button button--sm button--outline button--secondary"
            onClick={() => {
              focusOnUnfold.current = true;
              reveal([scenario.id]);
            }}
          >
            Show {wording.heading.replace(/^What/, 'what')}: {scenario.title}
          </button>
        </div>
      )}
    </section>
  );
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
  const title = (proc: string) => summary.processes.find((p) => p.id === proc)?.title ?? proc;
  return (
    <ReferenceFrame
      summary={summary}
      wording={realLinux}
      steps={run.steps}
      scenarioOf={() => scenarioOfRun(summary, run, intended)}
      verdictOf={(scenario) =>
        judgeRun({
          scenario,
          reference: references.find((r) => r.scenario === scenario.id),
          run,
          recording: runtime?.tracesSockets ?? true,
        })
      }
      describe={(verdict, shown) => describeVerdict(verdict, runtime, title, isRunning, realLinux, shown)}
    >
      {(scenario) => {
        const reference = references.find((r) => r.scenario === scenario.id);
        return reference ? (
          <>
            <ol
              className={`${styles.events} ${styles.whole}`}
              tabIndex={0}
              aria-label={`Real Linux, ${scenario.title}, oldest first`}
            >
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
              Compared stream by stream (each process, and what each socket sent and received), so how fast you type
              does not matter.
            </p>
          </>
        ) : null;
      }}
    </ReferenceFrame>
  );
}

/** A C lab's run so far: the steps done, whether edited code ran, and each process's lines and end. */
export interface CRunSoFar {
  readonly steps: readonly LabScenarioStep[];
  readonly edited: boolean;
  /** The learner set a fault on the wire during the run. */
  readonly wireChanged?: boolean;
  readonly processes: Readonly<Record<string, CProcessSoFar>>;
}

/**
 * A C lab's native reference (the scenario built with the host's compiler and run on the
 * host's kernel) beside the learner's run in the guest: each process's lines and how it ended,
 * and whether the run matches, differs (where), or is not compared (edited code, other steps).
 */
export function CReferencePanel({
  summary,
  references,
  run,
  isRunning = () => false,
}: {
  summary: LabSummary;
  references: readonly NativeCReference[];
  run: CRunSoFar;
  isRunning?: (id: string) => boolean;
}) {
  const title = (proc: string) => summary.processes.find((p) => p.id === proc)?.title ?? proc;
  return (
    <ReferenceFrame
      summary={summary}
      wording={nativeLinux}
      steps={run.steps}
      scenarioOf={() => scenarioOfRun(summary, run)}
      verdictOf={(scenario) => {
        const reference = references.find((r) => r.scenario === scenario.id);
        return judgeSteps({
          scenario,
          hasReference: reference !== undefined,
          recording: true,
          steps: run.steps,
          edited: run.edited,
          wireChanged: run.wireChanged === true,
          compare: () => compareCRun(reference!.processes, run.processes),
        });
      }}
      describe={(verdict, shown) => describeVerdict(verdict, null, title, isRunning, nativeLinux, shown)}
    >
      {(scenario) => {
        const reference = references.find((r) => r.scenario === scenario.id);
        if (!reference) return null;
        return (
          <>
            {Object.entries(reference.processes).map(([proc, output]) => (
              <div key={proc}>
                <h5 className={styles.title}>{title(proc)}</h5>
                <ol
                  className={`${styles.events} ${styles.whole}`}
                  tabIndex={0}
                  aria-label={`Native Linux, ${scenario.title}, ${title(proc)}: its lines and its end`}
                >
                  {output.lines.map((line, i) => (
                    <li key={i} className={styles.referenceEvent}>
                      <code>{line}</code>
                    </li>
                  ))}
                  <li className={styles.referenceEvent}>
                    {output.end ? describeEnd(output.end) : 'still running at the end'}
                  </li>
                </ol>
              </div>
            ))}
            <p className={styles.recorded}>
              Recorded by building this lab with {reference.recordedWith.compiler} and running the scenario on{' '}
              {reference.recordedWith.os}, outside the browser. Each process&apos;s lines and its end are compared;
              times printed in ms are not (the emulated machine&apos;s clock is slower), nor how the processes&apos;
              lines interleave.
            </p>
          </>
        );
      }}
    </ReferenceFrame>
  );
}

function verdictKind(verdict: RunVerdict): string {
  return verdict.kind === 'compared' ? verdict.comparison.state : verdict.kind;
}

function describeStep(step: LabScenarioStep, title: (proc: string) => string, isRunning: (id: string) => boolean) {
  if (typeof step === 'string') return `type “${step}”`;
  // Named as its panel names it: "start the after fin" read as if "after fin" were a thing.
  const name = title(step.start);
  // Lesson 4's second run: the close run's client still runs, so "Start" cannot start it.
  return isRunning(step.start)
    ? `restart the ${name} process (Restart ${name.toLowerCase()})`
    : `start the ${name} process`;
}

/** "server, socket 1, sent" → "Server, socket 1, sent". */
function streamName(stream: string, title: (proc: string) => string): string {
  const [proc, ...rest] = stream.split(', ');
  return [title(proc!), ...rest].join(', ');
}

function describeComparison(
  comparison: Comparison,
  runtime: LabRuntime | null,
  title: (proc: string) => string,
  wording: ReferenceWording,
) {
  const reference = wording.linux;
  switch (comparison.state) {
    case 'matches':
      return `Your run matches ${reference}.`;
    case 'so-far': {
      const next = comparison.next[0]!;
      return `Nothing differs from ${reference} so far. Next on Linux: ${streamName(next.stream, title)}: ${next.text}.`;
    }
    case 'differs': {
      const where = streamName(comparison.stream, title);
      const linux = comparison.expected ?? 'nothing more';
      const yours = comparison.actual ?? 'nothing';
      const why =
        runtime?.tcp === 'emulated'
          ? 'The in-browser runtime emulates TCP, and here it does not do what Linux does: trust the reference below.'
          : 'If you did the steps in order, this is worth a look: the course tests check this reference on Linux.';
      return `Your run of the unchanged code differs from ${reference}. ${where}: ${reference}: ${linux}; your run: ${yours}. ${why}`;
    }
  }
}

function describeVerdict(
  verdict: RunVerdict,
  runtime: LabRuntime | null,
  title: (proc: string) => string,
  isRunning: (id: string) => boolean,
  wording: ReferenceWording,
  /** Whether the reference is unfolded below the verdict ("This is what … does" points at it). */
  shown: boolean,
): string {
  switch (verdict.kind) {
    case 'no-reference':
      return `No ${wording.linux} reference has been recorded for this scenario yet.`;
    case 'not-recorded':
      return `The runtime running this lab records no socket events, so your run cannot be compared.${shown ? ` This is what ${wording.linux} does.` : ''}`;
    case 'no-run':
      return `Do this scenario’s steps to compare your run with ${wording.linux}.`;
    case 'watched':
      return `This was the recording of ${wording.linux} itself, played in the lab: there is no run of yours to compare.`;
    case 'code-changed':
      return `Your run used code you changed, so it is not compared.${shown ? ` This is what the lab’s own code does on ${wording.linux}.` : ''}`;
    case 'wire-changed':
      return `You set a fault on the wire during your run (the reference’s wire had only what the lab itself sets), so it is not compared. Take the fault away (or Reset the machine) and start again to compare.${shown ? ` This is what the lab’s own run does on ${wording.linux}.` : ''}`;
    case 'partway':
      return `Your run follows this scenario so far. Next: ${describeStep(verdict.next, title, isRunning)}.`;
    case 'other-steps':
      return 'Your run did other steps than this scenario, so it is not compared. Start again to follow it.';
    case 'compared':
      return describeComparison(verdict.comparison, runtime, title, wording);
  }
}
