import type { CRunView } from '../../../labs/c-run/c-checks';
import type { CProcessEnd } from '../../../labs/reference/native-c-reference';
import { outputLines } from '../../../labs/reference/native-c-reference';
import { TypedLines } from '../../../labs/c-run/typed-lines';
import type { LabFile, LabScenario, LabScenarioStep } from '../../../labs/types';
import type { KernelEvent, LostSegment, Retransmission } from '../../../runtimes/linux/kernel-events';
import {
  hasNetem,
  hasWireFaults,
  isFaultFree,
  type AimKind,
  type WireFault,
} from '../../../runtimes/linux/wire-faults';
import type { LabRuntime, RunningProcess } from '../../../runtimes/runtime';
import { startBeginsRun } from '../timeline/run-boundaries';

/** Where the kernel's segments and socket states come from (the Linux runtime). */
export interface KernelEventSource {
  onKernelEvent(listener: (event: KernelEvent) => void): () => void;
  /** The run the lab is in now (a recorder knows; the bare runtime does not). */
  currentRun?: () => number;
}

/** A C lab's run as the page saw it, for its checks and its comparison with native Linux. */
export interface CRunRecord extends CRunView {
  /** Goes up with every new run. */
  readonly number: number;
  /** The processes started and the lines typed, in order. */
  readonly steps: readonly LabScenarioStep[];
  /**
   * Per step: how many of the run's kernel events had come when it was done, so the events from
   * `kernel[kernelAt[i]]` on came after step i (a line typed, a process started).
   */
  readonly kernelAt: readonly number[];
  /** Whether any process of the run started from files the learner had changed. */
  readonly edited: boolean;
  /**
   * Whether the learner set a fault on the wire during the run (a pulled cable, a loss, a delay,
   * an aim of their own): what a lab's process arms for itself (its `aim`) is part of the run.
   */
  readonly wireChanged: boolean;
}

interface ProcessRecord {
  /** What the program wrote to its stdout and stderr (the terminal's echo is not in it). */
  text: string;
  readonly terminal: TypedLines;
  end: CProcessEnd | null;
}

const noRun: CRunRecord = {
  number: 0,
  steps: [],
  kernelAt: [],
  edited: false,
  wireChanged: false,
  processes: {},
  kernel: [],
};

/**
 * Records a C lab's runs by standing between the workbench and the Linux runtime: which
 * processes start (and whether from edited files), what is typed into them, what they print and
 * how they end, and the kernel's events meanwhile. A run begins as the socket timeline's does
 * (`startBeginsRun`). Listeners hear of changes at most every 100 ms.
 */
