import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../../runner/session';
import type { Lab } from '../../src/labs/types';
import type { CHost, CHostProcess } from './play-c-scenario';

const aimScript = path.resolve(__dirname, 'native-aim.sh');

/** The host's C compiler: $CC, else cc, gcc or clang; null when there is none. */
export function findHostCompiler(): string | null {
  for (const cc of [process.env['CC'], 'cc', 'gcc', 'clang']) {
    if (!cc) continue;
    try {
      execFileSync(cc, ['--version'], { stdio: 'ignore' });
      return cc;
    } catch {
      // Try the next one.
    }
  }
  return null;
}

/** The compiler's first --version line, e.g. "gcc (Debian 12.2.0-14) 12.2.0". */
export const compilerVersion = (cc: string): string =>
  execFileSync(cc, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();

/**
 * Native Linux: the lab's files in a fresh folder, each process's C file built by the host's
 * compiler (-Wall, as tcc in the guest), each program run with pipes for its input and output
 * (stdout and stderr together, as one terminal shows them).
 */
export class NativeCHost implements CHost {
  private dir = '';
  constructor(private readonly cc: string) {}

  async prepare(lab: Lab): Promise<void> {
    this.dir = await mkdtemp(path.join(tmpdir(), `c-lab-${lab.id}-`));
    for (const file of lab.files) await writeFile(path.join(this.dir, file.path), file.content);
    for (const spec of lab.processes) {
      execFileSync(this.cc, ['-Wall', '-O1', '-o', spec.file.replace(/\.c$/, ''), spec.file], {
        cwd: this.dir,
        stdio: 'pipe',
      });
    }
  }

  port(): Promise<number> {
    return freeLoopbackPort();
  }

  start(spec: Lab['processes'][number], args: string[]): Promise<CHostProcess> {
    const program = `./${spec.file.replace(/\.c$/, '')}`;
    // A process with a fault aimed at its wire runs in a network namespace of its own, with the
    // same fault set on its lo (native-aim.sh), so that its reference is native Linux too.
    const [command, argv] = spec.aim
      ? ['unshare', ['-n', 'bash', aimScript, spec.aim.kind, String(spec.aim.count), program, ...args]]
      : [program, args];
    const child = spawn(command, argv, {
      cwd: this.dir,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...spec.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const listeners: ((text: string) => void)[] = [];
    const emit = (text: string) => listeners.forEach((l) => l(text));
    child.stdout.setEncoding('utf8').on('data', emit);
    child.stderr.setEncoding('utf8').on('data', emit);
    child.stdin.on('error', () => {}); // a program that has ended does not read its input
    return Promise.resolve({
      onOutput: (listener) => listeners.push(listener),
      writeInput: (text) => child.stdin.write(text),
      kill: () => child.kill('SIGKILL'),
      exit: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
    });
  }
}
