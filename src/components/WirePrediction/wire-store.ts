/**
 * A C lab's "predict the wire" predictions, as the learner edits them and as the lab's runs lock
 * and grade them. One store per opened lab; the builder above the lab and the grade in the packet
 * view both read it.
 *
 * - The answer is kept in this browser with the learner's other answers (`answers.ts`).
 * - It is locked in when a run of its scenario reaches the window's start (the line typed, or the
 *   run's first step when the window starts after the handshake): from then on the kernel's
 *   events of that run are what it is graded on, and the learner cannot change it.
 * - It is graded once that run has done all of the scenario's steps and its `until` processes
 *   (else all of its processes) have ended, and the kernel's reports have then been quiet for a
 *   moment (a TIME-WAIT read from /proc/net/tcp comes a little after the close that made it).
 *   The states graded are those at that moment.
 * - A run that starts before the locked one ended drops the lock, ungraded.
 */
import { readAnswer, saveAnswer } from '../../course-progress/answers';
import type { CRunRecord } from '../Lab/linux/c-run-recorder';
import { followsScenario, stepsOf } from '../../labs/reference/run-verdict';
import type { LabScenario, LabSummary, WirePredictionSpec } from '../../labs/types';
import {
  emptyAnswer,
  endStates,
  gradeWire,
  observeWire,
  predictableKinds,
  wireSides,
  type ObservedWire,
  type WireAnswer,
  type WireGrade,
} from './wire-grade';

/** Where the lab's runs come from (the C lab's recorder). */
export interface WireRunSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): CRunRecord;
}

export interface WireGraded {
  readonly run: number;
  /** The prediction as it was locked in. */
  readonly answer: WireAnswer;
  readonly observed: ObservedWire;
  readonly grade: WireGrade;
  /** The run used files the learner had changed. */
  readonly edited: boolean;
}

export interface WireEntry {
  readonly spec: WirePredictionSpec;
  readonly scenario: LabScenario;
  /** The answer's key among the learner's answers. */
  readonly key: string;
  /** What the learner predicts now (for the next run, once a run is graded). */
  readonly answer: WireAnswer;
  /** The run it is locked in for, and the answer as locked. */
  readonly locked: { readonly run: number; readonly answer: WireAnswer } | null;
  /** The last graded run. */
  readonly graded: WireGraded | null;
}

export interface WireStoreOptions {
  /** How long the kernel's reports must be quiet after the run's end before grading. */
  readonly quietMs?: number;
  /** Grades at the latest this long after the run's end, quiet or not. */
  readonly maxWaitMs?: number;
}

/** Reads a kept answer; anything not of the right shape is dropped. */
export function parseAnswer(text: string): WireAnswer {
  try {
    const raw = JSON.parse(text) as { segments?: unknown; ends?: unknown };
    const segments = Array.isArray(raw.segments)
      ? raw.segments.filter(
          (s): s is WireAnswer['segments'][number] =>
            typeof s === 'object' &&
            s !== null &&
            wireSides.includes((s as { from: never }).from) &&
            predictableKinds.includes((s as { kind: never }).kind),
        )
      : [];
    const ends: Record<string, unknown> = typeof raw.ends === 'object' && raw.ends !== null ? { ...raw.ends } : {};
    return {
      segments: segments.slice(0, 40).map(({ from, kind }) => ({ from, kind })),
      ends: Object.fromEntries(
        wireSides.flatMap((side) => (endStates.includes(ends[side] as never) ? [[side, ends[side]]] : [])),
      ),
    };
  } catch {
    return emptyAnswer;
  }
}

const answerKey = (labId: string, spec: WirePredictionSpec) => `wire:${labId}:${spec.scenario}:${spec.connection}`;

/** How many of the run's steps must be the scenario's for the window to have started. */
function windowStep(spec: WirePredictionSpec, scenario: LabScenario): number {
  return spec.fromInput === undefined ? 1 : scenario.startFirst.length + spec.fromInput;
}

/** The run's first steps are the scenario's, and it has done at least `count` of them. */
function didFirstSteps(run: CRunRecord, scenario: LabScenario, count: number): boolean {
  const want = stepsOf(scenario).length;
  return run.steps.length >= count && followsScenario(run.steps.slice(0, Math.min(want, run.steps.length)), scenario);
}

