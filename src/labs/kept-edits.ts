/**
 * The learner's edits to lab files, kept in the browser per lab and file until they reset
 * them. Only files that differ from the lab's own version are stored.
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const keyFor = (labId: string, path: string) => `tcp-course:lab:${labId}:file:${path}`;
/** The learner's own version of a file, put aside while a solution is shown in its place. */
const mineKeyFor = (labId: string, path: string) => `tcp-course:lab:${labId}:mine:${path}`;

function defaultStore(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (privacy settings): edits last until reload
  }
}

export function readKeptEdit(labId: string, path: string, store = defaultStore()): string | null {
  return store?.getItem(keyFor(labId, path)) ?? null;
}

/** Keeps `content`, or forgets the file when it is back to the lab's own version. */
export function keepEdit(labId: string, path: string, content: string, original: string, store = defaultStore()): void {
  if (!store) return;
  try {
    if (content === original) store.removeItem(keyFor(labId, path));
    else store.setItem(keyFor(labId, path), content);
  } catch {
    // Quota exceeded: the edit stays in the editor for this visit.
  }
}

export function forgetEdits(labId: string, paths: readonly string[], store = defaultStore()): void {
  for (const path of paths) {
    store?.removeItem(keyFor(labId, path));
    store?.removeItem(mineKeyFor(labId, path));
  }
}

/** Puts the learner's version aside (before a solution replaces it). */
export function putAsideMine(labId: string, path: string, content: string, store = defaultStore()): void {
  try {
    store?.setItem(mineKeyFor(labId, path), content);
  } catch {
    // Quota: the version stays only in memory for this visit.
  }
}

/** The version put aside, or null; `take` forgets it. */
export function readMine(labId: string, path: string, take = false, store = defaultStore()): string | null {
  const mine = store?.getItem(mineKeyFor(labId, path)) ?? null;
  if (take) store?.removeItem(mineKeyFor(labId, path));
  return mine;
}
