import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ClientMessage, FileEntry, RunnerLimits, ServerMessage } from '../src/runtimes/local/protocol';
import { LabProcess } from './lab-process';
import { resolveInside } from './safe-path';

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

/**
 * Everything one page session owns on this machine: a fresh folder for the lab files and
 * the processes started from it. `dispose()` kills them all and removes the folder.
 */
export class RunnerSession {
  private readonly processes = new Map<number, LabProcess>();
  private nextPid = 1;
  private disposed = false;

  constructor(
    readonly root: string,
    private readonly limits: RunnerLimits,
    private readonly send: (message: ServerMessage) => void,
  ) {}

  async handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'request':
        try {
          const value = await this.request(message);
          this.send({ type: 'response', id: message.id, ok: true, ...(value === undefined ? {} : { value }) });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          this.send({ type: 'response', id: message.id, ok: false, error });
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

  private async request(message: Extract<ClientMessage, { type: 'request' }>): Promise<number | undefined> {
    if (this.disposed) throw new SessionError('the session has ended');
    switch (message.op) {
      case 'mount':
        await this.mount(message.dir, message.files);
        return undefined;
      case 'spawn':
        return this.spawn(message.dir, message.file, message.env, message.trace);
      case 'reservePort':
        return freeLoopbackPort();
    }
  }

  private async mount(dir: string, files: readonly FileEntry[]): Promise<void> {
    const { maxFiles, maxFileBytes } = this.limits;
    if (files.length > maxFiles) {
      throw new SessionError(`a lab may have at most ${maxFiles} files; this one has ${files.length}`);
    }
    const target = resolveInside(this.root, dir);
    const resolved = files.map((file) => {
      if (Buffer.byteLength(file.content) > maxFileBytes) {
        throw new SessionError(
          `${file.path} is larger than ${Math.round(maxFileBytes / 1024)} KiB, the limit for one lab file`,
        );
      }
      return { target: resolveInside(target, file.path), content: file.content };
    });
    await rm(target, { recursive: true, force: true });
    for (const file of resolved) {
      await mkdir(path.dirname(file.target), { recursive: true });
      await writeFile(file.target, file.content);
    }
  }

  private async spawn(
    dir: string,
    file: string,
    env: Readonly<Record<string, string>>,
    trace: string | undefined,
  ): Promise<number> {
    const running = [...this.processes.values()].filter((p) => p.running).length;
    if (running >= this.limits.maxProcesses) {
      throw new SessionError(
        `${running} processes are already running, the most the local runner allows at once; stop one first`,
      );
    }
    const cwd = resolveInside(this.root, dir);
    const script = resolveInside(cwd, file);
    const isFile = await stat(script).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) throw new SessionError(`${file} does not exist in the lab's folder`);
    // The page may have gone while we looked: a process started now would have no one to stop it.
    if (this.disposed) throw new SessionError('the session has ended');

    const pid = this.nextPid++;
    const proc = new LabProcess({
      cwd,
      file: path.relative(cwd, script),
      env,
      ...(trace ? { trace } : {}),
      limits: this.limits,
      events: {
        output: (stream, text) => this.send({ type: 'output', pid, stream, text }),
        exit: (code, signal) => {
          this.processes.delete(pid);
          this.send({ type: 'exit', pid, code, signal });
        },
      },
    });
    this.processes.set(pid, proc);
    return pid;
  }

  /** Kills every process of the session and removes its folder. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const proc of this.processes.values()) proc.kill();
    this.processes.clear();
    await rm(this.root, { recursive: true, force: true });
  }
}
