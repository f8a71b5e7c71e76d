import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

export interface RunnerProcess {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The local runner started as `npm start` starts it (scripts/start.mjs): its own Node process
 * with `runner/node-args.json`, not inside the bench's process, so the bench measures the
 * runner a learner runs.
 */
export async function startRunnerProcess(port: number, allowedOrigins: readonly string[]): Promise<RunnerProcess> {
  const args = JSON.parse(readFileSync(path.join(root, 'runner', 'node-args.json'), 'utf8')) as string[];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOCAL_RUNNER_PORT: String(port), RUNNER_ALLOWED_ORIGINS: allowedOrigins.join(',') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('running lab code')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the runner exited (${code}) before it was ready: ${said}`)));
  });
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
