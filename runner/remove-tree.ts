import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Gives this user back the right to empty every folder under `folder` (u+rwx), without following
 * links: a lab program may leave a folder it made read-only (chmod 555 or 000), which `rm`
 * cannot empty. Folders of other users are left alone.
 */
async function allowRemoval(folder: string): Promise<void> {
  const info = await lstat(folder).catch(() => null);
  if (!info?.isDirectory() || (process.getuid && info.uid !== process.getuid())) return;
  await chmod(folder, (info.mode & 0o7777) | 0o700).catch(() => {});
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) await allowRemoval(path.join(folder, name));
}

/**
 * Removes `folder` and everything in it, also what a lab program made read-only. Never throws:
 * returns whether the folder is gone, so a caller can say what it could not remove.
 */
export async function removeTree(folder: string): Promise<boolean> {
  try {
    await rm(folder, { recursive: true, force: true });
    return true;
  } catch {
    await allowRemoval(folder);
    return rm(folder, { recursive: true, force: true }).then(
      () => true,
      () => false,
    );
  }
}
