/**
 * The page bench/linux.ts opens: starts "Linux in your browser" as a lab would (v86 from /v86/,
 * the state from /linux/ through the Cache API), then plays the C shutdown run. Times are ms
 * after navigation start, written to window.benchResult.
 */
import { startBrowserLinux, type DownloadProgress } from '../src/runtimes/linux/browser-machine';
import type { RunningProcess } from '../src/runtimes/runtime';

declare global {
  interface Window {
    benchSources: { server: string; client: string };
    benchResult?: Record<string, number | string>;
  }
}

const now = () => Math.round(performance.now());

function waitForOutput(process: RunningProcess, pattern: RegExp): { done: Promise<void>; text: () => string } {
  let text = '';
  const done = (async () => {
    const reader = process.output.getReader();
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) throw new Error(`never saw ${pattern}: ${text}`);
      text += value.text;
      if (pattern.test(text)) {
        reader.releaseLock();
        return;
      }
    }
  })();
  return { done, text: () => text };
}

async function main(): Promise<Record<string, number | string>> {
  let progress: DownloadProgress | null = null;
  const runtime = await startBrowserLinux({ baseUrl: '/', onProgress: (p) => (progress = p) });
  const ready = now();
  const { server, client } = window.benchSources;
  // The warm-up compile a lab may run while the learner reads (v86's JIT warms up on it).
  await runtime.warmUp();
  const warmedUp = now();
  await runtime.mount('echo', [
    { path: 'delayed-echo-server.c', content: server },
    { path: 'echo-client.c', content: client },
  ]);
  const port = String(await runtime.reservePort());
  const compileStart = now();
  const serverProcess = await runtime.spawn({
    dir: 'echo',
    file: 'delayed-echo-server.c',
    args: [port, '150', 'default'],
    env: {},
  });
  const listening = waitForOutput(serverProcess, /server: listening/);
  await listening.done;
  const serverListening = now();
  const clientProcess = await runtime.spawn({ dir: 'echo', file: 'echo-client.c', args: [port], env: {} });
  const connected = waitForOutput(clientProcess, /client: connected/);
  await connected.done;
  const runStart = now();
  clientProcess.writeInput('data1\ndata2\nshutdown\n');
  const reply = waitForOutput(clientProcess, /reply: Hi, data1/);
  await reply.done;
  const firstReply = now();
  const exit = await serverProcess.exit;
  const resetStart = now();
  await runtime.reset();
  const resetMs = now() - resetStart;
  const downloaded = (progress as DownloadProgress | null)?.percent ?? 'cached';
  runtime.dispose();
  return {
    ready,
    warmUpCompileMs: warmedUp - ready,
    compileServerToListeningMs: serverListening - compileStart,
    typedToFirstReplyMs: firstReply - runStart,
    firstReply,
    resetMs,
    serverExit: JSON.stringify(exit),
    downloadPercent: downloaded,
  };
}

main().then(
  (result) => (window.benchResult = result),
  (error: unknown) => (window.benchResult = { error: String(error) }),
);
