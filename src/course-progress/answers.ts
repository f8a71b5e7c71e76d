import type { KeyValueStore } from '../labs/kept-edits';
import { ANSWER_PREFIX as PREFIX, progressChanged } from './progress';

/** The learner's own answers to think-questions and quiz choices, kept in this browser per question. */

function defaultStore(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readAnswer(questionId: string, store = defaultStore()): string {
  return store?.getItem(PREFIX + questionId) ?? '';
}

/** Saves an answer; an empty answer is forgotten. Returns false when the browser refused to store it. */
export function saveAnswer(questionId: string, text: string, store = defaultStore()): boolean {
  if (!store) return false;
  try {
    const had = store.getItem(PREFIX + questionId) !== null;
    if (text.trim() === '') store.removeItem(PREFIX + questionId);
    else store.setItem(PREFIX + questionId, text);
    if (had !== (text.trim() !== '')) progressChanged();
    return true;
  } catch {
    return false;
  }
}
