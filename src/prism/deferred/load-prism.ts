import type * as PrismReactRenderer from 'prism-react-renderer';

export type PrismModule = typeof PrismReactRenderer;

let loaded: PrismModule | null = null;
let loading: Promise<PrismModule> | null = null;
const listeners = new Set<() => void>();

/** The real `prism-react-renderer`, once loaded (see plugins/deferred-prism-plugin.ts). */
export const loadedPrism = (): PrismModule | null => loaded;

/** Told once, when Prism has loaded. */
export function onPrismLoaded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Loads `prism-react-renderer` (a chunk of its own) and the site's additional Prism languages
 * (`@theme/prism-include-languages`, as Docusaurus does for the bundled one). Once per page.
 */
export function loadPrism(): Promise<PrismModule> {
  loading ??= Promise.all([
    // The package's file, not its name: in the browser the name is this folder's stand-in.
    import('prism-react-renderer/dist/index.mjs'),
    import('@theme/prism-include-languages'),
  ]).then(([prism, { default: includeLanguages }]) => {
    includeLanguages(prism.Prism);
    loaded = prism;
    for (const listener of listeners) listener();
    listeners.clear();
    return prism;
  });
  // A failed load (offline, chunk not cached) leaves the code plain; the next code block tries again.
  loading.catch(() => (loading = null));
  return loading;
}
