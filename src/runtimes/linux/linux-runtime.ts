import type { LabFile } from '../../labs/types';
import type { ExitStatus, LabRuntime, RunningProcess, SpawnRequest } from '../runtime';
import { GuestAgent, type GuestExit, type GuestLimitEvent, type GuestProcess } from './guest-agent';
import { signalName, signalNumber, type GuestLimits } from './guest-protocol';
import { Listeners } from '../listeners';
import { TcpStateTracker, type KernelEvent, type LostSegment, type Retransmission } from './kernel-events';
import {
  describeAim,
  isFaultFree,
  noFault,
  sameAim,
  type WireAim,
  type WireFault,
  type WireFaults,
} from './wire-faults';
import { maxOutputBytes, TerminalOutput } from './terminal-output';
import { sha256Hex } from './sha256';
import { WorkLane } from './work-lane';
import { terminalPorts, type Machine } from './v86-machine';

/** Where a lab folder lives in the guest: under /lab, a tmpfs of its own with a size. */
export const guestDir = (dir: string): string => {
  const inside = dir.replace(/^\/+/, '').replace(/\/+$/, '');
  return inside ? `/lab/${inside}` : '/lab';
};

/** The compiler's flags for a lab's C file (tcc, all warnings); the binary goes beside the source. */
export const compileFlags = ['-Wall'] as const;

/** The compiler call for a lab's C file, as its terminal shows it. */
export const compileCommand = (file: string): string[] => ['tcc', ...compileFlags, '-o', binaryOf(file), file];
/** A lab file the saved state holds as it ships (see the image manifest's labFiles). */
export interface PlacedLabFile {
  readonly path: string;
  readonly sha256: string;
}

export const binaryOf = (file: string): string => file.replace(/\.c$/, '');

/** How often the agent samples /proc/net/tcp while someone listens for kernel events. */
const tcpSamplePeriodMs = 20;

/** The guest's writable disks (tmpfs, mounted by the image's init) and their sizes. */
export const guestDiskBytes: Readonly<Record<'/lab' | '/tmp', number>> = {
  '/lab': 16 * 1024 * 1024,
  '/tmp': 8 * 1024 * 1024,
};

/**
 * What a lab's programs may use in the guest (the agent sets them before exec, as the lab user).
 * The guest has 128 MB and the disks above. Each
 * terminal's programs together hold at most `terminalMemoryBytes` (a memory cgroup per terminal),
 * so one runaway program cannot take the memory of the others or of the guest.
 */
export const defaultGuestLimits: GuestLimits = {
  processes: 64,
  fileBytes: 8 * 1024 * 1024,
  cpuSeconds: 120,
  memoryBytes: 96 * 1024 * 1024,
  terminalMemoryBytes: 32 * 1024 * 1024,
};

export interface LinuxRuntimeLimits {
  /** Most bytes a process may print before it is stopped. */
  readonly maxOutputBytes: number;
  readonly guest?: GuestLimits;
}

type Terminal = (typeof terminalPorts)[number];

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

/** A point on the page's performance timeline (the bench reads them to split where time goes). */
const mark = (name: string) => globalThis.performance?.mark?.(name);

/** What the terminal says when the kernel ended a program for a limit it set. */
function limitNotice(signal: string | null, limits: GuestLimits): string | null {
  if (signal === 'SIGXCPU') {
    return `it used ${limits.cpuSeconds} s of processor time, the most a lab program may (RLIMIT_CPU): a loop that never ends?`;
  }
  if (signal === 'SIGXFSZ') {
    return `it wrote past ${mib(limits.fileBytes)} in one file, the most a lab program may (RLIMIT_FSIZE)`;
  }
  return null;
}

/**
 * The lab runtime on a real Linux kernel in v86: files go into the guest through the agent, a C
 * file is compiled there with tcc (or its earlier binary reused: the agent's compile cache), and
 * each process runs as the unprivileged user of its terminal, with limits. Its stdin is a
 * pseudo-terminal of its own, its controlling terminal (so Ctrl-C, end of input, line editing and
 * the echo are the kernel's); what the learner types goes there through the agent, and its echo
 * comes back apart ("@echo"). Its stdout and stderr are one of the guest's serial ports, which
 * carries what the program wrote and nothing else: that is what a run is compared on.
 */
