import type { LabScenarioStep } from '../scenario-step';

/** How a process ended: its exit code or the signal that killed it; null when it was still running at the end. */
export interface CProcessEnd {
  readonly code: number | null;
  readonly signal: string | null;
}

/** What one process of a C lab did in a scenario: the lines it printed, and how it ended. */
export interface CProcessRun {
  readonly lines: readonly string[];
  readonly end: CProcessEnd | null;
}

/**
 * What native Linux did in one scenario of a C lab ("runtime": "linux"): the lab's programs
 * built by the host's C compiler and run on the host's kernel by `npm run record-references`,
 * stored in labs/<lab>/reference/<scenario>.json. The guest run in v86 is compared with it.
 */
export interface NativeCReference {
  readonly lab: string;
  readonly scenario: string;
  /** e.g. { compiler: "gcc (Debian 12.2.0-14) 12.2.0", os: "Linux 6.1.0-…" } */
  readonly recordedWith: { readonly compiler: string; readonly os: string };
  readonly steps: readonly LabScenarioStep[];
  /** Per process id. */
  readonly processes: Readonly<Record<string, CProcessRun>>;
}

/**
 * What a program wrote, as lines to compare: "\r\n" (a terminal's) as "\n", no empty lines. The
 * text is the program's own output only: on Linux in the page the terminal's echo of the keys
 * typed arrives apart from it (the guest agent), so a line the program prints that equals a typed
 * line (an echo server's) is kept, as a pipe keeps it.
 */
export function outputLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** A duration a program prints ("after 202 ms", "at 1004 ms"). */
const duration = /\d+ ms\b/g;

/**
 * Whether two output lines say the same. A duration in milliseconds is the clock's, not the
 * kernel's answer, and the emulated machine is slower than the host (a fork() there can take
 * 300 ms), so durations are not compared: "read() returned 4 bytes after 600 ms" natively and
 * "… after 905 ms" in the guest agree. Everything else must be equal.
 */
export function sameOutputLine(want: string, got: string): boolean {
  return want === got || want.replace(duration, 'N ms') === got.replace(duration, 'N ms');
}

/** How a process ended, as its terminal says it: "killed by SIGPIPE", "exited with code 0". */
export const describeEnd = (end: CProcessEnd | null): string =>
  end === null ? 'still running' : end.signal ? `killed by ${end.signal}` : `exited with code ${end.code}`;

/** The first difference between two runs of a scenario, in words, or null when they agree. */
export function firstCDifference(
  expected: Readonly<Record<string, CProcessRun>>,
  actual: Readonly<Record<string, CProcessRun>>,
): string | null {
  for (const id of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = expected[id];
    const got = actual[id];
    if (!want || !got) return `${id}: ${want ? 'did not run' : 'ran, but the reference has no such process'}`;
    const length = Math.max(want.lines.length, got.lines.length);
    for (let i = 0; i < length; i++) {
      const [a, b] = [want.lines[i], got.lines[i]];
      if (a === undefined || b === undefined || !sameOutputLine(a, b)) {
        return `${id}, line ${i + 1}: native Linux: ${JSON.stringify(want.lines[i] ?? '(no line)')}; this run: ${JSON.stringify(got.lines[i] ?? '(no line)')}`;
      }
    }
    if (describeEnd(want.end) !== describeEnd(got.end)) {
      return `${id}: native Linux: ${describeEnd(want.end)}; this run: ${describeEnd(got.end)}`;
    }
  }
  return null;
}
