import { realpath } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ClientMessage, RunnerLimits, ServerMessage } from '../src/runtimes/local/protocol';
import { childEnvironment, goMessage, LabProcess, type ProcessGroupWatch } from './lab-process';
import { diskCheckMs } from './limits';
import { PrestartedNode } from './prestart/prestarted-node';
import { removeTree } from './remove-tree';
import {
  folderBytes,
  PathEscapeError,
  realDirInside,
  realProgramInside,
  removeInside,
  resolveInside,
  writeFileInside,
} from './safe-path';
import { LAB_MARKER_VARIABLE } from './watchdog/marker';
import type { Watchdog } from './watchdog/watchdog';

/** A process's identity in the session: its number for the page, and how the watchdog finds it. */
interface ProcessIdentity {
  readonly pid: number;
  readonly marker?: string;
  readonly watch?: ProcessGroupWatch;
}

/**
 * How long after a program starts the next Node is prestarted, at the latest: it waits for the
 * program's first output (or this long), so that the two do not share the CPU while the learner
 * waits for that output.
 */
const PRESTART_AFTER_RUN_MS = 300;

/** A request the session refuses; the message goes back to the page as is. */
export class SessionError extends Error {
  override name = 'SessionError';
}

/** A free TCP port on loopback, for a lab's server to listen on. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Lab processes running across every session of one runner. */
export class ProcessBudget {
  running = 0;
  constructor(readonly max: number) {}
}

export interface SessionOptions {
  readonly root: string;
  readonly limits: RunnerLimits;
  readonly send: (message: ServerMessage) => void;
  /** Shared by the runner's sessions; defaults to one of the session's own. */
  readonly budget?: ProcessBudget;
  readonly watchdog?: Watchdog;
  /** Marks this session's processes (see watchdog/marker.ts); ends with "/". */
  readonly marker?: string;
}

/** How many lab folders' worth of files one session may hold (a page has a few labs). */
const MAX_LAB_FOLDERS = 8;

const MiB = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

/**
 * Everything one page session owns on this machine: a fresh folder for the lab files and
 * the processes started from it. Every folder it writes, removes or runs in is checked by its
 * real path; `dispose()` kills the processes (their groups, and on Linux whatever they started
 * that left the group) and removes the folder.
 */
export class RunnerSession {
  private readonly processes = new Map<number, LabProcess>();
  private readonly budget: ProcessBudget;
  private nextPid = 1;
  private disposed = false;
  private realRootPromise: Promise<string> | undefined;
  private diskTimer: NodeJS.Timeout | undefined;
  private outputPaused = false;
  /** The folder's size when last measured, plus what the runner wrote since (measured again each diskCheckMs). */
  private disk = { bytes: 0, measuredAt: -Infinity };
  /** Files written into each folder since it was cleared (a lab has at most maxFiles). */
  private readonly filesIn = new Map<string, number>();
  /** The next program's Node, started ahead (one per session, from the first files on). */
  private prestarted: (ProcessIdentity & { readonly node: PrestartedNode }) | undefined;
  private prestartTimer: NodeJS.Timeout | undefined;
  private prestartDue = 0;
  private prestarting = false;

  constructor(private readonly options: SessionOptions) {
    this.budget = options.budget ?? new ProcessBudget(options.limits.maxProcesses);
  }

  get root(): string {
    return this.options.root;
  }

  private get limits(): RunnerLimits {
    return this.options.limits;
  }

  private realRoot(): Promise<string> {
    this.realRootPromise ??= realpath(this.options.root);
    return this.realRootPromise;
  }

