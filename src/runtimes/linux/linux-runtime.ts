import type { LabFile } from '../../labs/types';
import type { ExitStatus, LabRuntime, RunningProcess, SpawnRequest } from '../runtime';
import { GuestAgent, type GuestExit } from './guest-agent';
import { signalName, signalNumber } from './guest-protocol';
import { TcpStateTracker, type KernelEvent } from './kernel-events';
import { maxOutputBytes, TerminalOutput } from './terminal-output';
import { terminalPorts, type V86Machine } from './v86-machine';

/** Where a lab folder lives in the guest. */
export const guestDir = (dir: string): string => `/root/${dir.replace(/^\/+/, '').replace(/\/+$/, '') || 'lab'}`;

/** The compiler call for a lab's C file: tcc, all warnings, the binary beside the source. */
export const compileCommand = (file: string): string[] => ['tcc', '-Wall', '-o', binaryOf(file), file];
const binaryOf = (file: string): string => file.replace(/\.c$/, '');

/** How often the agent samples /proc/net/tcp while someone listens for kernel events. */
const tcpSamplePeriodMs = 20;

type Terminal = (typeof terminalPorts)[number];

/**
 * The lab runtime on a real Linux kernel in v86: files go into the guest through the agent, a C
 * file is compiled there with tcc, and each process runs with one of the guest's serial ports as
 * its controlling terminal (so Ctrl-C, end of input and the terminal echo are the kernel's).
 */
export class LinuxRuntime implements LabRuntime {
  readonly kind = 'linux' as const;
  readonly description = 'Linux 6.1 in your browser, emulated x86 (v86)';
  readonly tracesSockets = false;
  private readonly agent: GuestAgent;
  private readonly free = new Set<Terminal>(terminalPorts);
  private readonly running = new Set<{ stop(reason: string): void }>();
  private readonly kernelListeners = new Set<(event: KernelEvent) => void>();
  private readonly tracker = new TcpStateTracker();
  private stopKernelFeed: (() => void) | null = null;
  private nextPort = 5000;
  /** Guest path → the content the agent wrote there (mount skips files that are already so). */
  private readonly written = new Map<string, string>();
  /** C file's guest path → the content its binary was compiled from (an unchanged file is not compiled again). */
  private readonly compiled = new Map<string, string>();

  constructor(
    private readonly machine: V86Machine,
    /** The saved state `reset()` goes back to. */
    private readonly savedState: ArrayBuffer,
    private readonly limits: { readonly maxOutputBytes: number } = { maxOutputBytes },
  ) {
    this.agent = new GuestAgent(machine);
  }

  /** Waits until the guest agent answers (after start or reset). */
  ready(): Promise<void> {
    return this.agent.hello();
  }

  async mount(dir: string, files: readonly LabFile[]): Promise<void> {
    const root = guestDir(dir);
    for (const file of files) {
      const path = `${root}/${file.path}`;
      if (this.written.get(path) === file.content) continue; // already there, as it is
      this.written.delete(path);
      await this.agent.writeFile(path, file.content);
      this.written.set(path, file.content);
    }
  }

  reservePort(): Promise<number> {
    return Promise.resolve(this.nextPort++);
  }

