import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RunnerLimits, ServerMessage, SessionGrant } from '../src/runtimes/local/protocol';
import { parseClientMessage } from './client-message';
import { defaultLimits, maxMessageBytes, sessionClaimMs } from './limits';
import { createOriginPolicy, requestOrigin } from './origin-policy';
import { RunnerSession } from './session';

export interface RunnerOptions {
  /** Always loopback; the option exists so tests can say so explicitly. */
  readonly host?: '127.0.0.1';
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly allowedOrigins: readonly string[];
  readonly limits?: Partial<RunnerLimits>;
  readonly heartbeatMs?: number;
  readonly log?: (line: string) => void;
}

export interface RunningRunner {
  readonly url: string;
  readonly port: number;
  /** The folder that holds one sub-folder per live session. */
  readonly workDir: string;
  /** Number of live page sessions (tests). */
  sessionCount(): number;
  close(): Promise<void>;
}

interface PendingGrant {
  readonly token: Buffer;
  readonly expires: NodeJS.Timeout;
}

function sameToken(expected: Buffer, given: string | null): boolean {
  if (!given) return false;
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The local runner: runs lab programs with this machine's Node for pages of the course
 * site. Loopback only; only the site's origins, and only with a session token.
 *
 *   GET  /health                 is the runner there? (which Node)
 *   POST /sessions               a session id and token for one page
 *   WS   /sessions/:id?token=…   the session: mount files, spawn, stdin, kill, output
 */
export async function startRunner(options: RunnerOptions): Promise<RunningRunner> {
  const host = '127.0.0.1';
  const limits: RunnerLimits = { ...defaultLimits, ...options.limits };
  const log = options.log ?? (() => {});
  const pending = new Map<string, PendingGrant>();
  const live = new Set<RunnerSession>();
  const workRoot = await mkdtemp(path.join(tmpdir(), 'tcp-course-runner-'));
  let policy = createOriginPolicy(options.allowedOrigins, options.port);

  const server: Server = createServer((req, res) => handleHttp(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  function corsHeaders(origin: string): Record<string, string> {
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Content-Type',
      // Chrome's Private Network Access asks before a page reaches loopback.
      'Access-Control-Allow-Private-Network': 'true',
      Vary: 'Origin',
    };
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!policy.isLoopbackHost(req.headers.host)) {
      reply(res, 421, { error: 'the local runner answers only to loopback host names' });
      return;
    }
    const origin = requestOrigin(req);
    const allowed = policy.isAllowedOrigin(origin);
    const cors = allowed ? corsHeaders(origin) : {};
    const url = new URL(req.url ?? '/', `http://${host}`);

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

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, why: string) => {
      log(`refused a WebSocket: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\n\r\n`);
    };
    if (!policy.isLoopbackHost(req.headers.host)) return refuse(421, 'Misdirected Request');
    if (!policy.isAllowedOrigin(requestOrigin(req))) return refuse(403, 'Forbidden origin');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const match = /^\/sessions\/([0-9a-f-]{36})$/.exec(url.pathname);
    const grant = match ? pending.get(match[1]!) : undefined;
    if (!match || !grant || !sameToken(grant.token, url.searchParams.get('token'))) {
      return refuse(401, 'Unauthorized');
    }
    pending.delete(match[1]!);
    clearTimeout(grant.expires);
    wss.handleUpgrade(req, socket, head, (ws) => void openSession(ws, match[1]!));
  });

  async function openSession(ws: WebSocket, sessionId: string): Promise<void> {
    const root = path.join(workRoot, sessionId);
    await mkdir(root, { recursive: true });
    if (ws.readyState !== ws.OPEN) {
      // The page (or the runner's close()) ended the connection while the folder was made.
      await rm(root, { recursive: true, force: true });
      return;
    }
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const session = new RunnerSession(root, limits, send);
    live.add(session);
    log(`session ${sessionId.slice(0, 8)} opened (${live.size} live)`);

    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, options.heartbeatMs ?? 10_000);
    ws.on('pong', () => (alive = true));

    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseClientMessage(data.toString());
      if (!parsed.ok) {
        send({ type: 'output', pid: 0, stream: 'notice', text: parsed.error });
        return;
      }
      void session.handle(parsed.message);
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      live.delete(session);
      void session.dispose().then(() => log(`session ${sessionId.slice(0, 8)} closed; its processes were stopped`));
    });
    send({ type: 'hello', nodeVersion: process.version, platform: process.platform, limits });
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
    sessionCount: () => live.size,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await Promise.all([...live].map((s) => s.dispose()));
      live.clear();
      for (const grant of pending.values()) clearTimeout(grant.expires);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}