export class LinuxRuntime implements LabRuntime, WireFaults {
  readonly kind = 'linux' as const;
  readonly description = 'Linux 6.1 in your browser, emulated x86 (v86)';
  readonly tracesSockets = false;
  readonly input = 'pty' as const;
  readonly tcp = 'kernel' as const;
  /** A reset restores the saved state: the lab's edited files are gone. */
  readonly mayForgetFiles = true;
  private readonly agent: GuestAgent;
  private readonly free = new Set<Terminal>(terminalPorts);
  private readonly running = new Set<{ stop(reason: string): void }>();
  /** The terminal of each running guest process (by pid), for the agent's limit reports. */
  private readonly terminals = new Map<number, TerminalOutput>();
  /** The terminal of each serial port in use (by port), for what the agent reports by port. */
  private readonly portTerminals = new Map<Terminal, TerminalOutput>();
  /** Programs whose terminal already said the OOM killer ended them. */
  private readonly oomNoticed = new WeakSet<TerminalOutput>();
  private readonly kernelListeners = new Listeners<[KernelEvent]>();
  /** What happens to segments on loopback now (the agent's netem); a reset takes it away. */
  private fault: WireFault = noFault;
  private readonly faultListeners = new Listeners<[WireFault]>();
  private readonly retransmitListeners = new Listeners<[Retransmission]>();
  private readonly lostListeners = new Listeners<[LostSegment]>();
  private readonly tracker = new TcpStateTracker();
  private stopKernelFeed: (() => void) | null = null;
  /** Lab ports start here: far from the 5000 ms delays the labs pass as arguments, so the two never read alike. */
  private nextPort = 7000;
  /** Guest path → the content the agent wrote there (mount skips files that are already so). */
  private readonly written = new Map<string, string>();
  /** Guest paths written (or being written) since the last restore: the saved state's copy is gone. */
  private readonly touched = new Set<string>();
  /** Guest path → SHA-256 of the lab file the saved state already holds there. */
  private readonly placed: ReadonlyMap<string, string>;
  /** Whether a lab program has run since the last restore (it could have changed the placed files). */
  private programRan = false;
  /** The agent's work, one step at a time: the learner's (a Start) before the page's own (the precompile). */
  private readonly lane = new WorkLane();
  /** Goes up at each restore: background work queued for the machine before it is dropped. */
  private generation = 0;
  /** Ends the hold on background work that the last mount() set (see mount). */
  private releaseHold: (() => void) | null = null;
  private readonly guestLimits: GuestLimits;

  constructor(
    /** The running machine; `reset()` puts it back to the saved state it started from. */
    private readonly machine: Machine,
    private readonly limits: LinuxRuntimeLimits = { maxOutputBytes },
    /** The C labs' files as they ship, placed in the saved state (the image manifest's labFiles). */
    labFiles: readonly PlacedLabFile[] = [],
  ) {
    this.placed = new Map(labFiles.map((file) => [file.path, file.sha256]));
    this.agent = new GuestAgent(machine);
    this.guestLimits = limits.guest ?? defaultGuestLimits;
    this.agent.onLimit((event) => this.limitReached(event));
    this.agent.onEcho((port, bytes) => this.portTerminals.get(port as Terminal)?.echo(bytes));
    this.agent.onWireEvent((event) => {
      if (event.kind === 'retransmit') this.retransmitListeners.emit(event);
      else if (event.kind === 'lost') this.lostListeners.emit(event);
      else if (this.fault.aim) this.faultChanged({ lossPercent: this.fault.lossPercent, delayMs: this.fault.delayMs });
    });
  }

  /** Waits until the guest agent answers (after start or reset) and gives it the lab's limits. */
  async ready(): Promise<void> {
    await this.agent.hello();
    await this.agent.setLimits(this.guestLimits);
  }

  async mount(dir: string, files: readonly LabFile[]): Promise<void> {
    mark('linux:mount');
    // A Start writes the files, then compiles: nothing of the page's own work in between.
    this.releaseHold?.();
    this.releaseHold = this.lane.holdBackground(3000);
    await this.lane.run('learner', async () => {
      mark('linux:mount:lane');
      await this.write(dir, files); // never while a compile reads them
    });
    mark('linux:mount:done');
  }

  private async write(dir: string, files: readonly LabFile[]): Promise<void> {
    const root = guestDir(dir);
    for (const file of files) {
      const path = `${root}/${file.path}`;
      if (this.written.get(path) === file.content) continue; // already there, as it is
      if (
        !this.touched.has(path) &&
        this.placed.has(path) &&
        this.placed.get(path) === (await sha256Hex(file.content))
      ) {
        this.written.set(path, file.content); // the saved state holds it as it ships
        continue;
      }
      this.touched.add(path);
      this.written.delete(path);
      await this.agent.writeFile(path, file.content);
      this.written.set(path, file.content);
    }
  }

