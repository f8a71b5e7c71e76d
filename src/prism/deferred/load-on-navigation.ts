import type { ClientModule } from '@docusaurus/types';
import { loadPrism } from './load-prism';

/**
 * A client-side navigation renders the next page's code blocks in the browser: start loading
 * Prism with the page's own chunks, so the blocks are coloured as they appear. The first page
 * load needs none (its code is highlighted in the static HTML).
 */
const loadOnNavigation: ClientModule = {
  onRouteUpdate({ previousLocation, location }) {
    if (previousLocation && previousLocation.pathname !== location.pathname) loadPrism().catch(() => {});
  },
};

export default loadOnNavigation;
