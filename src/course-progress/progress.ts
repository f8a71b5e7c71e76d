import type { KeyValueStore } from '../labs/kept-edits';

/**
 * The learner's progress, kept in this browser: which lessons they opened and how many
 * questions they answered (think-questions and quiz choices both live under ANSWER_PREFIX).
 */
export const ANSWER_PREFIX = 'tcp-course:answer:';
const VISITED_KEY = 'tcp-course:visited';
const CHANGED = 'tcp-course:progress-changed';

export interface Progress {
  readonly visited: ReadonlySet<string>;
  /** How many questions have an answer kept (the size of answeredIds). */
  readonly answered: number;
  /** The ids of the questions with an answer kept. */
  readonly answeredIds: ReadonlySet<string>;
}

function storage(): (KeyValueStore & { readonly length: number; key(i: number): string | null }) | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function announce(): void {
  globalThis.dispatchEvent?.(new Event(CHANGED));
}

export function readProgress(store = storage()): Progress {
  if (!store) return { visited: new Set(), answered: 0, answeredIds: new Set() };
  let visited: string[] = [];
  try {
    const parsed: unknown = JSON.parse(store.getItem(VISITED_KEY) ?? '[]');
    if (Array.isArray(parsed)) visited = parsed.filter((v): v is string => typeof v === 'string');
  } catch {
    // A damaged entry counts as nothing visited.
  }
  const answeredIds = new Set<string>();
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(ANSWER_PREFIX)) answeredIds.add(key.slice(ANSWER_PREFIX.length));
  }
  return { visited: new Set(visited), answered: answeredIds.size, answeredIds };
}

/** Records that the lesson at `path` was opened. */
export function markVisited(path: string, store = storage()): void {
  if (!store) return;
  const { visited } = readProgress(store);
  if (visited.has(path)) return;
  try {
    store.setItem(VISITED_KEY, JSON.stringify([...visited, path]));
  } catch {
    return;
  }
  announce();
}

/** Forgets visits and answers (kept lab edits are the labs' own: see Reset files). */
export function clearProgress(store = storage()): void {
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key === VISITED_KEY || key?.startsWith(ANSWER_PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
  announce();
}

/** Calls `listener` when progress changes in this tab or another. */
export function subscribeProgress(listener: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key === VISITED_KEY || e.key.startsWith(ANSWER_PREFIX)) listener();
  };
  globalThis.addEventListener(CHANGED, listener);
  globalThis.addEventListener('storage', onStorage);
  return () => {
    globalThis.removeEventListener(CHANGED, listener);
    globalThis.removeEventListener('storage', onStorage);
  };
}

export const progressChanged = announce;