  /**
   * Writes a lab's files and compiles its C files with no terminal, while the learner reads: a Run
   * of a file still as it was then (same source, headers and flags) reuses the binary. Call it
   * right after start or reset, and after the learner edits. Done as background steps (a file
   * written, a file compiled): a Start goes before every step not yet begun. Resolves when every
   * compile has ended (failed ones too: a Run shows the errors).
   */
  async precompile(dir: string, files: readonly LabFile[]): Promise<void> {
    const generation = this.generation;
    const current = () => generation === this.generation;
    const guest = guestDir(dir);
    const sources = files.filter((file) => file.path.endsWith('.c') && !file.path.includes('/'));
    mark('linux:precompile');
    for (const file of files) {
      await this.lane.run('background', async () => {
        mark(`linux:precompile:write:${file.path}`);
        if (current()) await this.write(dir, [file]);
      });
    }
    // A lab whose files are all as the saved state holds them has its binaries there too: nothing
    // to compile, and nothing a Start right after the restore would wait for.
    const asShipped = files.every(
      (file) => !this.touched.has(`${guest}/${file.path}`) && this.placed.has(`${guest}/${file.path}`),
    );
    for (const file of asShipped ? [] : sources) {
      await this.lane.run('background', async () => {
        if (!current()) return;
        const build = await this.agent.build(0, guest, file.path, binaryOf(file.path), compileFlags);
        if (build !== 'cached') await build.exit;
      });
    }
    mark('linux:precompile:done');
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
    this.portTerminals.set(tty, out);
    // What is typed before the program runs (while tcc compiles, or the program is being started)
    // is held here and typed into the program's own pseudo-terminal once the agent made it: the
    // program reads it when it reads, as from a terminal it was typed into ahead.
    let held: Uint8Array[] | null = [];
    let ended = false;
    const type = (bytes: Uint8Array) =>
      this.agent.input(tty, bytes).catch((error: unknown) => {
        // After the program ended, keys have nowhere to go, as on a terminal with no one reading.
        if (!ended) out.notice(`not typed: ${error instanceof Error ? error.message : String(error)}`);
      });
    const send = (bytes: Uint8Array) => (held ? held.push(bytes) : void type(bytes));
    const release = () => {
      if (!held) return;
      const keys = held;
      held = null;
      for (const bytes of keys) void type(bytes);
    };
    let heard = false;
    const unsubscribe = this.machine.onOutput(tty, (byte) => {
      if (!heard) {
        heard = true;
        mark('linux:run:first-output');
      }
      out.byte(byte);
    });
    let stopped: ((status: ExitStatus) => void) | null = null;
    const stoppedByReset = new Promise<ExitStatus>((resolve) => (stopped = resolve));
    const handle = {
      stop: (reason: string) => {
        out.notice(reason);
        stopped?.({ code: null, signal: 'SIGKILL' });
      },
    };
    this.running.add(handle);

    const follow = async (proc: GuestProcess): Promise<GuestExit | ExitStatus> => {
      pid = proc.pid;
      this.terminals.set(proc.pid, out);
      if (killed) killGroup(); // Stop was pressed while it was being started
      try {
        return await Promise.race([proc.exit, stoppedByReset]);
      } finally {
        this.terminals.delete(proc.pid);
      }
    };
    const run = async (argv: readonly string[]): Promise<GuestExit | ExitStatus> => {
      if (killed) return { code: null, signal: 'SIGKILL' };
      this.programRan = true;
      out.notice(`$ ${argv.join(' ')}`);
      mark('linux:run');
      this.releaseHold?.();
      if (request.aim) {
        await this.arm(request.aim);
        out.notice(`the wire: ${describeAim(request.aim)} will be lost (this program's lab sets it)`);
      }
      const proc = await this.agent.spawn(tty, dir, argv);
      mark('linux:run:spawned');
      release();
      return follow(proc);
    };
    const toStatus = (exit: GuestExit | ExitStatus): ExitStatus =>
      typeof exit.signal === 'number' ? { code: exit.code, signal: signalName(exit.signal) } : (exit as ExitStatus);

    // The compile holds the guest's work lane until tcc has ended: nothing of the page's own runs
    // beside it, and a precompile of the same file after it finds the binary.
    const compile = (file: string): Promise<ExitStatus> => {
      const step = this.lane.run('learner', async () => {
        mark(`linux:compile:${file}`);
        if (killed) return { code: null, signal: 'SIGKILL' };
        const build = await this.agent.build(tty, dir, file, binaryOf(file), compileFlags);
        mark(`linux:compile:${file}:${build === 'cached' ? 'cached' : 'started'}`);
        const command = compileCommand(file).join(' ');
        if (build === 'cached') {
          out.notice(
            `${command}: already compiled from this exact source (as the editor has it now), headers and flags; running that binary`,
          );
          return { code: 0, signal: null };
        }
        out.notice(`$ ${command}`);
        const began = Date.now();
        // A compile can take seconds (tcc runs inside the emulated machine): say so while it does.
        const slow = setTimeout(
          () => out.notice('compiling: tcc runs inside the emulated machine, which takes a second or two…'),
          1000,
        );
        const status = toStatus(await follow(build));
        clearTimeout(slow);
        if (Date.now() - began >= 1000 && status.code === 0)
          out.notice(`compiled in ${((Date.now() - began) / 1000).toFixed(1)} s`);
        return status;
      });
      this.releaseHold?.(); // the compile is queued before any background step
      return step;
    };

    const program = async (): Promise<ExitStatus> => {
      const args = request.args ?? [];
      const envArgs = Object.entries(request.env).map(([k, v]) => `${k}=${v}`);
      const pathOf = (file: string) => (file.startsWith('/') ? file : `./${file}`);
      let argv = [pathOf(request.file), ...args];
      if (request.file.endsWith('.c') && this.asShippedSinceRestore(dir)) {
        // Nothing has run since the restore and the lab's files are the saved state's: its binary
        // there is the one built from them, so there is nothing to compile or look up.
        mark(`linux:compile:${request.file}:placed`);
        out.notice(
          `${compileCommand(request.file).join(' ')}: already compiled from this exact source (as the editor has it now), headers and flags; running that binary`,
        );
        argv = [pathOf(binaryOf(request.file)), ...args];
      } else if (request.file.endsWith('.c')) {
        const compiled = await compile(request.file);
        if (compiled.code !== 0) {
          if (compiled.signal !== 'SIGKILL') out.notice('tcc failed: the program was not run');
          return compiled;
        }
        argv = [pathOf(binaryOf(request.file)), ...args];
      }
      const status = toStatus(await run(envArgs.length > 0 ? ['env', ...envArgs, ...argv] : argv));
      const notice = limitNotice(status.signal, this.guestLimits);
      if (notice) out.notice(notice);
      return status;
    };

    const exit = program().finally(() => {
      held = null;
      ended = true;
      if (this.portTerminals.get(tty) === out) this.portTerminals.delete(tty);
      out.close();
      unsubscribe();
      this.running.delete(handle);
      this.free.add(tty);
    });
    return {
      output: out.stream,
      exit,
      writeInput: (text) => send(new TextEncoder().encode(text)),
      closeInput: () => send(new Uint8Array([4])),
      kill: killGroup,
    };
  }

