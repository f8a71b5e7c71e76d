import { raceTimeout } from '../race-timeout';
import { RequestTable } from '../request-table';
import type { LabFile } from '../../labs/types';
import type { ExitStatus, LabRuntime, OutputChunk, RunningProcess, SpawnRequest } from '../runtime';
import { accessKeyFromPage } from './access-key';
import { describeClose, type CloseInfo } from './close-reason';
import { fileTooLarge, inputTooLarge, splitInput, toBase64, tooManyFiles } from './size-checks';
import {
  ACCESS_KEY_HEADER,
  FILE_CHUNK_BYTES,
  type ClientMessage,
  type RequestBody,
  type RunnerLimits,
  type ServerMessage,
  type SessionGrant,
} from './protocol';

/** The local runner could not be reached or refused us; `message` says why, for the status line. */
export class LocalRunnerUnavailable extends Error {
  override name = 'LocalRunnerUnavailable';
}

/** The parts of the browser's WebSocket this client uses (tests pass the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'close', listener: (event: CloseInfo) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface LocalRuntimeOptions {
  /** e.g. http://127.0.0.1:3100 */
  readonly baseUrl: string;
  /** Give up on a runner that does not answer within this time. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly createWebSocket?: (url: string) => WebSocketLike;
  /** Called once if the connection to the runner is lost after it was made. */
  readonly onDisconnect?: (reason: string) => void;
  /** The runner's access key, if it was started with one (default: the one the page was opened with). */
  readonly accessKey?: string | null;
}

interface ProcessEntry {
  readonly controller: ReadableStreamDefaultController<OutputChunk>;
  readonly resolveExit: (status: ExitStatus) => void;
}

const OPEN = 1;

/**
 * Runs lab code through the local runner service (runner/): real Node on the learner's
 * machine. One WebSocket per page; requests are answered by id, output and exit arrive
 * as events per process.
 */
export class LocalRuntime implements LabRuntime {
  readonly kind = 'local' as const;
  readonly tracesSockets = true;
  readonly input = 'pipe' as const;
  readonly tcp = 'kernel' as const;
  readonly mayForgetFiles = false;
  readonly description: string;
  private readonly requests = new RequestTable<number | undefined>();
  private readonly processes = new Map<number, ProcessEntry>();
  /** Events for a process that arrive before its spawn request is answered. */
  private readonly early = new Map<number, ServerMessage[]>();
  private closed = false;

  private constructor(
    private readonly socket: WebSocketLike,
    hello: Extract<ServerMessage, { type: 'hello' }>,
    private readonly onDisconnect?: (reason: string) => void,
  ) {
    this.limits = hello.limits;
    this.nodeVersion = hello.nodeVersion;
    this.description = `Node ${hello.nodeVersion} on this computer`;
  }

  readonly limits: RunnerLimits;
  readonly nodeVersion: string;

  /** Asks the runner for a session and opens it; rejects with LocalRunnerUnavailable. */
  static async connect(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const base = options.baseUrl.replace(/\/$/, '');
    const doFetch = options.fetch ?? fetch.bind(globalThis);
    const timeoutMs = options.timeoutMs ?? 3000;
    const createWebSocket: (url: string) => WebSocketLike =
      options.createWebSocket ?? ((url: string) => new WebSocket(url) as WebSocketLike);
    const noAnswer = `no local runner answered at ${base}: start the site with "npm start", which starts it`;

    const accessKey = options.accessKey === undefined ? accessKeyFromPage() : options.accessKey;
    const grant = await raceTimeout(
      doFetch(`${base}/sessions`, {
        method: 'POST',
        cache: 'no-store',
        ...(accessKey ? { headers: { [ACCESS_KEY_HEADER]: accessKey } } : {}),
      }).then(
        async (res) => {
          if (res.status === 403) {
            throw new LocalRunnerUnavailable(
              `the local runner at ${base} does not accept pages from ${globalThis.location?.origin ?? 'this origin'}`,
            );
          }
          if (!res.ok) {
            const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
            const why = typeof body?.error === 'string' ? `: ${body.error}` : '';
            throw new LocalRunnerUnavailable(`the local runner at ${base} answered ${res.status}${why}`);
          }
          return (await res.json()) as SessionGrant;
        },
        (err: unknown) => {
          throw err instanceof LocalRunnerUnavailable ? err : new LocalRunnerUnavailable(noAnswer);
        },
      ),
      timeoutMs,
      () => {
        throw new LocalRunnerUnavailable(noAnswer);
      },
    );

    const wsUrl = `${base.replace(/^http/, 'ws')}/sessions/${grant.sessionId}?token=${encodeURIComponent(grant.token)}`;
    const socket = createWebSocket(wsUrl);
    const hello = await raceTimeout(
      new Promise<Extract<ServerMessage, { type: 'hello' }>>((resolve, reject) => {
        socket.addEventListener('message', (event) => {
          const message = JSON.parse(String(event.data)) as ServerMessage;
          if (message.type === 'hello') resolve(message);
        });
        socket.addEventListener('close', (event) =>
          reject(
            new LocalRunnerUnavailable(
              `the local runner at ${base} closed the session before it started${describeClose(event)}`,
            ),
          ),
        );
      }),
      timeoutMs,
      () => {
        throw new LocalRunnerUnavailable(`the local runner at ${base} did not open the session in time`);
      },
    );
    const runtime = new LocalRuntime(socket, hello, options.onDisconnect);
    socket.addEventListener('message', (event) => runtime.receive(JSON.parse(String(event.data)) as ServerMessage));
    socket.addEventListener('close', (event) =>
      runtime.lost(`the connection to the local runner closed${describeClose(event)}`),
    );
    return runtime;
  }

