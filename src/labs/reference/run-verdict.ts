import type { TraceEvent } from '../trace/events';
import type { LabScenario, LabScenarioStep } from '../types';
import { compareWithReference, type Comparison } from './compare';
import type { ReferenceTrace } from './reference-trace';

/** A run of the lab in the page: what happened, what the learner did, and with which code. */
export interface LabRunRecord {
  readonly events: readonly TraceEvent[];
  /** The processes started and the lines typed, in order. */
  readonly steps: readonly LabScenarioStep[];
  /** Whether any process of the run started from files the learner had changed. */
  readonly edited: boolean;
  /**
   * Processes still running from the run before, which this run took over (their starts are its
   * first steps), and how many of its first events are theirs from before it began.
   */
  readonly carried?: { readonly processes: readonly string[]; readonly events: number };
  /** A recording of real Linux played in the lab ("Watch it on real Linux"), not a run of the learner's. */
  readonly watched?: boolean;
}

/** What the learner's run is, next to one scenario's real-Linux reference. */
export type RunVerdict =
  | { readonly kind: 'no-reference' }
  | { readonly kind: 'not-recorded' }
  | { readonly kind: 'no-run' }
  /** The run is the reference's recording itself, played in the page. */
  | { readonly kind: 'watched' }
  | { readonly kind: 'code-changed' }
  /** The learner set a fault on the wire during the run (the reference's wire had none). */
  | { readonly kind: 'wire-changed' }
  /** The run has done the scenario's first steps; `next` is the next one. */
  | { readonly kind: 'partway'; readonly next: LabScenarioStep }
  | { readonly kind: 'other-steps' }
  | { readonly kind: 'compared'; readonly comparison: Comparison };

const sameStep = (a: LabScenarioStep, b: LabScenarioStep) =>
  typeof a === 'string' || typeof b === 'string' ? a === b : a.start === b.start;

/** The scenario's steps, as a learner does them: start the first processes, then each input. */
export function stepsOf(scenario: LabScenario): LabScenarioStep[] {
  return [...scenario.startFirst.map((start) => ({ start })), ...scenario.input];
}

/** Whether every step the run has done so far is the scenario's step at that place. */
export function followsScenario(steps: readonly LabScenarioStep[], scenario: LabScenario): boolean {
  const want = stepsOf(scenario);
  return steps.length <= want.length && steps.every((step, i) => sameStep(step, want[i]!));
}

/** Whether the run has done all of the scenario's steps, in order (its outcome is then the learner's to see). */
export function didAllSteps(steps: readonly LabScenarioStep[], scenario: LabScenario): boolean {
  return steps.length === stepsOf(scenario).length && followsScenario(steps, scenario);
}

export function judgeRun(options: {
  readonly scenario: LabScenario;
  readonly reference: ReferenceTrace | undefined;
  readonly run: LabRunRecord;
  /** Whether the runtime records socket events at all. */
  readonly recording: boolean;
}): RunVerdict {
  const { scenario, reference, run, recording } = options;
  if (run.watched) return { kind: 'watched' };
  return judgeSteps({
    scenario,
    hasReference: reference !== undefined,
    recording,
    steps: run.steps,
    edited: run.edited,
    compare: () => compareWithReference(reference!.events, run.events),
  });
}

/**
 * The verdict for a run that did `steps` (with edited code or not): whether it can be compared
 * with the scenario's reference yet, and if so, `compare`'s answer. Node labs compare socket
 * events (judgeRun); C labs compare each process's lines and end with the native run.
 */
export function judgeSteps(options: {
  readonly scenario: LabScenario;
  readonly hasReference: boolean;
  readonly recording: boolean;
  readonly steps: readonly LabScenarioStep[];
  readonly edited: boolean;
  /** Whether the learner set a fault on the wire during the run (C labs). */
  readonly wireChanged?: boolean;
  readonly compare: () => Comparison;
}): RunVerdict {
  const { scenario, hasReference, recording, steps, edited, wireChanged, compare } = options;
  if (!hasReference) return { kind: 'no-reference' };
  if (!recording) return { kind: 'not-recorded' };
  if (steps.length === 0) return { kind: 'no-run' };
  if (edited) return { kind: 'code-changed' };
  if (wireChanged) return { kind: 'wire-changed' };
  const want = stepsOf(scenario);
  if (!followsScenario(steps, scenario)) return { kind: 'other-steps' };
  if (steps.length < want.length) return { kind: 'partway', next: want[steps.length]! };
  return { kind: 'compared', comparison: compare() };
}
