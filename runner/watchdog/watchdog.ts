import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Socket } from 'node:net';
import type { ProcessGroupWatch } from '../lab-process';
import { LAB_MARKER_VARIABLE } from './marker';

const SUPERVISOR = path.join(__dirname, 'supervisor.cjs');

/**
 * The runner's side of the watchdog (supervisor.cjs): a process of its own, in its own
 * session, holding the read end of a pipe that only the runner writes to. If the runner dies
 * in any way, the pipe ends and the supervisor kills every lab process and removes the work
 * folder. While the runner lives, it also finds lab descendants that left their process group.
 */
export class Watchdog {
  private readonly child: ChildProcess;
  private readonly pipe: Socket;

  constructor(runnerId: string, workRoot: string) {
    this.child = spawn(process.execPath, [SUPERVISOR, LAB_MARKER_VARIABLE, runnerId, workRoot], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      windowsHide: true,
    });
    this.child.on('error', () => {
      // Without it the runner still stops its processes itself; only a crash would leave them.
    });
    this.pipe = this.child.stdin as Socket;
    this.pipe.on('error', () => {});
    // Neither keeps the runner alive.
    this.child.unref();
    this.pipe.unref();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** A group watch for one process; its descendants outside the group are found by `marker`. */
  watchGroup(marker: string): ProcessGroupWatch {
    return {
      started: (pgid) => this.send(`group ${pgid}`),
      ended: (pgid) => {
        this.send(`ungroup ${pgid}`);
        this.sweep(marker);
      },
    };
  }

  /** Kills every process whose marker starts with `prefix` (Linux). */
  sweep(prefix: string): void {
    this.send(`sweep ${prefix}`);
  }

  /** The runner stops on purpose: the supervisor sweeps once more, then exits. */
  close(): void {
    this.pipe.end();
  }

  private send(line: string): void {
    if (this.pipe.writable) this.pipe.write(`${line}\n`);
  }
}
