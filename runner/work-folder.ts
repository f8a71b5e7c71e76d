import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, readFileSync } from 'node:fs';
import { lstat, mkdtemp, open, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeTree } from './remove-tree';
import { LAB_MARKER_VARIABLE } from './watchdog/marker';

/** Every runner's work folder is `<parent>/tcp-course-runner-XXXXXX`, with an owner file in it. */
export const WORK_FOLDER_PREFIX = 'tcp-course-runner-';
const OWNER_FILE = 'runner-owner.json';
const SUPERVISOR = path.join(__dirname, 'watchdog', 'supervisor.cjs');

interface Owner {
  readonly runnerId: string;
  readonly pid: number;
  /** The process's start time (Linux, from /proc), so a reused pid is not taken for the runner. */
  readonly started: string | null;
}

function startTimeOf(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name in parentheses (which may itself hold spaces).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return owner.started === null || startTimeOf(owner.pid) === owner.started;
}

/** Makes this runner's work folder and records who owns it. */
export async function createWorkFolder(parent: string): Promise<{ root: string; runnerId: string }> {
  const root = await mkdtemp(path.join(parent, WORK_FOLDER_PREFIX));
  const owner: Owner = {
    runnerId: randomBytes(9).toString('base64url'),
    pid: process.pid,
    started: startTimeOf(process.pid),
  };
  await writeFile(path.join(root, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
  return { root, runnerId: owner.runnerId };
}

async function readOwner(folder: string): Promise<Owner | null> {
  const handle = await open(path.join(folder, OWNER_FILE), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(
    () => null,
  );
  if (!handle) return null;
  try {
    const owner = JSON.parse(await handle.readFile('utf8')) as Partial<Owner>;
    const valid =
      typeof owner.runnerId === 'string' &&
      /^[\w-]{1,40}$/.test(owner.runnerId) &&
      Number.isInteger(owner.pid) &&
      (owner.started === null || typeof owner.started === 'string');
    return valid ? (owner as Owner) : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Removes the work folders of runners that died without cleaning up (their supervisor died
 * too), and kills what is left of their lab processes. Only folders that are provably a
 * runner's: a real folder (not a link) owned by this user, named like one, holding a valid
 * owner file, whose runner process is gone. Returns the folders removed.
 */
export async function removeStaleWorkFolders(parent: string): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(WORK_FOLDER_PREFIX))) {
    const folder = path.join(parent, name);
    const info = await lstat(folder).catch(() => null);
    if (!info?.isDirectory() || (process.getuid && info.uid !== process.getuid())) continue;
    const owner = await readOwner(folder);
    if (!owner || isRunning(owner)) continue;
    // The supervisor's clean-up, run once: its input is empty, so it sweeps and removes at once.
    await new Promise<void>((resolve) => {
      const once = spawn(process.execPath, [SUPERVISOR, LAB_MARKER_VARIABLE, owner.runnerId, folder], {
        stdio: 'ignore',
      });
      once.on('error', () => resolve());
      once.on('exit', () => resolve());
    });
    // The supervisor may have failed (or not run): what it left is removed here, and only a
    // folder that is really gone is reported as removed.
    if (await removeTree(folder)) removed.push(folder);
  }
  return removed;
}
