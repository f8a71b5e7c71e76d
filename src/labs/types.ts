import type { CLabCheck } from './c-run/c-checks';
import type { NativeCReference } from './reference/native-c-reference';
import type { ReferenceTrace } from './reference/reference-trace';
import type { LabScenarioStep } from './scenario-step';
import type { WireAim } from '../runtimes/linux/wire-faults';
import type { EventMatch, LabCheck } from './trace/checks';

/** A lab as the site ships it: its description plus the starting content of its files. */

export interface LabFile {
  /** Path relative to the lab folder, e.g. "server.js". */
  readonly path: string;
  readonly content: string;
}

export interface LabProcessSpec {
  /** Stable id, e.g. "server"; also names the terminal. */
  readonly id: string;
  readonly title: string;
  /** The lab file that `node` runs; in a C lab, the `.c` file the guest compiles and runs. */
  readonly file: string;
  /** Command-line arguments; `$PORT` in one stands for the port the runtime chose. */
  readonly args: readonly string[];
  /** Extra environment; the runtime adds PORT. */
  readonly env: Readonly<Record<string, string>>;
  /** Whether the learner types into this process's standard input. */
  readonly stdin: boolean;
  /**
   * The typed line that ending this process's input (Ctrl-D) does the same as, when the program
   * treats both alike (lesson 4's client: Ctrl-D and "shutdown" both end its sending side). A run
   * where the learner pressed Ctrl-D then follows a scenario that types this line.
   */
  readonly endOfInput?: string;
  /** C labs: a fault on the wire the runtime arms just before the program starts. */
  readonly aim?: WireAim;
}

export type { LabScenarioStep } from './scenario-step';

export interface LabScenario {
  readonly id: string;
  readonly title: string;
  /** The processes to start first, in this order. */
  readonly startFirst: readonly string[];
  /** What to do next, in order. */
  readonly input: readonly LabScenarioStep[];
  /** What the learner should see. */
  readonly observe: readonly string[];
  /** The scenario is over once all of these have happened; without it, once the programs are quiet. */
  readonly until?: readonly EventMatch[];
}

/**
 * Where a lab's programs run: "node" (JavaScript, WebContainer or this computer) or "linux"
 * (C programs compiled and run on a real Linux kernel in the page, v86).
 */
export type LabRuntimeKind = 'node' | 'linux';

/** A process's arguments with `$PORT` replaced by the port the runtime chose. */
export const argsWithPort = (args: readonly string[], port: number): string[] =>
  args.map((arg) => arg.replace(/\$PORT\b/g, String(port)));

/**
 * A C lab's "predict the wire" (lab.json `wirePredictions`): before a run of `scenario`, the
 * learner lists the segments the kernel will send on one connection, in order, and the state each
 * socket ends in; the run's own kernel events grade it. It names where to look, never the answer:
 * what is graded is what the kernel sent in the learner's run (an edited program included).
 */
export interface WirePredictionSpec {
  /** The scenario whose run is graded (its id). */
  readonly scenario: string;
  /**
   * The scenario's input step (1-based) the window starts with: the segments of the connection
   * sent once the learner did it are graded. Without it, every segment after the connection's
   * handshake.
   */
  readonly fromInput?: number;
  /** Which TCP connection of the run: 1 for the first one it opens. */
  readonly connection: number;
  /** Which connection this is, in the lab's words, when the run opens several. */
  readonly about?: string;
  /** What the lab calls the socket that connects (sent the SYN) and the one that accepted it. */
  readonly sides: { readonly client: string; readonly server: string };
}

export interface LabSummary {
  readonly id: string;
  readonly runtime: LabRuntimeKind;
  readonly title: string;
  readonly summary: string;
  readonly processes: readonly LabProcessSpec[];
  readonly scenarios: readonly LabScenario[];
  /** What the learner should observe, judged on the socket-event trace of their run. */
  readonly checks: readonly LabCheck[];
  readonly filePaths: readonly string[];
  /** A C lab's predictions of what the kernel sends, graded on the learner's run. */
  readonly wirePredictions?: readonly WirePredictionSpec[];
}

/** What a lab loads when it is opened: its files, the solutions for some of them, and what real Linux does. */
export interface LabContent {
  readonly files: readonly LabFile[];
  readonly solutions: readonly LabFile[];
  /** The recorded real-Linux run of each scenario that has one. */
  readonly references: readonly ReferenceTrace[];
  /** A C lab's scenarios run natively (the host's compiler and kernel), where recorded. */
  readonly nativeReferences?: readonly NativeCReference[];
  /**
   * A C lab's checks, judged on what the guest shows (lines, ends, segments, socket states).
   * Loaded with the lab, not carried by the page: only the opened lab shows them.
   */
  readonly cChecks?: readonly CLabCheck[];
}

export interface Lab extends LabSummary, LabContent {}
