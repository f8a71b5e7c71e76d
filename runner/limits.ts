import type { RunnerLimits } from '../src/runtimes/local/protocol';

/** What one page session may use. Each cap, when hit, ends with a message naming it. */
export const defaultLimits: RunnerLimits = {
  maxProcesses: 6,
  maxRunMs: 10 * 60_000,
  maxOutputBytes: 2 * 1024 * 1024,
  maxFileBytes: 512 * 1024,
  maxFiles: 40,
};

/** The most bytes one WebSocket message from the page may carry. */
export const maxMessageBytes = 4 * 1024 * 1024;

/** How long a granted session waits for its WebSocket before it is dropped. */
export const sessionClaimMs = 30_000;
