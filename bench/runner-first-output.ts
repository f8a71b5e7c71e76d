import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import type { ServerMessage, SessionGrant } from '../src/runtimes/local/protocol';
import { freePort } from '../tests/support/lab-harness';

const root = path.resolve(__dirname, '..');

/**
 * Start → first output through the runner alone: a WebSocket client in this process asks the
 * runner (as `npm start` runs it) to start the lab's server, as the page does, and times the
 * first stdout chunk. Set beside the page's number, it tells the runner's share (its checks,
 * the spawn, the trace preload) from the browser's.
 */
export async function runnerFirstOutputMs(runnerUrl: string, origin: string, runs: number): Promise<number[]> {
  const res = await fetch(`${runnerUrl}/sessions`, { method: 'POST', headers: { Origin: origin } });
  const grant = (await res.json()) as SessionGrant;
  const ws = new WebSocket(
    `${runnerUrl.replace(/^http/, 'ws')}/sessions/${grant.sessionId}?token=${encodeURIComponent(grant.token)}`,
    { origin },
  );
  const listeners = new Set<(message: ServerMessage) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    for (const listener of listeners) listener(message);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const request = (body: Record<string, unknown>) =>
    new Promise<number | undefined>((resolve, reject) => {
      const id = nextId++;
      const listener = (m: ServerMessage) => {
        if (m.type !== 'response' || m.id !== id) return;
        listeners.delete(listener);
        if (m.ok) resolve(m.value);
        else reject(new Error(m.error));
      };
      listeners.add(listener);
      ws.send(JSON.stringify({ type: 'request', id, ...body }));
    });
  const source = readFileSync(path.join(root, 'labs', 'close-vs-shutdown', 'server.js'));
  await request({ op: 'clear', dir: 'lab' });
  await request({ op: 'write', dir: 'lab', path: 'server.js', base64: source.toString('base64') });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      const started = performance.now();
      let firstAt = 0;
      let pid = -1;
      const ended = new Promise<void>((resolve) => {
        const listener = (m: ServerMessage) => {
          if (m.type === 'output' && m.pid === pid && m.stream === 'stdout' && !firstAt) {
            firstAt = performance.now();
            ws.send(JSON.stringify({ type: 'kill', pid }));
          }
          if (m.type === 'exit' && m.pid === pid) {
            listeners.delete(listener);
            resolve();
          }
        };
        listeners.add(listener);
      });
      pid = (await request({
        op: 'spawn',
        dir: 'lab',
        file: 'server.js',
        env: { PORT: String(port) },
        trace: 'server',
      }))!;
      await ended;
      times.push(Math.round(firstAt - started));
    }
  } finally {
    ws.close();
  }
  return times;
}