  /**
   * Replaces `dir` with the lab's files, one message per file. A lab the runner would refuse
   * (too many files, a file too large) is refused here, before anything is sent.
   */
  async mount(dir: string, files: readonly LabFile[]): Promise<void> {
    const encoded = files.map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.content) }));
    const refusal =
      tooManyFiles(files.length, this.limits) ??
      encoded.map((f) => fileTooLarge(f.path, f.bytes.length, this.limits)).find((why) => why !== null);
    if (refusal) throw new Error(refusal);
    await this.request({ op: 'clear', dir });
    await Promise.all(
      encoded.map(async (f) => {
        for (let at = 0; at === 0 || at < f.bytes.length; at += FILE_CHUNK_BYTES) {
          const base64 = toBase64(f.bytes.subarray(at, at + FILE_CHUNK_BYTES));
          await this.request({ op: 'write', dir, path: f.path, base64, ...(at > 0 ? { append: true } : {}) });
        }
      }),
    );
  }

  async reservePort(): Promise<number> {
    const port = await this.request({ op: 'reservePort' });
    if (typeof port !== 'number') throw new Error('the local runner did not give a port');
    return port;
  }

  async spawn(request: SpawnRequest): Promise<RunningProcess> {
    const pid = await this.request({
      op: 'spawn',
      dir: request.dir,
      file: request.file,
      env: { ...request.env },
      ...(request.args && request.args.length > 0 ? { args: [...request.args] } : {}),
      ...(request.trace ? { trace: request.trace } : {}),
    });
    if (typeof pid !== 'number') throw new Error('the local runner did not start the process');
    let controller!: ReadableStreamDefaultController<OutputChunk>;
    const output = new ReadableStream<OutputChunk>({ start: (c) => void (controller = c) });
    let resolveExit!: (status: ExitStatus) => void;
    const exit = new Promise<ExitStatus>((resolve) => (resolveExit = resolve));
    this.processes.set(pid, { controller, resolveExit });
    for (const message of this.early.get(pid) ?? []) this.receive(message);
    this.early.delete(pid);
    return {
      output,
      exit,
      writeInput: (text) => {
        const refusal = inputTooLarge(text.length, this.limits);
        if (refusal) this.processes.get(pid)?.controller.enqueue({ stream: 'notice', text: refusal });
        else
          for (const piece of splitInput(text, this.limits.maxInputChars))
            this.post({ type: 'input', pid, text: piece });
      },
      closeInput: () => this.post({ type: 'closeInput', pid }),
      kill: () => this.post({ type: 'kill', pid }),
    };
  }

  dispose(): void {
    this.closed = true;
    this.socket.close();
    this.lost('the page closed the session');
  }

  private request(body: RequestBody): Promise<number | undefined> {
    if (this.closed || this.socket.readyState !== OPEN) {
      return Promise.reject(new LocalRunnerUnavailable('the connection to the local runner is closed'));
    }
    return this.requests.request((id) => this.post({ type: 'request', id, ...body }));
  }

  private post(message: ClientMessage): void {
    if (this.socket.readyState === OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'hello':
        return;
      case 'response': {
        if (message.ok) this.requests.answer(message.id, message.value);
        else this.requests.fail(message.id, new Error(message.error));
        return;
      }
      case 'output':
      case 'exit': {
        const entry = this.processes.get(message.pid);
        if (!entry) {
          if (message.pid === 0) console.warn(`[local runner] ${message.type === 'output' ? message.text : ''}`);
          else this.early.set(message.pid, [...(this.early.get(message.pid) ?? []), message]);
          return;
        }
        if (message.type === 'output') {
          entry.controller.enqueue({ stream: message.stream, text: message.text });
        } else {
          this.processes.delete(message.pid);
          entry.controller.close();
          entry.resolveExit({ code: message.code, signal: message.signal });
        }
        return;
      }
    }
  }

  /** The runner went away: end every process's stream with a notice and fail waiting requests. */
  private lost(reason: string): void {
    const wasOpen = !this.closed || this.processes.size > 0 || this.requests.size > 0;
    this.closed = true;
    for (const [, entry] of this.processes) {
      entry.controller.enqueue({ stream: 'notice', text: `${reason}; the process was stopped` });
      entry.controller.close();
      entry.resolveExit({ code: null, signal: null });
    }
    this.processes.clear();
    this.requests.failAll(new LocalRunnerUnavailable(reason));
    if (wasOpen) this.onDisconnect?.(reason);
  }
}
