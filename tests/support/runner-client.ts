import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { LocalRuntime, type WebSocketLike } from '../../src/runtimes/local/local-runtime';
import type { ServerMessage } from '../../src/runtimes/local/protocol';
import type { OutputChunk, RunningProcess } from '../../src/runtimes/runtime';

export const SITE_ORIGIN = 'http://localhost:3000';

/** A LocalRuntime as a page from `origin` would open it (Node's `ws` sends the Origin header a browser would). */
export function connectAs(baseUrl: string, origin = SITE_ORIGIN, onDisconnect?: (reason: string) => void) {
  return LocalRuntime.connect({
    baseUrl,
    // The page gives up on a runner after 3 s; a test's runner is there, only perhaps slow to
    // answer on a busy machine (a connection once took longer than 3 s under load 9).
    timeoutMs: 30_000,
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, Origin: origin } }),
    createWebSocket: (url) => new WebSocket(url, { origin }) as unknown as WebSocketLike,
    ...(onDisconnect ? { onDisconnect } : {}),
  });
}

/** Everything a process printed until it exited, with its exit status. */
export async function collect(proc: RunningProcess) {
  const chunks: OutputChunk[] = [];
  const reader = proc.output.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const exit = await proc.exit;
  const text = (stream: OutputChunk['stream']) =>
    chunks
      .filter((c) => c.stream === stream)
      .map((c) => c.text)
      .join('');
  const trace = chunks.filter((c) => c.stream === 'trace').map((c) => c.text);
  return { exit, stdout: text('stdout'), stderr: text('stderr'), notices: text('notice'), trace };
}

/** A session grant, as a page from `origin` asks for one. */
export async function grantFor(baseUrl: string, origin = SITE_ORIGIN) {
  const res = await fetch(`${baseUrl}/sessions`, { method: 'POST', headers: { Origin: origin } });
  if (res.status !== 201) throw new Error(`POST /sessions answered ${res.status}`);
  return (await res.json()) as { sessionId: string; token: string };
}

/**
 * A session spoken to in raw JSON through `ws` (no page-side checks), for messages a real page
 * would not send. `request` resolves with the runner's response.
 */
export async function openJsonSession(baseUrl: string, origin = SITE_ORIGIN) {
  const grant = await grantFor(baseUrl, origin);
  const ws = new WebSocket(
    `${baseUrl.replace(/^http/, 'ws')}/sessions/${grant.sessionId}?token=${encodeURIComponent(grant.token)}`,
    { origin },
  );
  const messages: ServerMessage[] = [];
  const waiters = new Map<number, (m: ServerMessage) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    messages.push(message);
    if (message.type === 'response') waiters.get(message.id)?.(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  return {
    ws,
    messages,
    closed,
    send: (message: unknown) => ws.send(JSON.stringify(message)),
    request(body: Record<string, unknown>) {
      const id = nextId++;
      return new Promise<Extract<ServerMessage, { type: 'response' }>>((resolve) => {
        waiters.set(id, (m) => resolve(m as Extract<ServerMessage, { type: 'response' }>));
        ws.send(JSON.stringify({ type: 'request', id, ...body }));
      });
    },
  };
}

/** One WebSocket frame, built by hand: the fields a library would not let a test get wrong. */
export function wsFrame(options: {
  opcode: number;
  payload?: Buffer;
  fin?: boolean;
  rsv1?: boolean;
  masked?: boolean;
  /** Announce this length instead of the payload's (to send only the start of a huge message). */
  announcedLength?: number;
}): Buffer {
  const payload = options.payload ?? Buffer.alloc(0);
  const length = options.announcedLength ?? payload.length;
  const masked = options.masked ?? true;
  const first = ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | options.opcode;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  else if (length < 65536) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(length, 2);
    header[1] = (masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(BigInt(length), 2);
    header[1] = (masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, payload]);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

/**
 * A session's WebSocket opened over a bare TCP socket, so a test can send frames no library
 * sends. `closeFrame` resolves with the code and reason of the runner's close frame.
 */
export async function openRawSession(baseUrl: string, origin = SITE_ORIGIN) {
  const grant = await grantFor(baseUrl, origin);
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    [
      `GET /sessions/${grant.sessionId}?token=${encodeURIComponent(grant.token)} HTTP/1.1`,
      `Host: ${url.host}`,
      `Origin: ${origin}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let resolveClose!: (v: { code: number; reason: string }) => void;
  const closeFrame = new Promise<{ code: number; reason: string }>((resolve) => (resolveClose = resolve));
  let resolveHello!: () => void;
  const hello = new Promise<void>((resolve) => (resolveHello = resolve));
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      if (!buffer.subarray(0, end).toString().startsWith('HTTP/1.1 101')) throw new Error('no upgrade');
      upgraded = true;
      buffer = buffer.subarray(end + 4);
    }
    // Server frames are unmasked; the runner's are small enough for a 7- or 16-bit length.
    while (buffer.length >= 2) {
      let length = buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const opcode = buffer[0]! & 0x0f;
      const payload = buffer.subarray(offset, offset + length);
      buffer = buffer.subarray(offset + length);
      if (opcode === 1 && payload.toString().includes('"hello"')) resolveHello();
      if (opcode === 8) {
        resolveClose({
          code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
          reason: payload.subarray(2).toString(),
        });
      }
    }
  });
  await hello;
  return { socket, closeFrame };
}

/** A lab file as the runner's clients send it. */
export const file = (name: string, content: string) => ({ path: name, content });

/** Whether a process with this pid exists (signal 0 tests without sending). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
