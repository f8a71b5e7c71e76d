import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ACCESS_KEY_HEADER,
  type ClientMessage,
  type RunnerLimits,
  type ServerMessage,
  type SessionGrant,
} from '../src/runtimes/local/protocol';
import { parseClientMessage } from './client-message';
import { closeOnBadFrames, CloseCode } from './connection-errors';
import { maxQueuedToPageBytes, runnerLimits, sessionClaimMs, type RunnerLimitSettings } from './limits';
import { createOriginPolicy, requestOrigin } from './origin-policy';
import { removeTree } from './remove-tree';
import { ProcessBudget, RunnerSession } from './session';
import { markerOf } from './watchdog/marker';
import { Watchdog } from './watchdog/watchdog';
import { createWorkFolder, removeStaleWorkFolders } from './work-folder';

export interface RunnerOptions {
  /** Always loopback; the option exists so tests can say so explicitly. */
  readonly host?: '127.0.0.1';
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly allowedOrigins: readonly string[];
  readonly limits?: Partial<RunnerLimitSettings>;
  readonly heartbeatMs?: number;
  readonly log?: (line: string) => void;
  /** Where the work folder is made (default: the system's temporary folder). */
  readonly workParent?: string;
  /**
   * A secret a page must send (header X-Runner-Key) to get a session. Without one, anything
   * on this machine that can send the site's Origin header may use the runner.
   */
  readonly accessKey?: string;
}

export interface RunningRunner {
  readonly url: string;
  readonly port: number;
  /** The folder that holds one sub-folder per live session. */
  readonly workDir: string;
  /** The watchdog process that cleans up if the runner dies (tests). */
  readonly watchdogPid: number | undefined;
  /** Work folders of dead runners removed at start (tests). */
  readonly staleFoldersRemoved: readonly string[];
  /** Number of live page sessions (tests). */
  sessionCount(): number;
  close(): Promise<void>;
}

interface PendingGrant {
  readonly token: Buffer;
  readonly expires: NodeJS.Timeout;
}