  private limitReached(event: GuestLimitEvent): void {
    if (event.kind === 'limit-procs') {
      this.terminals
        .get(event.pid)
        ?.notice(
          `this program and the processes it started are ${event.count}; at ${this.guestLimits.processes} (RLIMIT_NPROC, for each terminal's programs) fork() fails with EAGAIN. Stop ends them all`,
        );
      return;
    }
    if (event.kind === 'oom') {
      const out = this.portTerminals.get(event.tty as Terminal);
      // At a terminal's cap the kernel ends all its programs, one report each: one notice says it.
      if (!out || this.oomNoticed.has(out)) return;
      this.oomNoticed.add(out);
      out.notice(
        event.capKib > 0
          ? `killed: this terminal's programs reached their memory cap of ${mib(event.capKib * 1024)} (a memory cgroup counts all they hold: every process they started, memfd and shared memory, files they wrote in /lab and /tmp), and the kernel's OOM killer ended them all; ${event.command} (pid ${event.pid}) held ${mib(event.kib * 1024)}`
          : `killed: the guest ran out of memory, and the kernel's OOM killer ended ${event.command} (pid ${event.pid}), which held ${mib(event.kib * 1024)} of it (the guest's 128 MB is shared by all terminals)`,
      );
      return;
    }
    const bytes = guestDiskBytes[event.path as keyof typeof guestDiskBytes] as number | undefined;
    const size = bytes ? ` (${mib(bytes)})` : '';
    for (const out of new Set(this.terminals.values())) {
      out.notice(
        `the guest's ${event.path}${size} is full: writes there fail with ENOSPC. "Reset the machine" empties it`,
      );
    }
  }

