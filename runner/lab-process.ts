import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { RunnerLimits } from '../src/runtimes/local/protocol';
import { maxTraceLineBytes } from './limits';
import type { GoMessage } from './prestart/go-message';
import { LAB_MARKER_VARIABLE } from './watchdog/marker';

/** The socket-event recorder loaded into traced processes: the runner's own copy, never a session file. */
export const TRACE_MODULE = path.resolve(__dirname, '../labs/_trace/trace.cjs');

export interface LabProcessEvents {
  output(stream: 'stdout' | 'stderr' | 'notice' | 'trace', text: string): void;
  exit(code: number | null, signal: string | null): void;
}

/** Told when the process's group starts and ends, so that a watchdog can kill it if the runner dies. */
export interface ProcessGroupWatch {
  started(pgid: number): void;
  ended(pgid: number): void;
}

export interface LabProcessOptions {
  readonly cwd: string;
  /** The script, relative to `cwd`. Always passed after `--`, so it is never read as an option. */
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
  /** The program's arguments, after the script (so never read as Node's options). */
  readonly args?: readonly string[];
  readonly limits: Pick<RunnerLimits, 'maxRunMs' | 'maxOutputBytes' | 'maxPendingInputBytes'>;
  readonly events: LabProcessEvents;
  /** Record socket events under this name, on file descriptor 3. */
  readonly trace?: string;
  /** Marks the process and everything it starts (an environment variable), to find them again. */
  readonly marker?: string;
  readonly groupWatch?: ProcessGroupWatch;
  /**
   * The program's process when it is already started: a prestarted Node told to become it
   * (`goMessage`), carrying this process's marker and group watch. Otherwise one is spawned.
   */
  readonly started?: ChildProcess;
}

/** How long a stopped process gets to exit after SIGTERM before it is killed. */
const KILL_GRACE_MS = 1500;

type Stream = 'stdout' | 'stderr' | 'trace';

/**
 * The variables the runner sets on lab processes for its own bookkeeping: the marker by which
 * the watchdog finds a session's processes that left their group, and the trace module's.
 */
export const RUNNER_VARIABLES: readonly string[] = [
  LAB_MARKER_VARIABLE,
  'LAB_TRACE_FD',
  'LAB_TRACE_NAME',
  'LAB_TRACE_MARKER',
];

/**
 * A lab's own variables (its lab.json's `env`, as the page sends them) without the runner's:
 * those hold what the runner sets, or are unset, whatever the lab asks.
 */
export function labVariables(labEnv: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labEnv).filter(([name]) => !RUNNER_VARIABLES.includes(name.toUpperCase())));
}

/**
 * The environment a lab program gets: enough to run Node, plus the lab's own variables.
 * Nothing else of the runner's environment (tokens, keys) is passed on.
 */
export function childEnvironment(labEnv: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'SystemRoot', 'TEMP', 'TMP'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...labVariables(labEnv) };
}

/**
 * What a prestarted Node is told so that it runs the program as `spawnNode` would have, or
 * undefined when it cannot: the lab's environment sets variables that Node or libuv read while
 * starting (NODE_OPTIONS…), and a prestarted process is past that.
 */
export function goMessage({
  cwd,
  file,
  env,
  args = [],
  trace,
}: Pick<LabProcessOptions, 'cwd' | 'file' | 'env' | 'args' | 'trace'>): GoMessage | undefined {
  if (Object.keys(env).some((name) => name.startsWith('NODE_') || name.startsWith('UV_'))) return undefined;
  return { cwd, file, env, args, ...(trace ? { trace: { name: trace, module: TRACE_MODULE } } : {}) };
}

const KiB = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