function sameSecret(expected: Buffer, given: string | null | undefined): boolean {
  if (!given) return false;
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Messages waiting for their session at most; more and the connection is not read until it catches up. */
const MAX_QUEUED_MESSAGES = 4;
/** Messages the runner refuses (not JSON, not its protocol) before it closes the connection. */
const MAX_REFUSED_MESSAGES = 32;

/** The request's target as a URL, or null when it is not one (e.g. "//["): answered 400, never thrown. */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/**
 * The local runner: runs lab programs with this machine's Node for pages of the course
 * site. Loopback only; only the site's origins, and only with a session token.
 *
 *   GET  /health                 is the runner there? (which Node)
 *   POST /sessions               a session id and token for one page
 *   WS   /sessions/:id?token=…   the session: files, spawn, stdin, kill, output
 */
export async function startRunner(options: RunnerOptions): Promise<RunningRunner> {
  const host = '127.0.0.1';
  const limits: RunnerLimits = runnerLimits(options.limits);
  const log = options.log ?? (() => {});
  const pending = new Map<string, PendingGrant>();
  const live = new Set<RunnerSession>();
  const budget = new ProcessBudget(limits.maxProcessesTotal);
  const accessKey = options.accessKey ? Buffer.from(options.accessKey) : null;
  const workParent = options.workParent ?? tmpdir();
  const staleFoldersRemoved = await removeStaleWorkFolders(workParent);
  if (staleFoldersRemoved.length > 0) {
    log(`removed ${staleFoldersRemoved.length} work folder(s) left by a runner that died`);
  }
  const { root: workRoot, runnerId } = await createWorkFolder(workParent);
  const watchdog = new Watchdog(runnerId, workRoot);
  let policy = createOriginPolicy(options.allowedOrigins, options.port);

  const server: Server = createServer((req, res) => {
    try {
      handleHttp(req, res);
    } catch (err) {
      // Whatever a request holds, it ends that request, never the runner.
      log(`answered 500: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) reply(res, 500, { error: 'the local runner could not handle that request' });
      else res.destroy();
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  wss.on('error', (err) => log(`WebSocket server: ${err.message}`));

  function corsHeaders(origin: string): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': `Content-Type, ${ACCESS_KEY_HEADER}`,
      // Chrome's Private Network Access asks before a page reaches loopback.
      'Access-Control-Allow-Private-Network': 'true',
      Vary: 'Origin',
    };
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  }

  const sessionsFull = () => live.size + pending.size >= limits.maxSessions;
  const sessionsFullMessage = () =>
    `the local runner already has ${limits.maxSessions} lab sessions open, its limit: close a lab page (or tab) and try again`;

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!policy.isLoopbackHost(req.headers.host)) {
      reply(res, 421, { error: 'the local runner answers only to loopback host names' });
      return;
    }
    const origin = requestOrigin(req);
    const allowed = policy.isAllowedOrigin(origin);
    const cors = allowed ? corsHeaders(origin) : {};
    const url = parseTarget(req.url);
    if (!url) {
      reply(res, 400, { error: 'the request target is not a valid URL path' }, cors);
      return;
    }

    if (req.method === 'OPTIONS') {
      res.writeHead(allowed ? 204 : 403, cors);
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/health') {
      reply(res, 200, { ok: true, nodeVersion: process.version, platform: process.platform }, cors);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/sessions') {
      if (!allowed) {
        reply(res, 403, { error: `origin ${origin ?? '(none)'} may not use the local runner` });
        return;
      }
      const key = req.headers[ACCESS_KEY_HEADER.toLowerCase()];
      if (accessKey && !sameSecret(accessKey, Array.isArray(key) ? key[0] : key)) {
        reply(
          res,
          401,
          {
            error:
              'the local runner needs its access key: open the site through the link "npm start" printed (it ends with #runner-key=…)',
          },
          cors,
        );
        return;
      }
      if (sessionsFull()) {
        reply(res, 503, { error: sessionsFullMessage() }, cors);
        return;
      }
      const sessionId = randomUUID();
      const token = randomBytes(24).toString('base64url');
      const expires = setTimeout(() => pending.delete(sessionId), sessionClaimMs);
      expires.unref();
      pending.set(sessionId, { token: Buffer.from(token), expires });
      const grant: SessionGrant = { sessionId, token };
      reply(res, 201, grant, cors);
      return;
    }
    reply(res, 404, { error: 'not found' }, cors);
  }

  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {
      // A peer that reset its connection mid-handshake; nothing to tell.
    });
    const refuse = (status: number, why: string) => {
      log(`refused a WebSocket: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\n\r\n`);
    };
    if (!policy.isLoopbackHost(req.headers.host)) return refuse(421, 'Misdirected Request');
    if (!policy.isAllowedOrigin(requestOrigin(req))) return refuse(403, 'Forbidden origin');
    const url = parseTarget(req.url);
    if (!url) return refuse(400, 'Bad Request');
    const match = /^\/sessions\/([0-9a-f-]{36})$/.exec(url.pathname);
    const grant = match ? pending.get(match[1]!) : undefined;
    if (!match || !grant || !sameSecret(grant.token, url.searchParams.get('token'))) {
      return refuse(401, 'Unauthorized');
    }
    pending.delete(match[1]!);
    clearTimeout(grant.expires);
    wss.handleUpgrade(req, socket, head, (ws) => {
      openSession(ws, match[1]!).catch((err: unknown) => {
        log(`could not open a session: ${err instanceof Error ? err.message : String(err)}`);
        ws.close(1011, 'the local runner could not make a work folder for this page');
      });
    });
  });

  async function openSession(ws: WebSocket, sessionId: string): Promise<void> {
    closeOnBadFrames(ws, limits.maxMessageBytes, log);
    if (live.size >= limits.maxSessions) {
      ws.close(1013, sessionsFullMessage().slice(0, 120));
      return;
    }
    // Nothing is read until the session can take it (a message would otherwise find no listener).
    ws.pause();
    const root = path.join(workRoot, sessionId);
    await mkdir(root, { recursive: true });
    if (ws.readyState !== ws.OPEN) {
      // The page (or the runner's close()) ended the connection while the folder was made.
      await removeTree(root);
      return;
    }
    let resumeTimer: NodeJS.Timeout | undefined;
    // Reading from the page stops while its messages wait for the session (queueFull) or while it
    // does not read what it is sent (pageBehind): nothing the page sends then grows the runner.
    const queue: ClientMessage[] = [];
    let pageBehind = false;
    const updateReading = () => {
      if (ws.readyState !== ws.OPEN) return;
      const stop = pageBehind || queue.length >= MAX_QUEUED_MESSAGES;
      if (stop && !ws.isPaused) ws.pause();
      else if (!stop && ws.isPaused && reading) ws.resume();
    };
    let reading = false;
    const send = (message: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(message));
      // A page that does not read what it is sent: its programs wait (their pipes fill), and its
      // own messages are not read, until it does.
      if (ws.bufferedAmount > maxQueuedToPageBytes && !resumeTimer) {
        pageBehind = true;
        session.pauseOutput(true);
        updateReading();
        resumeTimer = setInterval(() => {
          if (ws.readyState === ws.OPEN && ws.bufferedAmount > maxQueuedToPageBytes / 2) return;
          clearInterval(resumeTimer);
          resumeTimer = undefined;
          pageBehind = false;
          session.pauseOutput(false);
          updateReading();
        }, 20);
      }
    };
    const session = new RunnerSession({
      root,
      limits,
      send,
      budget,
      watchdog,
      marker: markerOf(runnerId, sessionId),
    });
    live.add(session);
    log(`session ${sessionId.slice(0, 8)} opened (${live.size} live)`);

    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, options.heartbeatMs ?? 10_000);
    ws.on('pong', () => (alive = true));

    // One message at a time, in order; a page that sends faster is not read until the session catches up.
    let draining = false;
    let refused = 0;
    const drain = async () => {
      draining = true;
      while (queue.length > 0) {
        await session.handle(queue.shift()!);
        if (queue.length < MAX_QUEUED_MESSAGES / 2) updateReading();
      }
      draining = false;
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(CloseCode.unsupportedData, 'binary messages are not accepted: the runner speaks JSON text');
        return;
      }
      const parsed = parseClientMessage(data.toString(), limits);
      if (!parsed.ok) {
        // The site's own pages send none of these: a client that keeps sending them is cut off.
        if (++refused > MAX_REFUSED_MESSAGES) {
          ws.close(
            CloseCode.policyViolation,
            `closed after ${MAX_REFUSED_MESSAGES} messages the runner does not accept`,
          );
          return;
        }
        // A refused request is answered as a request, so the page's call ends with the reason.
        if (parsed.requestId !== undefined)
          send({ type: 'response', id: parsed.requestId, ok: false, error: parsed.error });
        else send({ type: 'output', pid: 0, stream: 'notice', text: parsed.error });
        return;
      }
      queue.push(parsed.message);
      updateReading();
      if (!draining) void drain();
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      clearInterval(resumeTimer);
      queue.length = 0;
      live.delete(session);
      void session
        .dispose()
        .then((gone) =>
          log(
            `session ${sessionId.slice(0, 8)} closed; its processes were stopped${
              gone ? '' : `; its folder ${root} could not be removed entirely`
            }`,
          ),
        );
    });
    send({ type: 'hello', nodeVersion: process.version, platform: process.platform, limits });
    reading = true;
    updateReading();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  policy = createOriginPolicy(options.allowedOrigins, port);

  return {
    url: `http://${host}:${port}`,
    port,
    workDir: workRoot,
    watchdogPid: watchdog.pid,
    staleFoldersRemoved,
    sessionCount: () => live.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await Promise.all([...live].map((s) => s.dispose()));
      live.clear();
      for (const grant of pending.values()) clearTimeout(grant.expires);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await removeTree(workRoot);
      watchdog.close();
    },
  };
}
