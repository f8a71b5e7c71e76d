import type { PrismModule } from '@site/src/prism/deferred/load-prism';
import includeLanguages from '@theme-original/prism-include-languages';
import { isDeferredPrism } from '@site/src/prism/deferred/deferred-marker';

/**
 * Docusaurus's language setup, except for the browser bundle's stand-in for Prism (see
 * plugins/deferred-prism-plugin.ts): the languages are added when the real Prism loads.
 */
export default function prismIncludeLanguages(prism: PrismModule['Prism']): void {
  if (isDeferredPrism(prism)) return;
  includeLanguages(prism);
}
