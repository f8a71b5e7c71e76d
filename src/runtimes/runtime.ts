import type { LabFile } from '../labs/types';
import type { WireAim } from './linux/wire-faults';

/** The places lab code can run. */
export type RuntimeKind = 'webcontainer' | 'local' | 'linux';

export const runtimeNames: Record<RuntimeKind, string> = {
  webcontainer: 'in your browser (WebContainer)',
  local: 'on this computer (local Node)',
  linux: 'Linux 6.1 in your browser (emulated x86)',
};

/**
 * A piece of a process's output. `notice` is the runtime speaking, not the program; `trace`
 * is one socket event (a JSON line from the trace module), never shown in the terminal; `echo`
 * is the terminal's echo of what the learner typed (the kernel's line discipline, on the Linux
 * runtime), shown in the terminal but not the program's output.
 */
export interface OutputChunk {
  readonly stream: 'stdout' | 'stderr' | 'notice' | 'trace' | 'echo';
  readonly text: string;
}

export interface ExitStatus {
  /** The exit code, or null when the process was ended by a signal. */
  readonly code: number | null;
  readonly signal: string | null;
}

export interface RunningProcess {
  readonly output: ReadableStream<OutputChunk>;
  /** Sends text to the process's standard input. */
  writeInput(text: string): void;
  /** Closes the process's standard input (end of file, like Ctrl-D in a shell). */
  closeInput(): void;
  readonly exit: Promise<ExitStatus>;
  kill(): void;
}

export interface SpawnRequest {
  /** The folder the lab's files were mounted in. */
  readonly dir: string;
  /** The file `node` runs, relative to `dir` (the Linux runtime: a C file it compiles, or a program). */
  readonly file: string;
  /** Command-line arguments (the Linux runtime's C programs take their settings there). */
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Record the process's socket events under this name, where the runtime can. */
  readonly trace?: string;
  /**
   * A fault on the wire to arm just before the program starts (Linux in the page: the lab's
   * process asks for it, e.g. the last ACK of its close lost). Runtimes without a wire to aim at
   * ignore it.
   */
  readonly aim?: WireAim;
}

/** What a lab needs from a place that runs Node. */
export interface LabRuntime {
  readonly kind: RuntimeKind;
  /** A short description for the status line, e.g. "Node v20.20.2 on this computer". */
  readonly description: string;
  /** Whether this runtime records socket events (SpawnRequest.trace) for the timeline. */
  readonly tracesSockets: boolean;
  /**
   * How a process's input reaches it: through a pseudo-terminal whose kernel echoes and edits the
   * line, so the page sends keys as they are typed ('pty'); or through a pipe, so the page edits
   * the line and sends it on Enter ('pipe').
   */
  readonly input: 'pty' | 'pipe';
  /** Whose TCP the programs use: an operating system's kernel, or an emulation in JavaScript. */
  readonly tcp: 'kernel' | 'emulated';
  /**
   * Whether the lab's files can be gone between two starts without the page knowing (a machine
   * reset): the page then mounts them before each start (a mount skips files already there).
   */
  readonly mayForgetFiles: boolean;
  /** Writes the lab's files into `dir`, replacing what was there. */
  mount(dir: string, files: readonly LabFile[]): Promise<void>;
  spawn(request: SpawnRequest): Promise<RunningProcess>;
  /** A TCP port the lab's server may listen on in this runtime. */
  reservePort(): Promise<number>;
  /** Ends every process this page started in this runtime. */
  dispose(): void;
}
