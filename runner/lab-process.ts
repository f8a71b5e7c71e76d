import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RunnerLimits } from '../src/runtimes/local/protocol';

/** The socket-event recorder loaded into traced processes: the runner's own copy, never a session file. */
export const TRACE_MODULE = path.resolve(__dirname, '../labs/_trace/trace.cjs');

export interface LabProcessEvents {
  output(stream: 'stdout' | 'stderr' | 'notice' | 'trace', text: string): void;
  exit(code: number | null, signal: string | null): void;
}

export interface LabProcessOptions {
  readonly cwd: string;
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
  readonly limits: RunnerLimits;
  readonly events: LabProcessEvents;
  /** Record socket events under this name, on file descriptor 3. */
  readonly trace?: string;
}

/** How long a stopped process gets to exit after SIGTERM before it is killed. */
const KILL_GRACE_MS = 1500;

/**
 * The environment a lab program gets: enough to run Node, plus the lab's own variables.
 * Nothing else of the runner's environment (tokens, keys) is passed on.
 */
function childEnvironment(labEnv: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'SystemRoot', 'TEMP', 'TMP'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...labEnv };
}

/**
 * One lab program run with the machine's own Node, in its own process group so that
 * stopping it also stops anything it started. Enforces the run-time and output caps.
 */
export class LabProcess {
  private readonly child: ChildProcess & { stdin: Writable; stdout: Readable; stderr: Readable };
  private outputBytes = 0;
  private silenced = false;
  private exited = false;
  private readonly runTimer: NodeJS.Timeout;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LabProcessOptions) {
    const { cwd, file, env, limits, events, trace } = options;
    const traced = trace ? { LAB_TRACE_FD: '3', LAB_TRACE_NAME: trace } : {};
    this.child = spawn(process.execPath, trace ? ['--require', TRACE_MODULE, file] : [file], {
      cwd,
      env: { ...childEnvironment(env), ...traced },
      stdio: trace ? ['pipe', 'pipe', 'pipe', 'pipe'] : 'pipe',
      detached: process.platform !== 'win32',
      windowsHide: true,
    }) as ChildProcess & { stdin: Writable; stdout: Readable; stderr: Readable };
    const traceStream = trace ? (this.child.stdio[3] as Readable | null) : null;
    if (traceStream) {
      // Socket events count toward the output cap like anything else the program produces.
      createInterface({ input: traceStream }).on('line', (line) => this.forward('trace', line));
    }
    this.child.stdin.on('error', () => {
      // The program exited or closed its input; what was typed has nowhere to go.
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      this.child[stream].setEncoding('utf8');
      this.child[stream].on('data', (text: string) => this.forward(stream, text));
    }
    this.child.on('error', (err) => {
      events.output('notice', `could not start node: ${err.message}`);
    });
    this.child.on('exit', () => {
      // Anything the program left behind in its group goes with it.
      this.signalGroup('SIGKILL');
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

  writeInput(text: string): void {
    if (!this.exited && this.child.stdin.writable) this.child.stdin.write(text);
  }

  closeInput(): void {
    if (!this.exited) this.child.stdin.end();
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

  get running(): boolean {
    return !this.exited;
  }

  private forward(stream: 'stdout' | 'stderr' | 'trace', text: string): void {
    if (this.silenced) return;
    this.outputBytes += Buffer.byteLength(text);
    const max = this.options.limits.maxOutputBytes;
    if (this.outputBytes > max) {
      this.stopWithNotice(
        `stopped: it printed more than ${Math.round(max / 1024)} KiB, the local runner's output limit for one process`,
      );
      return;
    }
    this.options.events.output(stream, text);
  }

  private stopWithNotice(message: string): void {
    if (this.exited || this.silenced) return;
    this.silenced = true;
    this.options.events.output('notice', message);
    this.signalGroup('SIGKILL');
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