/** Starts the program in a new Node process: `node [--require trace] -- ./file [args…]`. */
function spawnNode({ cwd, file, env, args: programArgs = [], trace, marker }: LabProcessOptions): ChildProcess {
  const traced = trace ? { LAB_TRACE_FD: '3', LAB_TRACE_NAME: trace } : {};
  const marked = marker ? { [LAB_MARKER_VARIABLE]: marker } : {};
  // "./": after "--" node still reads a bare name that starts with "-" as a module to look up.
  const script = `.${path.sep}${file}`;
  const args = [...(trace ? ['--require', TRACE_MODULE] : []), '--', script, ...programArgs];
  return spawn(process.execPath, args, {
    cwd,
    env: { ...childEnvironment(env), ...traced, ...marked },
    stdio: trace ? ['pipe', 'pipe', 'pipe', 'pipe'] : 'pipe',
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
}

/**
 * One lab program run with the machine's own Node, in its own process group so that
 * stopping it also stops anything it started. Enforces the run-time, output and input caps:
 * every byte it writes to stdout, stderr or its trace pipe counts, newline or not, and the
 * runner never holds more than a bounded amount of its input or of one trace line.
 */
export class LabProcess {
  private readonly child: ChildProcess & { stdin: Writable; stdout: Readable; stderr: Readable };
  private readonly readables: Readable[] = [];
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private traceLine: Buffer[] = [];
  private traceLineBytes = 0;
  private traceLineTooLong = false;
  private outputBytes = 0;
  private silenced = false;
  private exited = false;
  private inputRefused = false;
  private readonly runTimer: NodeJS.Timeout;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LabProcessOptions) {
    const { limits, events, trace } = options;
    this.child = (options.started ?? spawnNode(options)) as ChildProcess & {
      stdin: Writable;
      stdout: Readable;
      stderr: Readable;
    };
    const pgid = this.child.pid;
    if (pgid !== undefined && process.platform !== 'win32') options.groupWatch?.started(pgid);

    const traceStream = trace ? (this.child.stdio[3] as Readable | null) : null;
    const sources: [Stream, Readable | null][] = [
      ['stdout', this.child.stdout],
      ['stderr', this.child.stderr],
      ['trace', traceStream],
    ];
    for (const [stream, readable] of sources) {
      if (!readable) continue;
      this.readables.push(readable);
      readable.on('data', (chunk: Buffer) => this.receive(stream, chunk));
      readable.on('error', () => {
        // The pipe broke with the process; its exit is reported on its own.
      });
    }
    this.child.stdin.on('error', () => {
      // The program exited or closed its input; what was typed has nowhere to go.
    });
    this.child.on('error', (err) => {
      events.output('notice', `could not start node: ${err.message}`);
    });
    this.child.on('exit', () => {
      // Anything the program left behind in its group goes with it.
      this.signalGroup('SIGKILL');
      // Paused pipes would never report their end, and so never the exit: read what is left.
      this.resume();
      if (pgid !== undefined && process.platform !== 'win32') options.groupWatch?.ended(pgid);
    });
    this.child.on('close', (code, signal) => {
      this.exited = true;
      clearTimeout(this.runTimer);
      clearTimeout(this.killTimer);
      events.exit(code, signal);
    });
    this.runTimer = setTimeout(() => {
      this.stopWithNotice(
        `stopped: it ran longer than ${Math.round(limits.maxRunMs / 1000)} s, the local runner's limit for one process`,
      );
    }, limits.maxRunMs);
  }

  /** The operating system's process id (tests, and the watchdog's bookkeeping). */
  get osPid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Passes `text` to the program's standard input, unless the program has left more than the
   * cap unread: then the text is refused with a notice (the runner holds no more for it).
   */
  writeInput(text: string): void {
    if (this.exited || !this.child.stdin.writable) return;
    const max = this.options.limits.maxPendingInputBytes;
    const waiting = this.child.stdin.writableLength;
    if (waiting + Buffer.byteLength(text) > max) {
      if (!this.inputRefused) {
        this.options.events.output(
          'notice',
          `input not delivered: the program has not read the ${KiB(waiting)} it was already sent (the local runner holds at most ${KiB(max)} of unread input)`,
        );
      }
      this.inputRefused = true;
      return;
    }
    this.inputRefused = false;
    this.child.stdin.write(text);
  }

  closeInput(): void {
    if (!this.exited) this.child.stdin.end();
  }

  /** Stops reading the program's output (its pipes fill and it waits) until `resume()`. */
  pause(): void {
    for (const readable of this.readables) readable.pause();
  }

  resume(): void {
    if (this.silenced && !this.exited) return;
    for (const readable of this.readables) readable.resume();
  }

  /** Asks the program to stop (SIGTERM), then kills it if it has not exited soon after. */
  stop(): void {
    if (this.exited) return;
    this.signalGroup('SIGTERM');
    this.killTimer ??= setTimeout(() => this.signalGroup('SIGKILL'), KILL_GRACE_MS);
  }

  /** Ends the program at once (the page went away). */
  kill(): void {
    if (!this.exited) this.signalGroup('SIGKILL');
  }

  /** Ends the program with a notice saying why (a cap of its session was hit). */
  stopWithNotice(message: string): void {
    if (this.exited || this.silenced) return;
    this.silenced = true;
    this.options.events.output('notice', message);
    this.signalGroup('SIGKILL');
  }

  get running(): boolean {
    return !this.exited;
  }

  private receive(stream: Stream, chunk: Buffer): void {
    if (this.silenced) return;
    this.outputBytes += chunk.length;
    const max = this.options.limits.maxOutputBytes;
    if (this.outputBytes > max) {
      this.stopWithNotice(
        `stopped: it printed more than ${KiB(max)}, the local runner's output limit for one process (output, errors and socket events together)`,
      );
      return;
    }
    if (stream === 'trace') this.receiveTrace(chunk);
    else {
      const text = this.decoders[stream].write(chunk);
      if (text) this.options.events.output(stream, text);
    }
  }

  /** Socket events are JSON lines; a line is kept until its newline, up to a bound. */
  private receiveTrace(chunk: Buffer): void {
    let rest = chunk;
    for (let newline = rest.indexOf(10); newline !== -1; newline = rest.indexOf(10)) {
      this.appendTrace(rest.subarray(0, newline));
      if (!this.traceLineTooLong) this.options.events.output('trace', Buffer.concat(this.traceLine).toString('utf8'));
      this.traceLine = [];
      this.traceLineBytes = 0;
      this.traceLineTooLong = false;
      rest = rest.subarray(newline + 1);
    }
    this.appendTrace(rest);
  }

  private appendTrace(part: Buffer): void {
    if (part.length === 0 || this.traceLineTooLong) return;
    if (this.traceLineBytes + part.length > maxTraceLineBytes) {
      this.traceLineTooLong = true;
      this.traceLine = [];
      this.options.events.output('notice', `a socket event longer than ${KiB(maxTraceLineBytes)} was left out`);
      return;
    }
    this.traceLine.push(Buffer.from(part));
    this.traceLineBytes += part.length;
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}
