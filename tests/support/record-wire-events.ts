/**
 * Records the kernel events of the five C labs whose point is on the wire (lessons 1, 2, 3, 4
 * and 7), played on the committed guest under Node as the lab page plays them, with the index of
 * the first kernel event after each step (as the lab's recorder marks it), into
 * tests/unit/fixtures/wire-events.json, which the predict-the-wire grader's tests read. Also lesson
 * 4's close run with the client edited (close() replaced by shutdown(SHUT_WR)). Run again after
 * rebuilding the image:
 *   npx tsx tests/support/record-wire-events.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadLabs } from '../../plugins/labs/load-labs';
import { playCScenario, type CHost } from '../../scripts/references/play-c-scenario';
import type { Lab, LabScenarioStep } from '../../src/labs/types';
import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import { GuestCHost } from './guest-c-host';
import { startLinuxRuntime } from './linux-guest';

const out = path.resolve(__dirname, '../unit/fixtures/wire-events.json');
const labsDir = path.resolve(__dirname, '../../labs');

export interface RecordedWireRun {
  readonly lab: string;
  readonly scenario: string;
  readonly edited: boolean;
  readonly steps: readonly LabScenarioStep[];
  /** Per step: how many kernel events the run had when it was done. */
  readonly kernelAt: readonly number[];
  readonly kernel: readonly KernelEvent[];
}

/** lesson 4's client with close() replaced by shutdown(SHUT_WR). */
export const closeBecomesShutdown = (source: string): string =>
  source.replace('if (close(sock) < 0) die("close");', 'if (shutdown(sock, SHUT_WR) < 0) die("close");');

async function main(): Promise<void> {
  const runtime = await startLinuxRuntime();
  let kernel: KernelEvent[] = [];
  runtime.onKernelEvent((e) => kernel.push(e));
  const labs = await loadLabs(labsDir);
  const runs: RecordedWireRun[] = [];
  const plays: [string, string, boolean][] = [
    ['c-half-close', 'half-close', false],
    ['c-close-unread-rst', 'run', false],
    ['c-shut-rd', 'run', false],
    ['c-close-vs-shutdown', 'close', false],
    ['c-close-vs-shutdown', 'shutdown', false],
    ['c-close-vs-shutdown', 'close', true],
    ['c-linger-zero', 'run', false],
  ];
  for (const [labId, scenarioId, edited] of plays) {
    const original = labs.find((l) => l.id === labId)!;
    const lab: Lab = edited
      ? {
          ...original,
          files: original.files.map((f) =>
            f.path === 'echo-client.c' ? { ...f, content: closeBecomesShutdown(f.content) } : f,
          ),
        }
      : original;
    const scenario = lab.scenarios.find((s) => s.id === scenarioId)!;
    kernel = [];
    const steps: LabScenarioStep[] = [];
    const kernelAt: number[] = [];
    const guest = new GuestCHost(runtime);
    const host: CHost = {
      prepare: (l) => guest.prepare(l),
      port: () => guest.port(),
      start: async (spec, args) => {
        steps.push({ start: spec.id });
        kernelAt.push(kernel.length);
        const proc = await guest.start(spec, args);
        return {
          ...proc,
          onOutput: (l) => proc.onOutput(l),
          writeInput: (text) => {
            steps.push(text.replace(/\n$/, ''));
            kernelAt.push(kernel.length);
            proc.writeInput(text);
          },
        };
      },
    };
    // The lesson's own delays (lesson 4's server works 5 s per line), so the run is the learner's.
    await playCScenario(host, lab, scenario, { quietMs: 400, firstOutputLimitMs: 60_000, untilLimitMs: 60_000 });
    await new Promise((r) => setTimeout(r, 600));
    runs.push({ lab: labId, scenario: scenarioId, edited, steps, kernelAt, kernel: [...kernel] });
    console.log(`${labId}/${scenarioId}${edited ? ' (edited)' : ''}: ${kernel.length} events`);
  }
  writeFileSync(out, JSON.stringify(runs, null, 1) + '\n');
  runtime.dispose();
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
