/**
 * Messages between the page (src/runtimes/local/local-runtime.ts) and the local runner
 * service (runner/). JSON over one WebSocket per page session.
 */

export interface RunnerLimits {
  /** Processes one session may run at once. */
  readonly maxProcesses: number;
  /** Processes running at once across every session of the runner. */
  readonly maxProcessesTotal: number;
  /** Page sessions open at once (and grants waiting to be opened). */
  readonly maxSessions: number;
  readonly maxRunMs: number;
  /** Bytes one process may produce (stdout, stderr and its socket-event trace together). */
  readonly maxOutputBytes: number;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  /** Bytes a session's folder may hold (its lab files and whatever its programs write). */
  readonly maxSessionDiskBytes: number;
  /** Characters of input one `input` message may carry (the page splits a longer paste). */
  readonly maxInputChars: number;
  /** Bytes of input waiting for a process that has not read them; more is refused with a message. */
  readonly maxPendingInputBytes: number;
  /** The largest WebSocket message the runner accepts; a larger one closes the connection (1009). */
  readonly maxMessageBytes: number;
}

/** POST /sessions answers with this. */
export interface SessionGrant {
  readonly sessionId: string;
  readonly token: string;
}

/** The header that carries the runner's access key, when it was started with one. */
export const ACCESS_KEY_HEADER = 'X-Runner-Key';

export type RequestBody =
  /** Removes `dir` (inside the session folder) and makes it again, empty. */
  | { readonly op: 'clear'; readonly dir: string }
  /**
   * Writes one piece of a file into `dir` (at most FILE_CHUNK_BYTES, in base64, so its size on
   * the wire is known in advance): the first piece creates the file, each `append` one adds to it.
   */
  | {
      readonly op: 'write';
      readonly dir: string;
      readonly path: string;
      readonly base64: string;
      readonly append?: boolean;
    }
  | {
      readonly op: 'spawn';
      readonly dir: string;
      readonly file: string;
      readonly env: Readonly<Record<string, string>>;
      /** The program's command-line arguments (process.argv after the script), at most MAX_ARGS. */
      readonly args?: readonly string[];
      /** Record the process's socket events under this name (see labs/_trace/trace.cjs). */
      readonly trace?: string;
    }
  | { readonly op: 'reservePort' };

export type ClientMessage =
  | ({ readonly type: 'request'; readonly id: number } & RequestBody)
  | { readonly type: 'input'; readonly pid: number; readonly text: string }
  | { readonly type: 'closeInput'; readonly pid: number }
  | { readonly type: 'kill'; readonly pid: number };

export type ServerMessage =
  | {
      readonly type: 'hello';
      readonly nodeVersion: string;
      readonly platform: string;
      readonly limits: RunnerLimits;
    }
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly value?: number }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: string }
  | {
      readonly type: 'output';
      readonly pid: number;
      readonly stream: 'stdout' | 'stderr' | 'notice' | 'trace';
      readonly text: string;
    }
  | {
      readonly type: 'exit';
      readonly pid: number;
      readonly code: number | null;
      readonly signal: string | null;
    };

/** Bytes a base64 text of `bytes` bytes takes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/**
 * Files travel in pieces of at most this many bytes: every message stays small, so the runner
 * never holds a large one (a lab's files may total 20 MiB).
 */
export const FILE_CHUNK_BYTES = 48 * 1024;

/** A program's command-line arguments: at most MAX_ARGS, each at most MAX_ARG_CHARS long, no NUL. */
export const MAX_ARGS = 32;
export const MAX_ARG_CHARS = 1024;

/**
 * The largest message a page may need to send under `limits`: one piece of a file in base64
 * with its envelope, or one input message whose every character JSON escapes to six
 * (`\u0001`). Headroom for the envelope: 4 KiB (paths are at most 200 characters).
 */
export function largestLegalMessage(limits: Pick<RunnerLimits, 'maxInputChars'>): number {
  return Math.max(base64Length(FILE_CHUNK_BYTES), 6 * limits.maxInputChars) + 4096;
}
