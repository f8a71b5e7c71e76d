import { constants } from 'node:fs';
import { lstat, mkdir, open, opendir, readlink, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A path from the page that would leave the session's folder. */
export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
}

/**
 * Checks `relative` as text and resolves it inside `root`: refuses absolute paths, `..`
 * segments, empty names, and names that start with "-" (node would read one as an option).
 * Links are not looked at here: see `realDirInside`.
 */
export function resolveInside(root: string, relative: string): string {
  if (typeof relative !== 'string' || relative.length === 0 || relative.length > 200) {
    throw new PathEscapeError('a file path must be a non-empty relative path');
  }
  if (relative.includes('\0') || relative.includes('\\')) {
    throw new PathEscapeError(`"${relative}" contains a character that is not allowed in a lab path`);
  }
  const segments = relative.split('/');
  if (path.posix.isAbsolute(relative) || segments.some((s) => s === '..' || s === '')) {
    throw new PathEscapeError(`"${relative}" leaves the session folder`);
  }
  if (segments.some((s) => s.startsWith('-'))) {
    throw new PathEscapeError(`"${relative}": a lab file or folder name may not start with "-"`);
  }
  const resolved = path.resolve(root, relative);
  if (!isInside(root, resolved)) throw new PathEscapeError(`"${relative}" leaves the session folder`);
  return resolved;
}

function isInside(root: string, candidate: string): boolean {
  const back = path.relative(root, candidate);
  return back === '' || (!back.startsWith('..') && !path.isAbsolute(back));
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The real path of folder `relative` inside `realRoot` (itself a real path), following links
 * only while they stay inside: a link a lab program made to anywhere else is refused. With
 * `create`, missing folders are made one by one, each checked the same way.
 */
export async function realDirInside(realRoot: string, relative: string, create: boolean): Promise<string> {
  resolveInside(realRoot, relative);
  let current = realRoot;
  for (const segment of relative.split('/')) {
    if (segment === '.') continue;
    const next = path.join(current, segment);
    const found = await lstat(next).catch((err: unknown) => {
      if (missing(err)) return null;
      throw err;
    });
    if (!found) {
      if (!create) throw new PathEscapeError(`"${relative}" does not exist in the session folder`);
      await mkdir(next).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
    }
    const real = await realpath(next);
    if (!isInside(realRoot, real)) {
      throw new PathEscapeError(`"${relative}" leaves the session folder (through a link at "${segment}")`);
    }
    if (!(await lstat(real)).isDirectory()) throw new PathEscapeError(`"${relative}": "${segment}" is not a folder`);
    current = real;
  }
  return current;
}

/**
 * Where to start a program: the real paths of folder `dir` and of `file` in it, both refused
 * when they leave `realRoot` (through a link a lab program made, say); `script` is null when
 * there is no such regular file. The three look-ups run at once: this is on the way from Start
 * to the program's first output.
 */
export async function realProgramInside(
  realRoot: string,
  dir: string,
  file: string,
): Promise<{ cwd: string; script: string | null }> {
  const dirPath = resolveInside(realRoot, dir);
  const filePath = resolveInside(dirPath, file);
  const [cwd, script, info] = await Promise.all([
    realpath(dirPath).catch(() => null),
    realpath(filePath).catch(() => null),
    stat(filePath).catch(() => null),
  ]);
  if (cwd === null) throw new PathEscapeError(`"${dir}" does not exist in the session folder`);
  if (!isInside(realRoot, cwd)) throw new PathEscapeError(`"${dir}" leaves the session folder (through a link)`);
  if (script !== null && !isInside(realRoot, script)) {
    throw new PathEscapeError(`"${file}" leaves the session folder (through a link)`);
  }
  return { cwd, script: script !== null && info?.isFile() ? script : null };
}

/** Where an open file really is (Linux), to catch a folder swapped for a link after it was checked. */
async function openedPath(fd: number): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  return readlink(`/proc/self/fd/${fd}`).catch(() => null);
}

export interface WriteOptions {
  /** Add to the file instead of replacing it. */
  readonly append: boolean;
  /** The file may not grow past this; `tooLarge()` is thrown instead. */
  readonly maxBytes: number;
  readonly tooLarge: () => Error;
}

/**
 * Writes `content` to `name` in the checked folder `realDir`, never through a link: the file is
 * opened with O_NOFOLLOW, and (on Linux) where it was really opened is checked before anything
 * is written to it.
 */
export async function writeFileInside(
  realRoot: string,
  realDir: string,
  name: string,
  content: Buffer,
  options: WriteOptions,
) {
  const target = path.join(realDir, name);
  const flags = constants.O_WRONLY | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(target, flags, 0o644).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ELOOP') throw new PathEscapeError(`"${name}" is a link; the runner does not write through links`);
    throw err;
  });
  try {
    const real = await openedPath(handle.fd);
    if (real !== null && !isInside(realRoot, real)) throw new PathEscapeError(`"${name}" leaves the session folder`);
    const info = await handle.stat();
    if (!info.isFile()) throw new PathEscapeError(`"${name}" is not a regular file`);
    const start = options.append ? info.size : 0;
    if (start + content.length > options.maxBytes) throw options.tooLarge();
    if (!options.append) await handle.truncate(0);
    await handle.write(content, 0, content.length, start);
  } finally {
    await handle.close();
  }
}

/** Removes `name` from the checked folder `realDir`: a link is removed itself, never followed. */
export async function removeInside(realDir: string, name: string): Promise<void> {
  await rm(path.join(realDir, name), { recursive: true, force: true });
}

/**
 * Bytes held in `dir` (links not followed), or Infinity once more than `maxEntries` entries
 * were seen: a folder with that many files counts as full.
 */
export async function folderBytes(dir: string, maxEntries = 20_000): Promise<number> {
  let total = 0;
  let entries = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const listing = await opendir(current).catch(() => null);
    if (!listing) continue;
    for await (const entry of listing) {
      if (++entries > maxEntries) return Infinity;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) total += (await lstat(full).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}