  async spawn(request: SpawnRequest): Promise<RunningProcess> {
    const tty = this.takeTerminal();
    const dir = guestDir(request.dir);
    let pid: number | null = null;
    let killed = false;
    const killGroup = () => {
      killed = true;
      if (pid !== null) void this.agent.signal(pid, signalNumber('SIGKILL')).catch(() => {});
    };
    const limit = this.limits.maxOutputBytes;
    const out = new TerminalOutput(() => {
      out.notice(`stopped: it printed more than ${Math.round(limit / 1024)} KiB`);
      killGroup();
    }, limit);
    const unsubscribe = this.machine.onOutput(tty, (byte) => out.byte(byte));
    let stopped: ((status: ExitStatus) => void) | null = null;
    const stoppedByReset = new Promise<ExitStatus>((resolve) => (stopped = resolve));
    const handle = {
      stop: (reason: string) => {
        out.notice(reason);
        stopped?.({ code: null, signal: 'SIGKILL' });
      },
    };
    this.running.add(handle);

    const run = async (argv: readonly string[]): Promise<GuestExit | ExitStatus> => {
      if (killed) return { code: null, signal: 'SIGKILL' };
      out.notice(`$ ${argv.join(' ')}`);
      const proc = await this.agent.spawn(tty, dir, argv);
      pid = proc.pid;
      if (killed) killGroup(); // Stop was pressed while it was being started
      return Promise.race([proc.exit, stoppedByReset]);
    };
    const toStatus = (exit: GuestExit | ExitStatus): ExitStatus =>
      typeof exit.signal === 'number' ? { code: exit.code, signal: signalName(exit.signal) } : (exit as ExitStatus);

    const program = async (): Promise<ExitStatus> => {
      const args = request.args ?? [];
      const envArgs = Object.entries(request.env).map(([k, v]) => `${k}=${v}`);
      const pathOf = (file: string) => (file.startsWith('/') ? file : `./${file}`);
      let argv = [pathOf(request.file), ...args];
      if (request.file.endsWith('.c')) {
        const source = `${dir}/${request.file}`;
        const content = this.written.get(source);
        if (content !== undefined && this.compiled.get(source) === content) {
          out.notice(`${request.file} is unchanged since tcc compiled it: running that binary`);
        } else {
          this.compiled.delete(source);
          const compiled = toStatus(await run(compileCommand(request.file)));
          if (compiled.code !== 0) {
            if (compiled.signal !== 'SIGKILL') out.notice('tcc failed: the program was not run');
            return compiled;
          }
          if (content !== undefined) this.compiled.set(source, content);
        }
        argv = [pathOf(binaryOf(request.file)), ...args];
      }
      return toStatus(await run(envArgs.length > 0 ? ['env', ...envArgs, ...argv] : argv));
    };

    const exit = program().finally(() => {
      out.close();
      unsubscribe();
      this.running.delete(handle);
      this.free.add(tty);
    });
    return {
      output: out.stream,
      exit,
      writeInput: (text) => this.machine.send(tty, new TextEncoder().encode(text)),
      closeInput: () => this.machine.send(tty, new Uint8Array([4])),
      kill: killGroup,
    };
  }

  /**
   * Compiles a throwaway program that includes the headers the course's C programs use. v86
   * translates guest code to WebAssembly as it runs it, so the learner's first compile after this
   * is faster. Call it right after start or reset, while the learner reads.
   */
  async warmUp(): Promise<void> {
    const tty = this.takeTerminal();
    try {
      const source = ['demo.h', 'signal.h', 'sys/select.h', 'netinet/tcp.h'].map((h) => `#include <${h}>\n`).join('');
      await this.agent.writeFile('/tmp/warm-up.c', `${source}int main(void) { return 0; }\n`);
      const proc = await this.agent.spawn(tty, '/tmp', ['tcc', '-Wall', '-o', '/tmp/warm-up', '/tmp/warm-up.c']);
      await proc.exit;
    } finally {
      this.free.add(tty);
    }
  }

  private takeTerminal(): Terminal {
    for (const tty of this.free) {
      this.free.delete(tty);
      return tty;
    }
    throw new Error(`at most ${terminalPorts.length} programs can run at once in this machine`);
  }

  /** Segments on loopback and socket-state changes, as the kernel shows them. */
  onKernelEvent(listener: (event: KernelEvent) => void): () => void {
    this.kernelListeners.add(listener);
    if (!this.stopKernelFeed) this.startKernelFeed();
    return () => {
      this.kernelListeners.delete(listener);
      if (this.kernelListeners.size === 0 && this.stopKernelFeed) {
        this.stopKernelFeed();
        this.stopKernelFeed = null;
      }
    };
  }

  private startKernelFeed(): void {
    const off = this.agent.onKernelEvent((event) => {
      const events = event.kind === 'segment' ? [event] : this.tracker.update(event);
      for (const e of events) for (const listener of this.kernelListeners) listener(e);
    });
    void this.agent.watch(tcpSamplePeriodMs).catch(() => {});
    this.stopKernelFeed = () => {
      off();
      void this.agent.watch(0).catch(() => {});
    };
  }

  /** The sockets of the last /proc/net/tcp sample. */
  tcpSockets() {
    return this.tracker.current();
  }

  /** Puts the machine back to its saved state: every process is gone, the guest is clean. */
  async reset(): Promise<void> {
    for (const handle of [...this.running]) handle.stop('the machine was reset');
    this.agent.forget('the machine was reset');
    this.tracker.reset();
    this.written.clear();
    this.compiled.clear();
    await this.machine.restore(this.savedState);
    await this.agent.hello();
    if (this.stopKernelFeed) await this.agent.watch(tcpSamplePeriodMs);
  }

  dispose(): void {
    for (const handle of [...this.running]) handle.stop('the machine was closed');
    this.agent.dispose();
    void this.machine.destroy();
  }
}
