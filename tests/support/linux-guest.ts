/** Driving the Linux runtime under Node: the committed saved state, processes and their output. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExitStatus, OutputChunk, RunningProcess, SpawnRequest } from '../../src/runtimes/runtime';
import { LinuxRuntime, type LinuxRuntimeLimits } from '../../src/runtimes/linux/linux-runtime';
import { imageManifestSchema } from '../../src/runtimes/linux/image-manifest';
import { readImageFile, startNodeMachine } from '../../src/runtimes/linux/node-machine';
import { cSourceDir } from './c-programs';

/** Restores the committed saved state and waits for the guest agent (knowing the lab files it holds, as the page does). */
export async function startLinuxRuntime(limits?: LinuxRuntimeLimits): Promise<LinuxRuntime> {
  const state = await readImageFile('state.bin.zst');
  const manifest = imageManifestSchema.parse(
    JSON.parse(new TextDecoder().decode(await readImageFile('manifest.json'))),
  );
  const machine = await startNodeMachine({ state });
  const runtime = new LinuxRuntime(machine, limits, manifest.labFiles);
  await runtime.ready();
  return runtime;
}

/** The course's reference C files, as lab files. */
export async function referenceFiles(...names: string[]) {
  return Promise.all(
    names.map(async (name) => ({ path: name, content: await readFile(path.join(cSourceDir, name), 'utf8') })),
  );
}

/** A process whose output is collected as text, with a way to wait for some of it. */
export interface WatchedProcess {
  readonly process: RunningProcess;
  /** Everything the terminal showed, \r\n turned into \n. */
  text(): string;
  /** Only what the program wrote (the runtime's notices and the terminal's echo left out). */
  programText(): string;
  /** Each chunk of output in the order it came, with its kind (stdout, echo, notice, ...). */
  readonly chunks: readonly OutputChunk[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  readonly exit: Promise<ExitStatus>;
}

export async function spawnWatched(
  runtime: LinuxRuntime,
  request: Omit<SpawnRequest, 'env'> & { env?: Record<string, string> },
): Promise<WatchedProcess> {
  const process = await runtime.spawn({ env: {}, ...request });
  let all = '';
  let own = '';
  const chunks: OutputChunk[] = [];
  const waiters = new Set<() => void>();
  const pump = (async () => {
    const reader = process.output.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      chunks.push(value);
      // A notice reads as the lab's terminal shows it: on a line of its own, in brackets.
      all += value.stream === 'notice' ? `[${value.text}]\r\n` : value.text;
      if (value.stream === 'stdout' || value.stream === 'stderr') own += value.text;
      for (const w of waiters) w();
    }
  })();
  const clean = (t: string) => t.replace(/\r\n/g, '\n');
  return {
    process,
    text: () => clean(all),
    programText: () => clean(own),
    chunks,
    exit: process.exit.then(async (status) => {
      await pump;
      return status;
    }),
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(clean(all))) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; terminal shows:\n${clean(all)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
  };
}

/**
 * What a lab user can see of the guest's memory: each terminal's cgroup (use, cap, events), the
 * processes, the kernel's free memory. For a test's failure message when an OOM was awaited.
 */
export async function guestMemoryReport(runtime: LinuxRuntime): Promise<string> {
  const script = [
    'for d in /sys/fs/cgroup/tty*; do echo "$d current=$(cat $d/memory.current) max=$(cat $d/memory.max)"; tr "\\n" " " < $d/memory.events; echo; done',
    'ps -o user,pid,stat,rss,args',
    'head -3 /proc/meminfo',
  ].join('; ');
  const report = await spawnWatched(runtime, { dir: '', file: '/bin/sh', args: ['-c', script] });
  const timeout = new Promise<string>((resolve) =>
    setTimeout(() => resolve('(the guest did not answer in 20 s)'), 20_000),
  );
  return Promise.race([report.exit.then(() => report.programText()), timeout]);
}

/** The lines a demo program printed about itself ("server: …", "client: …"), in order. */
export const programLines = (text: string): string[] =>
  text.split('\n').filter((line) => /^(server|client): /.test(line));

/**
 * The lab users' processes still in the guest (ps, run as one of them, less itself), asked again
 * until there are none or `waitMs` passed: processes SIGKILLed a moment ago may still be dying,
 * or waiting to be reaped, on a busy machine. Returns what was left the last time.
 */
export async function labProcessesLeft(runtime: LinuxRuntime, waitMs = 15_000): Promise<string[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const ps = await spawnWatched(runtime, { dir: '', file: '/bin/ps', args: ['-o', 'user,pid,args'] });
    await ps.exit;
    const left = ps
      .programText()
      .split('\n')
      .filter((line) => /^lab\d?\s/.test(line) && !/ps -o/.test(line));
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
