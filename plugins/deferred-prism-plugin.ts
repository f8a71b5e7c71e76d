import path from 'node:path';
import type { Plugin } from '@docusaurus/types';

const deferred = path.resolve(__dirname, '../src/prism/deferred');

/**
 * Prism out of the page's first script. Every lesson's static HTML already holds its code
 * highlighted, and hydration keeps those lines (src/theme/CodeBlock/Content), so nothing
 * needs Prism before a code block is rendered in the browser (a client-side navigation).
 * Yet `prism-react-renderer` (Prism with its bundled languages and themes) sat in `main.js`,
 * and setting up its languages was half of that script's evaluation on a phone.
 *
 * In the browser bundle `prism-react-renderer` is `src/prism/deferred/`: its `Highlight`
 * loads the real one as a chunk of its own when a code block first needs tokenizing (or
 * when a navigation starts), and shows the code plain until then. The server bundle, which
 * writes the highlighted HTML, uses the real package as before.
 */
export default function deferredPrismPlugin(): Plugin {
  return {
    name: 'deferred-prism-plugin',
    getClientModules: () => [path.join(deferred, 'load-on-navigation.ts')],
    configureWebpack(_config, isServer) {
      if (isServer) return {};
      return { resolve: { alias: { 'prism-react-renderer$': path.join(deferred, 'prism-react-renderer.tsx') } } };
    },
  };
}
