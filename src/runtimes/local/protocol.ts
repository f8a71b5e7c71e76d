/**
 * Messages between the page (src/runtimes/local/local-runtime.ts) and the local runner
 * service (runner/). JSON over one WebSocket per page session.
 */

export interface RunnerLimits {
  readonly maxProcesses: number;
  readonly maxRunMs: number;
  readonly maxOutputBytes: number;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
}

/** POST /sessions answers with this. */
export interface SessionGrant {
  readonly sessionId: string;
  readonly token: string;
}

export interface FileEntry {
  readonly path: string;
  readonly content: string;
}

export type RequestBody =
  | { readonly op: 'mount'; readonly dir: string; readonly files: readonly FileEntry[] }
  | {
      readonly op: 'spawn';
      readonly dir: string;
      readonly file: string;
      readonly env: Readonly<Record<string, string>>;
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
