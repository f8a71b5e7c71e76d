/**
 * What the browser bundle's `prism-react-renderer` exports as `Prism` (see
 * plugins/deferred-prism-plugin.ts): a marker, not Prism. Docusaurus's client module hands it
 * to `@theme/prism-include-languages`, which leaves it alone; the languages are added to the
 * real Prism when it loads.
 */
export const deferredPrism = Object.freeze({ deferred: true as const });

export const isDeferredPrism = (prism: unknown): boolean => prism === deferredPrism;
