/**
 * The page tests/browser/linux-runtime.test.ts and bench/linux.ts open (bundled by
 * linux-browser.ts): "Linux in your browser" started as a lab starts it (v86 from /v86/, the state
 * from /linux/ through the Cache API), driven from the test through window.linuxLab.
 */
import { startBrowserLinux, type DownloadProgress } from '../../src/runtimes/linux/browser-machine';
import type { KernelEvent } from '../../src/runtimes/linux/kernel-events';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';
import type { ExitStatus, RunningProcess } from '../../src/runtimes/runtime';

export interface ExperimentResult {
  readonly serverExit: ExitStatus;
  readonly clientExit: ExitStatus | null;
  readonly serverText: string;
  readonly clientText: string;
  readonly events: KernelEvent[];
  readonly port: number;
  /** ms after navigation start */
  readonly serverListening: number;
  readonly firstReply: number | null;
  readonly compileToListeningMs: number;
}

export interface LinuxLabPage {
  start(): Promise<{ readyAt: number; progress: DownloadProgress[] }>;
  /** Starts compiling the echo lab's files as the lab does after a restore; resolves when done (ms it took). */
  precompile(sources: { server: string; client: string }): Promise<number>;
  experiment(options: {
    sources: { server: string; client: string } | null;
    mode: 'default' | 'ignore' | 'handler';
    lines: string[];
  }): Promise<ExperimentResult>;
  reset(): Promise<number>;
}

declare global {
  interface Window {
    linuxLab: LinuxLabPage;
  }
}

const now = () => Math.round(performance.now());

/** Collects a process's terminal text; `until` resolves when it matches. */
function watch(process: RunningProcess) {
  let text = '';
  const waiters = new Set<() => void>();
  void (async () => {
    const reader = process.output.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += value.text;
      for (const w of waiters) w();
    }
  })();
  return {
    text: () => text.replace(/\r\n/g, '\n'),
    until: (pattern: RegExp) =>
      new Promise<number>((resolve) => {
        const check = () => {
          if (!pattern.test(text)) return;
          waiters.delete(check);
          resolve(now());
        };
        waiters.add(check);
        check();
      }),
  };
}

const echoDir = 'echo';
const echoFiles = (sources: { server: string; client: string }) => [
  { path: 'delayed-echo-server.c', content: sources.server },
  { path: 'echo-client.c', content: sources.client },
];

let runtime: LinuxRuntime | null = null;
let events: KernelEvent[] = [];
const need = () => {
  if (!runtime) throw new Error('start() first');
  return runtime;
};

window.linuxLab = {
  async start() {
    const progress: DownloadProgress[] = [];
    runtime = await startBrowserLinux({ baseUrl: '/', onProgress: (p) => progress.push(p) });
    runtime.onKernelEvent((e) => events.push(e));
    return { readyAt: now(), progress };
  },
  async precompile(sources) {
    const started = now();
    await need().precompile(echoDir, echoFiles(sources));
    return now() - started;
  },
  async experiment({ sources, mode, lines }) {
    const linux = need();
    const dir = echoDir;
    if (sources) await linux.mount(dir, echoFiles(sources));
    // With sources: compile them; without: run the binaries an earlier experiment compiled.
    const file = (name: string) => (sources ? `${name}.c` : name);
    const port = await linux.reservePort();
    events = [];
    const started = now();
    const server = await linux.spawn({
      dir,
      file: file('delayed-echo-server'),
      args: [String(port), '150', mode],
      env: {},
    });
    const serverOut = watch(server);
    const serverListening = await serverOut.until(/server: listening/);
    const client = await linux.spawn({ dir, file: file('echo-client'), args: [String(port)], env: {} });
    const clientOut = watch(client);
    await clientOut.until(/client: connected/);
    let firstReply: number | null = null;
    void clientOut.until(/reply: Hi, data1/).then((t) => (firstReply = t));
    client.writeInput(lines.map((l) => `${l}\n`).join(''));
    const serverExit = await server.exit;
    const clientExit = await Promise.race([client.exit, new Promise<null>((r) => setTimeout(() => r(null), 1500))]);
    if (!clientExit) client.kill();
    await new Promise((r) => setTimeout(r, 300)); // the last /proc/net/tcp sample
    return {
      serverExit,
      clientExit,
      serverText: serverOut.text(),
      clientText: clientOut.text(),
      events: [...events],
      port,
      serverListening,
      firstReply,
      compileToListeningMs: serverListening - started,
    };
  },
  async reset() {
    const started = now();
    await need().reset();
    return now() - started;
  },
};