  async handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'request':
        try {
          const value = await this.request(message);
          this.options.send({ type: 'response', id: message.id, ok: true, ...(value === undefined ? {} : { value }) });
        } catch (err) {
          // A session that ended meanwhile took its folder with it: that, not a missing file, is why.
          const error = this.disposed ? 'the session has ended' : await this.describe(err);
          this.options.send({ type: 'response', id: message.id, ok: false, error });
        }
        return;
      case 'input':
        this.processes.get(message.pid)?.writeInput(message.text);
        return;
      case 'closeInput':
        this.processes.get(message.pid)?.closeInput();
        return;
      case 'kill':
        this.processes.get(message.pid)?.stop();
        return;
    }
  }

  /**
   * A refusal in the page's words: the session's own refusals as they are; a failure of the file
   * system (ENOENT, EISDIR, ENAMETOOLONG…) with its code and the path inside the session, never
   * the absolute path of the runner's work folder on this machine.
   */
  private async describe(err: unknown): Promise<string> {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof SessionError || err instanceof PathEscapeError) return message;
    const roots = [this.options.root, await this.realRoot().catch(() => this.options.root)];
    let text = message;
    for (const root of roots) text = text.split(`${root}/`).join('').split(root).join('.');
    return `the local runner could not do that: ${text}`;
  }

  /** The page is not reading what it was sent: stop reading the programs' output until it does. */
  pauseOutput(paused: boolean): void {
    if (paused === this.outputPaused) return;
    this.outputPaused = paused;
    for (const proc of this.processes.values()) {
      if (paused) proc.pause();
      else proc.resume();
    }
  }

  private async request(message: Extract<ClientMessage, { type: 'request' }>): Promise<number | undefined> {
    if (this.disposed) throw new SessionError('the session has ended');
    switch (message.op) {
      case 'clear':
        await this.clear(message.dir);
        this.prestartSoon(0);
        return undefined;
      case 'write':
        await this.write(message.dir, message.path, message.base64, message.append === true);
        this.prestartSoon(0);
        return undefined;
      case 'spawn':
        return this.spawn(message.dir, message.file, message.env, message.args ?? [], message.trace);
      case 'reservePort':
        return freeLoopbackPort();
    }
  }

  private async clear(dir: string): Promise<void> {
    const realRoot = await this.realRoot();
    const folder = resolveInside(realRoot, dir);
    if (folder === realRoot) throw new SessionError(`"${dir}" is the session's folder itself, not a lab folder in it`);
    const parent = await realDirInside(realRoot, path.posix.dirname(dir), true);
    const name = path.posix.basename(dir);
    await removeInside(parent, name);
    await realDirInside(realRoot, dir, true);
    this.filesIn.set(this.folderKey(realRoot, dir), 0);
  }

  /** One key per folder however the page spells it ("a", "./a", "a/."): the file cap counts folders. */
  private folderKey(realRoot: string, dir: string): string {
    return path.relative(realRoot, resolveInside(realRoot, dir));
  }

  private async write(dir: string, file: string, base64: string, append: boolean): Promise<void> {
    const { maxSessionDiskBytes } = this.limits;
    const content = Buffer.from(base64, 'base64');
    const realRoot = await this.realRoot();
    resolveInside(realRoot, `${dir}/${file}`);
    if (!append) {
      const key = this.folderKey(realRoot, dir);
      const count = (this.filesIn.get(key) ?? 0) + 1;
      if (count > this.limits.maxFiles) {
        throw new SessionError(`a lab may have at most ${this.limits.maxFiles} files; ${file} would be file ${count}`);
      }
      const total = [...this.filesIn.values()].reduce((sum, n) => sum + n, 1);
      const maxTotal = this.limits.maxFiles * MAX_LAB_FOLDERS;
      if (total > maxTotal) {
        throw new SessionError(
          `this page's labs may hold at most ${maxTotal} files together; clear a lab's folder before writing more`,
        );
      }
      this.filesIn.set(key, count);
    }
    if (Date.now() - this.disk.measuredAt > diskCheckMs) {
      this.disk = { bytes: await folderBytes(realRoot), measuredAt: Date.now() };
    }
    if (this.disk.bytes + content.length > maxSessionDiskBytes) {
      throw new SessionError(
        `${file} does not fit: this session's folder would pass ${MiB(maxSessionDiskBytes)}, the local runner's disk limit for one session`,
      );
    }
    const folder = await realDirInside(realRoot, path.posix.join(dir, path.posix.dirname(file)), true);
    await writeFileInside(realRoot, folder, path.posix.basename(file), content, {
      append,
      maxBytes: this.limits.maxFileBytes,
      tooLarge: () =>
        new SessionError(
          `${file} is larger than ${Math.round(this.limits.maxFileBytes / 1024)} KiB, the limit for one lab file`,
        ),
    });
    this.disk.bytes += content.length;
  }

  private async spawn(
    dir: string,
    file: string,
    env: Readonly<Record<string, string>>,
    args: readonly string[],
    trace: string | undefined,
  ): Promise<number> {
    const running = [...this.processes.values()].filter((p) => p.running).length;
    if (running >= this.limits.maxProcesses) {
      throw new SessionError(
        `${running} processes are already running, the most the local runner allows at once; stop one first`,
      );
    }
    if (this.budget.running >= this.budget.max) {
      throw new SessionError(
        `${this.budget.running} lab processes are running across all open labs, the most the local runner allows; stop one or close another lab's page`,
      );
    }
    const realRoot = await this.realRoot();
    const { cwd, script } = await realProgramInside(realRoot, dir, file);
    if (!script) throw new SessionError(`${file} does not exist in the lab's folder`);
    // The page may have gone while we looked: a process started now would have no one to stop it.
    if (this.disposed) throw new SessionError('the session has ended');

    const relative = path.relative(cwd, script);
    const prestarted = this.takePrestarted();
    const go = prestarted && goMessage({ cwd, file: relative, env, args, ...(trace ? { trace } : {}) });
    const started = go && prestarted.node.start(go);
    if (prestarted && !started) prestarted.node.discard();
    const { pid, marker, watch } = started ? prestarted : this.newIdentity();
    this.budget.running++;
    const proc = new LabProcess({
      cwd,
      file: relative,
      env,
      args,
      ...(trace ? { trace } : {}),
      ...(marker ? { marker } : {}),
      ...(watch ? { groupWatch: watch } : {}),
      ...(started ? { started } : {}),
      limits: this.limits,
      events: {
        output: (stream, text) => {
          this.options.send({ type: 'output', pid, stream, text });
          this.prestartSoon(0); // it has started: the next one may now
        },
        exit: (code, signal) => {
          this.budget.running--;
          this.processes.delete(pid);
          if (this.processes.size === 0) this.stopDiskChecks();
          this.options.send({ type: 'exit', pid, code, signal });
        },
      },
    });
    if (this.outputPaused) proc.pause();
    this.processes.set(pid, proc);
    this.startDiskChecks();
    this.prestartSoon(PRESTART_AFTER_RUN_MS);
    return pid;
  }

  private newIdentity(): ProcessIdentity {
    const pid = this.nextPid++;
    const marker = this.options.marker ? `${this.options.marker}${pid}/` : undefined;
    const watch = marker ? this.options.watchdog?.watchGroup(marker) : undefined;
    return { pid, ...(marker ? { marker } : {}), ...(watch ? { watch } : {}) };
  }

  /** The prestarted Node if it is still waiting; one that died is let go. */
  private takePrestarted(): (ProcessIdentity & { readonly node: PrestartedNode }) | undefined {
    const prestarted = this.prestarted;
    this.prestarted = undefined;
    if (prestarted?.node.ready) return prestarted;
    prestarted?.node.discard();
    return undefined;
  }

  /** Starts the next program's Node after `delayMs` (or sooner if already due), unless one is waiting. */
  private prestartSoon(delayMs: number): void {
    // Windows passes extra pipes differently; its programs are started the usual way.
    if (process.platform === 'win32' || this.disposed || this.prestarted?.node.ready) return;
    const due = Date.now() + delayMs;
    if (this.prestartTimer && this.prestartDue <= due) return;
    clearTimeout(this.prestartTimer);
    this.prestartDue = due;
    this.prestartTimer = setTimeout(() => {
      this.prestartTimer = undefined;
      void this.prestart();
    }, delayMs);
    this.prestartTimer.unref();
  }

  private async prestart(): Promise<void> {
    if (this.prestarting) return;
    this.prestarting = true;
    try {
      const root = await this.realRoot();
      if (this.disposed || this.prestarted?.node.ready) return;
      this.prestarted?.node.discard();
      const identity = this.newIdentity();
      const env = { ...childEnvironment({}), ...(identity.marker ? { [LAB_MARKER_VARIABLE]: identity.marker } : {}) };
      const node = new PrestartedNode({ cwd: root, env, ...(identity.watch ? { groupWatch: identity.watch } : {}) });
      this.prestarted = { ...identity, node };
    } catch {
      // Without it the next program starts the usual way.
    } finally {
      this.prestarting = false;
    }
  }

  /** While programs run, the folder is measured; past the cap, they are stopped with a message. */
  private startDiskChecks(): void {
    if (this.diskTimer) return;
    let measuring = false;
    this.diskTimer = setInterval(() => {
      if (measuring) return;
      measuring = true;
      void this.realRoot()
        .then((root) => folderBytes(root))
        .then((bytes) => {
          this.disk = { bytes, measuredAt: Date.now() };
          const max = this.limits.maxSessionDiskBytes;
          if (bytes <= max) return;
          for (const proc of this.processes.values()) {
            proc.stopWithNotice(
              `stopped: this session's files passed ${MiB(max)}, the local runner's disk limit for one session`,
            );
          }
        })
        .catch(() => {})
        .finally(() => (measuring = false));
    }, diskCheckMs);
    this.diskTimer.unref();
  }

  private stopDiskChecks(): void {
    clearInterval(this.diskTimer);
    this.diskTimer = undefined;
  }

  /** Kills every process of the session and removes its folder; says whether the folder is gone. */
  async dispose(): Promise<boolean> {
    if (this.disposed) return true;
    this.disposed = true;
    this.stopDiskChecks();
    clearTimeout(this.prestartTimer);
    this.prestarted?.node.discard();
    this.prestarted = undefined;
    for (const proc of this.processes.values()) proc.kill();
    this.processes.clear();
    if (this.options.marker) this.options.watchdog?.sweep(this.options.marker);
    // Never throws: a folder a lab program made read-only must not end the runner.
    return removeTree(this.options.root);
  }
}
