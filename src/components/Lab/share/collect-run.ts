import type { LabFile, LabSummary } from '../../../labs/types';
import type { KernelEvent } from '../../../runtimes/linux/kernel-events';
import type { TraceEvent } from '../../../labs/trace/events';
import { withoutPacket, type SharedRun } from '../../../labs/share/shared-run';

export interface RunToShare {
  readonly summary: LabSummary;
  readonly files: readonly LabFile[];
  readonly edited: ReadonlySet<string>;
  /** Each process's terminal text, by process id. */
  readonly outputs: ReadonlyMap<string, string>;
  readonly kernel?: readonly KernelEvent[];
  readonly trace?: readonly TraceEvent[];
}

/** The run as a link carries it: only changed files, terminals that showed something, events without packet bytes. */
export function sharedRunOf({ summary, files, edited, outputs, kernel, trace }: RunToShare): SharedRun {
  return {
    v: 1,
    lab: summary.id,
    files: files.filter((f) => edited.has(f.path)).map((f) => ({ path: f.path, content: f.content })),
    outputs: summary.processes
      .map((p) => ({ process: p.id, text: outputs.get(p.id) ?? '' }))
      .filter((o) => o.text.length > 0),
    ...(kernel && kernel.length > 0 ? { kernel: kernel.map(withoutPacket) } : {}),
    ...(trace && trace.length > 0 ? { trace } : {}),
  };
}
