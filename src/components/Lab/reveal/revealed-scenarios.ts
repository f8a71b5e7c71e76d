import { useCallback, useSyncExternalStore } from 'react';

/**
 * Which of a lab's scenarios the learner may see the outcome of: those they have done to the last
 * step, or asked to see. Until then the lab keeps what real Linux does (the reference, the checks,
 * the guide's "what to look for") folded, so that the learner predicts before they see. Kept in
 * this browser (localStorage), like the learner's answers, and shared by every panel of the lab.
 */
const storageKey = (labId: string) => `lab-revealed:${labId}`;
const none: readonly string[] = [];
const known = new Map<string, readonly string[]>();
const listeners = new Set<() => void>();

function read(labId: string): readonly string[] {
  const cached = known.get(labId);
  if (cached) return cached;
  let ids: readonly string[] = none;
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(storageKey(labId)) ?? '[]');
    if (Array.isArray(saved)) ids = saved.filter((id): id is string => typeof id === 'string');
  } catch {
    // No storage, or a broken entry: nothing revealed yet.
  }
  known.set(labId, ids);
  return ids;
}

/** The scenarios of `labId` revealed so far. */
export function revealedScenarios(labId: string): readonly string[] {
  return typeof window === 'undefined' ? none : read(labId);
}

/** Reveals these scenarios of `labId`, for every panel showing that lab. */
export function revealScenarios(labId: string, scenarioIds: readonly string[]): void {
  const before = read(labId);
  const added = scenarioIds.filter((id) => !before.includes(id));
  if (added.length === 0) return;
  const after = [...before, ...added];
  known.set(labId, after);
  try {
    window.localStorage.setItem(storageKey(labId), JSON.stringify(after));
  } catch {
    // Storage full or blocked: revealed for this page only.
  }
  listeners.forEach((listener) => listener());
}

/** Forgets what was read from storage (for tests that clear it). */
export function forgetRevealedScenarios(): void {
  known.clear();
  listeners.forEach((listener) => listener());
}

/**
 * Calls `listener` whenever a scenario of any lab is revealed, before the panels re-render (to
 * note what is on screen before it moves). Returns the function that stops listening.
 */
export function onReveal(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The lab's revealed scenarios, and how to reveal more; re-renders when any panel reveals one. */
export function useRevealedScenarios(labId: string) {
  const revealed = useSyncExternalStore(
    onReveal,
    () => revealedScenarios(labId),
    () => none,
  );
  const reveal = useCallback((scenarioIds: readonly string[]) => revealScenarios(labId, scenarioIds), [labId]);
  return { revealed, reveal };
}
