import type { CProcessEnd, CProcessRun } from '../../src/labs/reference/native-c-reference';
import { outputLines } from '../../src/labs/reference/native-c-reference';
import { argsWithPort, type Lab, type LabProcessSpec, type LabScenario } from '../../src/labs/types';

/** One running program of a C lab, wherever it runs (natively, or in the guest). */
export interface CHostProcess {
  /** Calls `listener` with the program's own output (not the runtime's notices). */
  onOutput(listener: (text: string) => void): void;
  writeInput(text: string): void;
  kill(): void;
  readonly exit: Promise<CProcessEnd>;
}

/** Where a C lab's programs run: the host (native Linux) or Linux in v86. */
export interface CHost {
  /** Puts the lab's files in place (and, natively, compiles them). */
  prepare(lab: Lab): Promise<void>;
  port(): Promise<number>;
  /** Starts the process's program (the guest compiles it first). */
  start(spec: LabProcessSpec, args: string[]): Promise<CHostProcess>;
}

export interface CPlayTiming {
  /** How long the programs must be silent before the next step. */
  readonly quietMs: number;
  /** The longest wait for a started program's first line (the guest compiles first). */
  readonly firstOutputLimitMs: number;
  readonly untilLimitMs: number;
}

export const defaultCTiming: CPlayTiming = { quietMs: 400, firstOutputLimitMs: 60_000, untilLimitMs: 30_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Plays one scenario of a C lab as a learner would: start the first processes (each once it has
 * printed its first line), type each line or start each process, waiting after each step until
 * the programs are quiet; at the end wait for the scenario's `until` exits (or for quiet), then
 * kill what still runs. Returns each process's lines and how it ended.
 */
export async function playCScenario(
  host: CHost,
  lab: Lab,
  scenario: LabScenario,
  timing: CPlayTiming = defaultCTiming,
): Promise<Record<string, CProcessRun>> {
  await host.prepare(lab);
  const port = await host.port();
  const text = new Map<string, string>();
  const ends = new Map<string, CProcessEnd | null>();
  const running = new Map<string, CHostProcess>();
  let lastActivity = Date.now();
  let finished = false;

  const waitFor = async (done: () => boolean, limitMs: number, what: string) => {
    const began = Date.now();
    while (!done()) {
      if (Date.now() - began > limitMs) throw new Error(`${lab.id}/${scenario.id}: ${what} took over ${limitMs} ms`);
      await sleep(25);
    }
  };
  const quiet = () => waitFor(() => Date.now() - lastActivity >= timing.quietMs, 60_000, 'waiting for quiet');

  const start = async (id: string) => {
    const spec = lab.processes.find((p) => p.id === id);
    if (!spec) throw new Error(`${lab.id}/${scenario.id}: there is no process "${id}"`);
    const proc = await host.start(spec, argsWithPort(spec.args, port));
    text.set(id, '');
    ends.delete(id);
    running.set(id, proc);
    proc.onOutput((chunk) => {
      lastActivity = Date.now();
      text.set(id, (text.get(id) ?? '') + chunk);
    });
    void proc.exit.then((end) => {
      lastActivity = Date.now();
      running.delete(id);
      if (!finished) ends.set(id, end);
    });
    await waitFor(() => (text.get(id) ?? '') !== '' || ends.has(id), timing.firstOutputLimitMs, `${id}'s first line`);
    await quiet();
  };

  try {
    for (const id of scenario.startFirst) await start(id);
    const reader = lab.processes.find((p) => p.stdin);
    for (const step of scenario.input) {
      if (typeof step === 'string') {
        const proc = reader && running.get(reader.id);
        if (!reader || !proc) throw new Error(`${lab.id}/${scenario.id}: nothing reads the line "${step}"`);
        lastActivity = Date.now();
        proc.writeInput(`${step}\n`);
        await quiet();
      } else {
        await start(step.start);
      }
    }
    const until = scenario.until ?? [];
    if (until.some((u) => u.kind !== 'exit')) {
      throw new Error(`${lab.id}/${scenario.id}: a C lab's "until" can only wait for exits`);
    }
    if (until.length > 0) {
      await waitFor(() => until.every((u) => ends.has(u.proc)), timing.untilLimitMs, 'the "until" exits');
    }
    await quiet();
  } finally {
    finished = true;
    for (const [, proc] of running) proc.kill();
  }
  const runs: Record<string, CProcessRun> = {};
  for (const [id, output] of text) {
    runs[id] = { lines: outputLines(output), end: ends.get(id) ?? null };
  }
  return runs;
}
