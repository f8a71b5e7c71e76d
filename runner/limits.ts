import { largestLegalMessage, type RunnerLimits } from '../src/runtimes/local/protocol';

const MiB = 1024 * 1024;

/** The limits that are set, from which the message size follows. */
export type RunnerLimitSettings = Omit<RunnerLimits, 'maxMessageBytes'>;

/** What page sessions may use. Each cap, when hit, ends with a message naming it. */
export const defaultLimitSettings: RunnerLimitSettings = {
  maxProcesses: 6,
  maxProcessesTotal: 16,
  maxSessions: 10,
  maxRunMs: 10 * 60_000,
  maxOutputBytes: 2 * MiB,
  // 40 files of 512 KiB: a lab's files total at most 20 MiB.
  maxFileBytes: 512 * 1024,
  maxFiles: 40,
  maxSessionDiskBytes: 64 * MiB,
  maxInputChars: 16 * 1024,
  maxPendingInputBytes: 1 * MiB,
};

/** The full limits: the message size is the largest message a legal page sends (a file piece or an input). */
export function runnerLimits(settings: Partial<RunnerLimitSettings> = {}): RunnerLimits {
  const merged = { ...defaultLimitSettings, ...settings };
  return { ...merged, maxMessageBytes: largestLegalMessage(merged) };
}

export const defaultLimits: RunnerLimits = runnerLimits();

/** How long a granted session waits for its WebSocket before it is dropped. */
export const sessionClaimMs = 30_000;

/** Bytes queued toward a page before the session's processes are paused until the page reads them. */
export const maxQueuedToPageBytes = 1 * MiB;

/** The longest socket-event line kept; a longer one is dropped (its bytes still count toward the output cap). */
export const maxTraceLineBytes = 64 * 1024;

/** How often a session's folder is measured against its disk cap while its programs run. */
export const diskCheckMs = 1000;
