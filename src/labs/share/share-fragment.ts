/**
 * How a shared run rides in a link: the lesson's address with `#share=<lab id>.<packed run>`.
 * The fragment never reaches a server (not ours, not a link preview's request line). This module
 * has no dependencies: every lesson page reads the fragment; only one that has a run loads the
 * code that unpacks and checks it (share-link.ts).
 */
const FRAGMENT = /^#share=([a-z0-9-]{1,60})\.([A-Za-z0-9_-]+)$/;

/** The lab a link's fragment shares a run of, and the packed run; null when it shares none. */
export function sharedRunInFragment(hash: string): { readonly lab: string; readonly packed: string } | null {
  const match = FRAGMENT.exec(hash);
  return match ? { lab: match[1]!, packed: match[2]! } : null;
}
