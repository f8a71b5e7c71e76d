import path from 'node:path';

/** A path from the page that would leave the session's folder. */
export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
}

/**
 * Resolves `relative` inside `root`, refusing absolute paths, `..` segments, empty names
 * and anything else that would land outside `root`.
 */
export function resolveInside(root: string, relative: string): string {
  if (typeof relative !== 'string' || relative.length === 0 || relative.length > 200) {
    throw new PathEscapeError('a file path must be a non-empty relative path');
  }
  if (relative.includes('\0') || relative.includes('\\')) {
    throw new PathEscapeError(`"${relative}" contains a character that is not allowed in a lab path`);
  }
  if (path.posix.isAbsolute(relative) || relative.split('/').some((s) => s === '..' || s === '')) {
    throw new PathEscapeError(`"${relative}" leaves the session folder`);
  }
  const resolved = path.resolve(root, relative);
  const back = path.relative(root, resolved);
  if (back.startsWith('..') || path.isAbsolute(back)) {
    throw new PathEscapeError(`"${relative}" leaves the session folder`);
  }
  return resolved;
}