export class CRunRecorder {
  private run: CRunRecord = noRun;
  private readonly records = new Map<string, ProcessRecord>();
  /** Process id → the run its running instance belongs to. */
  private readonly running = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** Processes whose lines must be worked out again. */
  private readonly dirty = new Set<string>();
  private mounted: readonly LabFile[] = [];
  /** The aims the run's processes armed for themselves. */
  private readonly armedAims = new Set<AimKind>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly scenarios: readonly LabScenario[],
    /** The lab's own files, once loaded: a run from other content is "edited". */
    private readonly originalFiles: () => readonly LabFile[] | null,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): CRunRecord => this.run;

  /** The runtime the workbench uses: `runtime` itself, watched. Stop with the returned function. */
  watch(runtime: LabRuntime & KernelEventSource): { runtime: LabRuntime & KernelEventSource; stop: () => void } {
    const offKernel = runtime.onKernelEvent((event) => {
      if (this.run.number === 0) return;
      this.run = { ...this.run, kernel: [...this.run.kernel, event] };
      this.changed();
    });
    const offFault = hasWireFaults(runtime) ? runtime.onFaultChange((fault) => this.wireSet(fault)) : () => {};
    const watched: LabRuntime & KernelEventSource = {
      kind: runtime.kind,
      description: runtime.description,
      tracesSockets: runtime.tracesSockets,
      input: runtime.input,
      tcp: runtime.tcp,
      mayForgetFiles: runtime.mayForgetFiles,
      reservePort: () => runtime.reservePort(),
      dispose: () => runtime.dispose(),
      onKernelEvent: (listener) => runtime.onKernelEvent(listener),
      currentRun: () => this.run.number,
      // Faults on the wire pass through (the recorder has nothing to add to them).
      ...(hasWireFaults(runtime)
        ? {
            setFault: (fault: WireFault) => runtime.setFault(fault),
            currentFault: () => runtime.currentFault(),
            onFaultChange: (listener: (fault: WireFault) => void) => runtime.onFaultChange(listener),
            onRetransmit: (listener: (event: Retransmission) => void) => runtime.onRetransmit(listener),
            onLost: (listener: (event: LostSegment) => void) => runtime.onLost(listener),
          }
        : {}),
      mount: async (dir, files) => {
        this.mounted = files;
        await runtime.mount(dir, files);
      },
      spawn: async (request) => {
        const id = request.trace ?? request.file;
        const run = this.begin(id);
        if (request.aim) this.armedAims.add(request.aim.kind);
        if (hasWireFaults(runtime)) this.wireSet(runtime.currentFault());
        const proc = await runtime.spawn(request);
        return this.follow(id, run, proc);
      },
    };
    return {
      runtime: watched,
      stop: () => {
        offKernel();
        offFault();
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
      },
    };
  }

  /** A fault on the wire now: the run is not comparable unless it is nothing, or only what its processes armed. */
  private wireSet(fault: WireFault): void {
    if (this.run.number === 0 || this.run.wireChanged || isFaultFree(fault)) return;
    if (!hasNetem(fault) && fault.aim && this.armedAims.has(fault.aim.kind)) return;
    this.run = { ...this.run, wireChanged: true };
    this.changed();
  }

  private isEdited(): boolean {
    const original = this.originalFiles();
    if (!original) return false;
    return this.mounted.some((file) => original.find((o) => o.path === file.path)?.content !== file.content);
  }

  /** A process starts: a step of the current run, or the first of a new one. */
  private begin(id: string): number {
    const current = this.run;
    const runningHere = [...this.running.values()].some((n) => n === current.number);
    const edited = this.isEdited();
    if (current.number === 0 || startBeginsRun(id, current.steps, runningHere, this.scenarios)) {
      this.records.clear();
      this.dirty.clear();
      this.armedAims.clear();
      this.run = {
        number: current.number + 1,
        steps: [{ start: id }],
        kernelAt: [0],
        edited,
        wireChanged: false,
        processes: {},
        kernel: [],
      };
    } else {
      this.run = {
        ...current,
        steps: [...current.steps, { start: id }],
        kernelAt: [...current.kernelAt, current.kernel.length],
        edited: current.edited || edited,
      };
    }
    this.records.set(id, { text: '', terminal: new TypedLines(), end: null });
    this.running.set(id, this.run.number);
    this.update(id);
    return this.run.number;
  }

  /** Watches a started process: its output (a copy of the stream), its input, its end. */
  private follow(id: string, run: number, proc: RunningProcess): RunningProcess {
    const [forPage, forRecord] = proc.output.tee();
    const record = this.records.get(id)!;
    const mine = () => this.run.number === run && this.records.get(id) === record;
    void (async () => {
      const reader = forRecord.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.stream !== 'stdout' && value.stream !== 'stderr') continue;
        record.text += value.text;
        if (mine()) this.update(id);
      }
    })();
    void proc.exit.then((end) => {
      if (this.running.get(id) === run) this.running.delete(id);
      record.end = end;
      if (mine()) this.update(id);
    });
    return {
      output: forPage,
      exit: proc.exit,
      kill: () => proc.kill(),
      closeInput: () => proc.closeInput(),
      writeInput: (text) => {
        proc.writeInput(text);
        const lines = record.terminal.keys(text);
        if (lines.length === 0) return;
        if (mine()) {
          const at = this.run.kernel.length;
          this.run = {
            ...this.run,
            steps: [...this.run.steps, ...lines.map((line) => line.trim())],
            kernelAt: [...this.run.kernelAt, ...lines.map(() => at)],
          };
          this.update(id);
        }
      },
    };
  }

  /** The process's output changed: its lines are worked out when listeners are next told. */
  private update(id: string): void {
    this.dirty.add(id);
    this.changed();
  }

  /** The lines of each process whose output changed: complete ones while it runs, all once it ended. */
  private settle(): void {
    for (const id of this.dirty) {
      const record = this.records.get(id);
      if (!record) continue;
      const printed = record.text;
      const text = record.end ? printed : printed.slice(0, printed.lastIndexOf('\n') + 1);
      this.run = {
        ...this.run,
        processes: { ...this.run.processes, [id]: { lines: outputLines(text), end: record.end } },
      };
    }
    this.dirty.clear();
  }

  private changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.settle();
      for (const listener of this.listeners) listener();
    }, 100);
  }
}
