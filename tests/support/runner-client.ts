import WebSocket from 'ws';
import { LocalRuntime, type WebSocketLike } from '../../src/runtimes/local/local-runtime';
import type { OutputChunk, RunningProcess } from '../../src/runtimes/runtime';

export const SITE_ORIGIN = 'http://localhost:3000';

/** A LocalRuntime as a page from `origin` would open it (Node's `ws` sends the Origin header a browser would). */
export function connectAs(baseUrl: string, origin = SITE_ORIGIN, onDisconnect?: (reason: string) => void) {
  return LocalRuntime.connect({
    baseUrl,
    timeoutMs: 3000,
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
