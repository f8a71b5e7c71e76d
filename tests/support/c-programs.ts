import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const cSourceDir = path.resolve(__dirname, '../../reference/c');
/** Programs that check, on the host's kernel, facts the lessons state (they include demo.h). */
export const nativeFactsDir = path.resolve(__dirname, '../native-c');

/** The system C compiler, or null (then the C tests are skipped with a message). */
export { findHostCompiler as findCompiler } from '../../scripts/references/native-c-host';

/** Compiles <sourceDir>/<name>.c (reference/c by default) with warnings as errors; returns the binary's path. */
export function compile(
  cc: string,
  name: string,
  outDir = mkdtempSync(path.join(tmpdir(), 'course-c-')),
  sourceDir = cSourceDir,
): string {
  const out = path.join(outDir, name);
  execFileSync(
    cc,
    ['-Wall', '-Wextra', '-Werror', '-O1', '-I', cSourceDir, '-o', out, path.join(sourceDir, `${name}.c`)],
    { stdio: 'pipe' },
  );
  return out;
}

export interface CRun {
  readonly stdout: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs a compiled demo to its end (or kills it after timeoutMs). */
export function runBinary(
  binary: string,
  args: readonly string[] = [],
  timeoutMs = 10_000,
  /** Called with everything printed so far, each time more comes. */
  onOutput?: (soFar: string) => void,
): Promise<CRun> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const take = (t: string) => {
      stdout += t;
      onOutput?.(stdout);
    };
    child.stdout.setEncoding('utf8').on('data', take);
    child.stderr.setEncoding('utf8').on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, code, signal });
    });
  });
}
