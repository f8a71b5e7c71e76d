import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LabProcess } from '../../runner/lab-process';
import { defaultLimits } from '../../runner/limits';
import { freeLoopbackPort } from '../../runner/session';
import { matches } from '../../src/labs/trace/checks';
import { parseTraceLine, type TraceEvent } from '../../src/labs/trace/events';
import type { RecordedTerminalEntry } from '../../src/labs/reference/reference-trace';
import type { Lab, LabScenario } from '../../src/labs/types';

/** How long the programs must be silent before the next step, and the longest any wait may take. */
export interface PlayTiming {
  readonly quietMs: number;
  readonly stepLimitMs: number;
  readonly untilLimitMs: number;
}

const defaultTiming: PlayTiming = { quietMs: 400, stepLimitMs: 8000, untilLimitMs: 30_000 };

/** A scenario could not be played as written (a process never started, a wait ran out). */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/**
 * Plays one scenario of a lab as a learner would, with the same processes the local runner
 * starts (real Node, the trace module loaded): start the first processes, then type each line
 * or start each process, waiting after each step until the programs are quiet; at the end,
 * wait for the scenario's `until` events (or for quiet), then stop what still runs.
 * Returns the socket events, plus an `exit` event for each process that ended by itself.
 */
export async function playScenario(
  lab: Lab,
  scenario: LabScenario,
  timing: PlayTiming = defaultTiming,
  /** Told each start, each piece of output and each typed line, with the events' clock. */
  terminals?: (entry: RecordedTerminalEntry) => void,
): Promise<TraceEvent[]> {
  const dir = await mkdtemp(path.join(tmpdir(), `reference-${lab.id}-`));
  const port = await freeLoopbackPort();
  const events: TraceEvent[] = [];
  const output: string[] = [];
  const running = new Map<string, LabProcess>();
  let lastActivity = Date.now();
  let finished = false;
  const activityOf = new Map<string, number>();

  const now = () => performance.timeOrigin + performance.now();
  const start = (id: string) => {
    const spec = lab.processes.find((p) => p.id === id);
    if (!spec) throw new ScenarioError(`${lab.id}/${scenario.id}: there is no process "${id}"`);
    if (running.has(id)) throw new ScenarioError(`${lab.id}/${scenario.id}: "${id}" is still running`);
    terminals?.({ t: now(), proc: id, stream: 'start', text: '' });
    const proc = new LabProcess({
      cwd: dir,
      file: spec.file,
      env: { ...spec.env, PORT: String(port) },
      limits: defaultLimits,
      trace: id,
      events: {
        output(stream, text) {
          lastActivity = Date.now();
          activityOf.set(id, (activityOf.get(id) ?? 0) + 1);
          if (stream !== 'trace') {
            output.push(`${id} ${stream}: ${text}`);
            if (stream !== 'notice') terminals?.({ t: now(), proc: id, stream, text });
            return;
          }
          const event = parseTraceLine(text);
          if (event) events.push(event);
        },
        exit(code) {
          lastActivity = Date.now();
          running.delete(id);
          if (!finished) events.push({ t: now(), proc: id, socket: 0, kind: 'exit', exitCode: code });
        },
      },
    });
    running.set(id, proc);
    activityOf.set(id, 0);
  };

  const waitFor = async (done: () => boolean, limitMs: number, what: string) => {
    const began = Date.now();
    while (!done()) {
      if (Date.now() - began > limitMs) {
        throw new ScenarioError(
          `${lab.id}/${scenario.id}: ${what} did not happen within ${limitMs} ms.\nOutput so far:\n${output.join('')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const quiet = () => waitFor(() => Date.now() - lastActivity >= timing.quietMs, timing.stepLimitMs, 'quiet');

  try {
    for (const file of lab.files) {
      await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
      await writeFile(path.join(dir, file.path), file.content);
    }
    const reader = lab.processes.find((p) => p.stdin)?.id;
    for (const id of scenario.startFirst) {
      start(id);
      await waitFor(() => (activityOf.get(id) ?? 0) > 0, timing.stepLimitMs, `output from ${id}`);
      await quiet();
    }
    for (const step of scenario.input) {
      if (typeof step === 'string') {
        const proc = reader ? running.get(reader) : undefined;
        if (!proc)
          throw new ScenarioError(`${lab.id}/${scenario.id}: nothing reads "${step}": ${reader} is not running`);
        lastActivity = Date.now();
        terminals?.({ t: now(), proc: reader!, stream: 'typed', text: step });
        proc.writeInput(`${step}\n`);
      } else {
        await waitFor(() => !running.has(step.start), timing.stepLimitMs, `the end of ${step.start}`);
        start(step.start);
        await waitFor(() => (activityOf.get(step.start) ?? 0) > 0, timing.stepLimitMs, `output from ${step.start}`);
      }
      await quiet();
    }
    if (scenario.until) {
      const until = scenario.until;
      await waitFor(
        () => until.every((wanted) => events.some((e) => matches(e, wanted))),
        timing.untilLimitMs,
        `every event in "until"`,
      );
    }
    await quiet();
    return [...events].sort((a, b) => a.t - b.t);
  } finally {
    finished = true;
    for (const proc of running.values()) proc.kill();
    await waitFor(() => running.size === 0, 5000, 'the end of every process').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
