import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const labsDir = path.resolve(__dirname, '../../labs');

/** A lab program run with plain `node`, its output collected. */
export interface RunningProgram {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when `pattern` appears on stdout; rejects after `timeoutMs`. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<void>;
  type(line: string): void;
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export { freeLoopbackPort as freePort } from '../../runner/session';

/** Runs `file` of lab `labId` as it is in the repo. */
export function runProgram(labId: string, file: string, env: Record<string, string>): RunningProgram {
  return runFileIn(path.join(labsDir, labId), file, env);
}

/**
 * A copy of a lab with some of its files changed, in a temporary folder: for checking
 * what the lessons say happens after an edit.
 */
export async function labCopyWith(
  labId: string,
  edits: Record<string, (source: string) => string>,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `${labId}-`));
  await cp(path.join(labsDir, labId), dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const source = await readFile(path.join(dir, file), 'utf8');
    const changed = edit(source);
    if (changed === source) throw new Error(`the edit to ${file} changed nothing`);
    await writeFile(path.join(dir, file), changed);
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function runFileIn(cwd: string, file: string, env: Record<string, string>): RunningProgram {
  const child = spawn(process.execPath, [file], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (err += text));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const matches = (pattern: string | RegExp) =>
    typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out);

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (matches(pattern)) return resolve();
          if (Date.now() - started > timeoutMs) {
            return reject(
              new Error(
                `${file} did not print ${String(pattern)} within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            );
          }
          setTimeout(check, 10);
        };
        check();
      });
    },
    type(line) {
      child.stdin.write(`${line}\n`);
    },
    exited(timeoutMs = 5000) {
      return Promise.race([
        exit,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`${file} did not exit within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`)),
            timeoutMs,
          ).unref(),
        ),
      ]);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * The experiment's client on `port`, once connected, having typed data1, data2 and then
 * `ending`. It is added to `started` so that the test's clean-up stops it.
 */
export async function experimentClient(
  port: string,
  ending: 'close' | 'shutdown',
  started: RunningProgram[],
): Promise<RunningProgram> {
  const client = runProgram('close-vs-shutdown', 'client.js', { PORT: port });
  started.push(client);
  // Typing before the connection is up would be refused, as it is for a learner.
  await client.waitFor('connected to');
  for (const line of ['data1', 'data2', ending]) client.type(line);
  return client;
}
