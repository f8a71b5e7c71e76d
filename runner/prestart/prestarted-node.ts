import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { labVariables, type ProcessGroupWatch } from '../lab-process';
import type { GoMessage } from './go-message';

const STARTER = path.join(__dirname, 'starter.cjs');

export type { GoMessage } from './go-message';

export interface PrestartOptions {
  /** Where it waits (the session's folder); it moves to the lab's folder when told to go. */
  readonly cwd: string;
  /**
   * Its environment from the start: everything but the lab's own variables, which come with go
   * (without the runner's own, see labVariables).
   */
  readonly env: NodeJS.ProcessEnv;
  readonly groupWatch?: ProcessGroupWatch;
}

/**
 * A lab program's Node process, started before the learner presses Run: Node's own start-up
 * (about 30 ms of CPU, more while the page is busy drawing) is then already done when the
 * program is asked for. It waits in a blocking read (starter.cjs) and costs no CPU until
 * `start()` hands it the program; until then it can be `discard()`ed.
 *
 * Its standard streams and trace pipe are the program's: the same pipes a direct start gives.
 */
export class PrestartedNode {
  private readonly child: ChildProcess;
  private taken = false;
  private failed = false;

  constructor(private readonly options: PrestartOptions) {
    this.child = spawn(process.execPath, [STARTER], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.child.on('error', () => (this.failed = true));
    this.child.on('exit', () => {
      if (this.taken) return;
      // It ended before it was used (killed from outside): let nothing of it linger.
      this.failed = true;
      this.closePipes();
      this.groupEnded();
    });
    const pgid = this.child.pid;
    if (pgid !== undefined && process.platform !== 'win32') options.groupWatch?.started(pgid);
  }

  /** Alive and waiting: `start()` would succeed. */
  get ready(): boolean {
    return !this.taken && !this.failed && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Hands it the program; returns its process (stdin, stdout, stderr, and the trace pipe on
   * stdio[3] when traced), or undefined if it can no longer be used (start the program directly).
   */
  start(go: GoMessage): ChildProcess | undefined {
    if (!this.ready) return undefined;
    const goPipe = this.child.stdio[4] as Writable | null;
    if (!goPipe?.writable) return undefined;
    this.taken = true;
    goPipe.on('error', () => {
      // It died while being told; its exit is reported by whoever took it.
    });
    // It was started with the runner's marker: the lab's variables join its environment, never replace that.
    goPipe.end(JSON.stringify({ ...go, env: labVariables(go.env) }), () => goPipe.destroy());
    // A lab program may have stopped it (SIGSTOP, same user): it would never read the message.
    const pid = this.child.pid;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Gone: its exit is reported by whoever took it.
      }
    }
    // An untraced program has no trace pipe: the starter closes its end, this side goes too.
    if (!go.trace) (this.child.stdio[3] as Writable | null)?.destroy();
    return this.child;
  }

  /** Ends it unused (the session ends, or it was never needed). */
  discard(): void {
    if (this.taken) return;
    this.taken = true;
    const pid = this.child.pid;
    if (pid !== undefined) {
      try {
        if (process.platform === 'win32') this.child.kill('SIGKILL');
        else process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.closePipes();
    this.child.once('exit', () => this.groupEnded());
    if (this.child.exitCode !== null || this.child.signalCode !== null) this.groupEnded();
  }

  private closePipes(): void {
    for (const stream of this.child.stdio) stream?.destroy();
  }

  private ended = false;
  private groupEnded(): void {
    if (this.ended) return;
    this.ended = true;
    const pgid = this.child.pid;
    if (pgid !== undefined && process.platform !== 'win32') this.options.groupWatch?.ended(pgid);
  }
}
