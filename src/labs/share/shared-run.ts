import { z } from 'zod';
import { tcpStateNames, type KernelEvent } from '../../runtimes/linux/kernel-events';
import { traceEventKinds, type TraceEvent } from '../trace/events';

/**
 * A run a learner shares by link: the lab's files they changed, what each process's terminal
 * showed, and what the run did on the wire (the kernel's segments and socket states in a C lab,
 * the socket events of a Node lab). It travels in the link itself (no server sees it), so it is
 * read as untrusted input: `readSharedRun` accepts only this shape, within these limits.
 */
export interface SharedRun {
  readonly v: 1;
  readonly lab: string;
  /** The files that differ from the lab's own, as the sharer had them. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** Each process's terminal, as text (its last MAX_OUTPUT_CHARS characters). */
  readonly outputs: readonly { readonly process: string; readonly text: string }[];
  readonly kernel?: readonly KernelEvent[];
  readonly trace?: readonly TraceEvent[];
  /** What was left out to fit the link, in words ("the packets", "the start of the server's output"). */
  readonly trimmed?: readonly string[];
}

export const SHARE_LIMITS = {
  files: 20,
  fileChars: 100_000,
  outputs: 10,
  outputChars: 20_000,
  events: 2_000,
} as const;

const labId = z.string().regex(/^[a-z0-9-]{1,60}$/);
const endpoint = z.object({ address: z.string().regex(/^[0-9.]{7,15}$/), port: z.number().int().min(0).max(65535) });
const state = z.enum(tcpStateNames);
const time = z.number().finite().nonnegative();

const segment = z.object({
  kind: z.literal('segment'),
  timeUs: time,
  from: endpoint,
  to: endpoint,
  flags: z.object({ syn: z.boolean(), fin: z.boolean(), rst: z.boolean(), psh: z.boolean(), ack: z.boolean() }),
  seq: z.number().int().min(0).max(0xffffffff),
  ack: z.number().int().min(0).max(0xffffffff),
  length: z.number().int().min(0).max(0xffff),
  window: z.number().int().min(0).max(0xffffffff),
});
const stateChange = z.object({
  kind: z.literal('tcp-state'),
  timeUs: time,
  local: endpoint,
  remote: endpoint,
  from: state.nullable(),
  to: state.nullable(),
  seenIn: z.enum(['tracepoint', 'sample']).optional(),
});
const short = z.string().max(2_000).optional();
const traceEvent = z.object({
  t: time,
  proc: z.string().max(40),
  socket: z.number().int().min(0).max(10_000),
  kind: z.enum(traceEventKinds),
  text: short,
  bytes: z.number().int().min(0).optional(),
  result: short,
  code: short,
  syscall: short,
  remote: short,
  port: z.number().int().min(0).max(65535).optional(),
  hadError: z.boolean().optional(),
  exitCode: z.number().int().nullable().optional(),
});

const sharedRunSchema = z.object({
  v: z.literal(1),
  lab: labId,
  files: z
    .array(z.object({ path: z.string().min(1).max(200), content: z.string().max(SHARE_LIMITS.fileChars) }))
    .max(SHARE_LIMITS.files),
  outputs: z
    .array(z.object({ process: z.string().min(1).max(40), text: z.string().max(SHARE_LIMITS.outputChars) }))
    .max(SHARE_LIMITS.outputs),
  kernel: z
    .array(z.discriminatedUnion('kind', [segment, stateChange]))
    .max(SHARE_LIMITS.events)
    .optional(),
  trace: z.array(traceEvent).max(SHARE_LIMITS.events).optional(),
  trimmed: z.array(z.string().max(200)).max(10).optional(),
});

/** The shared run in `value` (parsed JSON from a link), or why it is not one. */
export function readSharedRun(value: unknown): { ok: true; run: SharedRun } | { ok: false; error: string } {
  const result = sharedRunSchema.safeParse(value);
  if (result.success) return { ok: true, run: result.data as SharedRun };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `it is not a shared run of this course (${issue?.message ?? 'invalid'}${where})` };
}

/** A kernel event as a link carries it: without the captured packet bytes (the .pcap's, not the view's). */
export function withoutPacket(event: KernelEvent): KernelEvent {
  if (event.kind !== 'segment' || !event.packet) return event;
  const { kind, timeUs, from, to, flags, seq, ack, length, window } = event;
  return { kind, timeUs, from, to, flags, seq, ack, length, window };
}
