import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { RunnerLimits } from '../src/runtimes/local/protocol';

export interface LabProcessEvents {
  output(stream: 'stdout' | 'stderr' | 'notice', text: string): void;
  exit(code: number | null, signal: string | null): void;
}

export interface LabProcessOptions {
  readonly cwd: string;
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
  readonly limits: RunnerLimits;
  readonly events: LabProcessEvents;
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
  private readonly child: ChildProcessWithoutNullStreams;
  private outputBytes = 0;
  private silenced = false;
  private exited = false;
  private readonly runTimer: NodeJS.Timeout;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LabProcessOptions) {
    const { cwd, file, env, limits, events } = options;
    this.child = spawn(process.execPath, [file], {
      cwd,
      env: childEnvironment(env),
      stdio: 'pipe',
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
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

  private forward(stream: 'stdout' | 'stderr', text: string): void {
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