  /**
   * Whether the lab folder `dir` (guest path) holds exactly what the saved state placed there,
   * binaries included: no lab program has run since the restore (none could have changed them)
   * and every placed file was found, as the page has it, unwritten.
   */
  private asShippedSinceRestore(dir: string): boolean {
    if (this.programRan) return false;
    const inside = [...this.placed.keys()].filter((path) => path.startsWith(`${dir}/`));
    return inside.length > 0 && inside.every((path) => this.written.has(path) && !this.touched.has(path));
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
    const off = this.kernelListeners.add(listener);
    if (!this.stopKernelFeed) this.startKernelFeed();
    return () => {
      off();
      if (this.kernelListeners.size === 0 && this.stopKernelFeed) {
        this.stopKernelFeed();
        this.stopKernelFeed = null;
      }
    };
  }

  private startKernelFeed(): void {
    const off = this.agent.onKernelEvent((event) => {
      const events =
        event.kind === 'segment'
          ? [event]
          : event.kind === 'tcp-transition'
            ? this.tracker.transition(event)
            : this.tracker.update(event);
      for (const e of events) this.kernelListeners.emit(e);
    });
    void this.watch();
    this.stopKernelFeed = () => {
      off();
      void this.agent.watch(0).catch(() => {});
    };
  }

  private async watch(): Promise<void> {
    try {
      this.tracker.traced = (await this.agent.watch(tcpSamplePeriodMs)).tracepoint;
    } catch {
      // the machine was reset or closed meanwhile
    }
  }

  /** Sets what happens on the wire: the agent is asked only for what changed. */
  async setFault(fault: WireFault): Promise<void> {
    const was = this.fault;
    if (fault.lossPercent !== was.lossPercent || fault.delayMs !== was.delayMs) {
      await this.agent.fault(fault.lossPercent, fault.delayMs);
    }
    if (!sameAim(fault.aim, was.aim)) await this.agent.aim(fault.aim ?? null);
    const { aim } = fault;
    this.faultChanged({ lossPercent: fault.lossPercent, delayMs: fault.delayMs, ...(aim ? { aim } : {}) });
  }

  /** Arms `aim` (what a lab's process asks for before it starts), keeping the rest of the fault. */
  private async arm(aim: WireAim): Promise<void> {
    await this.setFault({ ...this.fault, aim });
  }

  currentFault(): WireFault {
    return this.fault;
  }

  onFaultChange(listener: (fault: WireFault) => void): () => void {
    return this.faultListeners.add(listener);
  }

  /** Each segment TCP sent again; reported while the kernel's events are watched (onKernelEvent). */
  onRetransmit(listener: (event: Retransmission) => void): () => void {
    return this.retransmitListeners.add(listener);
  }

  /** Each segment an aim took; reported while the kernel's events are watched. */
  onLost(listener: (event: LostSegment) => void): () => void {
    return this.lostListeners.add(listener);
  }

  private faultChanged(fault: WireFault): void {
    this.fault = fault;
    this.faultListeners.emit(fault);
  }

  /** The sockets as the kernel last reported them. */
  tcpSockets() {
    return this.tracker.current();
  }

  /** Puts the machine back to its saved state: every process is gone, the guest is clean. */
  async reset(): Promise<void> {
    for (const handle of [...this.running]) handle.stop('the machine was reset');
    this.agent.forget('the machine was reset');
    this.tracker.reset();
    this.written.clear();
    this.touched.clear();
    this.programRan = false;
    this.terminals.clear();
    this.portTerminals.clear();
    this.generation++;
    mark('linux:reset');
    await this.machine.restore();
    if (!isFaultFree(this.fault)) this.faultChanged(noFault); // the saved state has no netem
    mark('linux:reset:restored');
    await this.ready();
    mark('linux:reset:agent-ready');
    if (this.stopKernelFeed) await this.watch();
    mark('linux:reset:done');
  }

  dispose(): void {
    for (const handle of [...this.running]) handle.stop('the machine was closed');
    this.agent.dispose();
    void this.machine.destroy();
  }
}