/** The run did all of the scenario's steps and the processes it waits for have ended. */
function runEnded(run: CRunRecord, scenario: LabScenario): boolean {
  if (!didFirstSteps(run, scenario, stepsOf(scenario).length)) return false;
  const ended = (id: string) => run.processes[id]?.end != null;
  if (scenario.until?.length) return scenario.until.every((u) => ended(u.proc));
  const ids = Object.keys(run.processes);
  return ids.length > 0 && ids.every(ended);
}

export class WirePredictionStore {
  private entries: readonly WireEntry[];
  private readonly listeners = new Set<() => void>();
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  /** Per entry: the run whose end is being waited out, since when, and its timer. */
  private readonly pending = new Map<number, { run: number; since: number; timer: ReturnType<typeof setTimeout> }>();
  private source: WireRunSource | null = null;

  constructor(
    private readonly summary: Pick<LabSummary, 'id' | 'scenarios' | 'wirePredictions'>,
    options: WireStoreOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 3000;
    this.entries = (summary.wirePredictions ?? []).flatMap((spec) => {
      const scenario = summary.scenarios.find((s) => s.id === spec.scenario);
      if (!scenario) return [];
      const key = answerKey(summary.id, spec);
      const kept = readAnswer(key);
      return [{ spec, scenario, key, answer: kept ? parseAnswer(kept) : emptyAnswer, locked: null, graded: null }];
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly WireEntry[] => this.entries;

  /** Follows the lab's runs; returns the function that stops. */
  attach(source: WireRunSource): () => void {
    this.source = source;
    const off = source.subscribe(() => this.onRun(source.getSnapshot()));
    this.onRun(source.getSnapshot());
    return () => {
      off();
      for (const { timer } of this.pending.values()) clearTimeout(timer);
      this.pending.clear();
      if (this.source === source) this.source = null;
    };
  }

  /** The learner changed prediction `index` (ignored while it is locked in). */
  setAnswer(index: number, answer: WireAnswer): void {
    const entry = this.entries[index];
    if (!entry || entry.locked) return;
    const empty = answer.segments.length === 0 && Object.keys(answer.ends).length === 0;
    saveAnswer(entry.key, empty ? '' : JSON.stringify(answer));
    this.replace(index, { ...entry, answer });
  }

  private replace(index: number, entry: WireEntry): void {
    this.entries = this.entries.map((e, i) => (i === index ? entry : e));
    this.listeners.forEach((listener) => listener());
  }

  private onRun(run: CRunRecord): void {
    this.entries.forEach((entry, index) => {
      const { spec, scenario } = entry;
      if (entry.locked && entry.locked.run !== run.number) {
        // A new run began before the locked one ended: that one is not graded.
        this.cancel(index);
        entry = { ...entry, locked: null };
        this.replace(index, entry);
      }
      if (
        !entry.locked &&
        run.number > 0 &&
        entry.graded?.run !== run.number &&
        didFirstSteps(run, scenario, windowStep(spec, scenario))
      ) {
        entry = { ...entry, locked: { run: run.number, answer: entry.answer } };
        this.replace(index, entry);
      }
      if (entry.locked?.run === run.number && runEnded(run, scenario)) this.waitForQuiet(index, run.number);
    });
  }

  /** The run ended: grade once the kernel's reports have been quiet for `quietMs` (at most `maxWaitMs` on). */
  private waitForQuiet(index: number, run: number): void {
    const now = Date.now();
    const pending = this.pending.get(index);
    const since = pending?.run === run ? pending.since : now;
    if (pending) clearTimeout(pending.timer);
    const wait = Math.max(0, Math.min(this.quietMs, since + this.maxWaitMs - now));
    this.pending.set(index, { run, since, timer: setTimeout(() => this.grade(index, run), wait) });
  }

  private cancel(index: number): void {
    const pending = this.pending.get(index);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(index);
  }

  private grade(index: number, runNumber: number): void {
    this.pending.delete(index);
    const entry = this.entries[index];
    const run = this.source?.getSnapshot();
    if (!entry?.locked || entry.locked.run !== runNumber || !run || run.number !== runNumber) return;
    const { spec, scenario } = entry;
    const fromEvent =
      spec.fromInput === undefined ? null : (run.kernelAt[windowStep(spec, scenario) - 1] ?? run.kernel.length);
    const observed = observeWire(run.kernel, { connection: spec.connection, fromEvent });
    const answer = entry.locked.answer;
    this.replace(index, {
      ...entry,
      locked: null,
      graded: { run: runNumber, answer, observed, grade: gradeWire(answer, observed), edited: run.edited },
    });
  }
}
