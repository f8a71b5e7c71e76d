import { copyFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from '@docusaurus/types';
import { EMBEDDER_POLICY, headersFile } from './isolation-headers';

const SERVICE_WORKER = 'coi-serviceworker.js';

/**
 * Cross-origin isolation for the built site, wherever it is hosted:
 * - `_headers` for hosts that read it (Netlify, Cloudflare Pages);
 * - for hosts that cannot send headers (GitHub Pages), the coi-serviceworker library: on a
 *   page that is not isolated it installs a service worker that adds the headers, and reloads
 *   once. It does nothing where the headers are already there. It is pinned to the same
 *   embedder policy as the headers, which is the policy WebContainer is booted with.
 * The dev server sends the headers itself (lab-bundling-plugin), so this is for builds only.
 */
export default function isolationPlugin(): Plugin {
  const production = process.env['NODE_ENV'] === 'production';
  return {
    name: 'isolation-plugin',

    injectHtmlTags() {
      if (!production) return {};
      return {
        headTags: [
          {
            tagName: 'script',
            innerHTML: `window.coi={coepCredentialless:function(){return ${JSON.stringify(EMBEDDER_POLICY === 'credentialless')}},quiet:true};`,
          },
          // Loaded only where it has work to do (on an isolated page it would return at once),
          // and async: it must not hold up the page.
          {
            tagName: 'script',
            innerHTML: `if(!window.crossOriginIsolated){var s=document.createElement('script');s.src=${JSON.stringify(`/${SERVICE_WORKER}`)};s.async=true;document.head.appendChild(s)}`,
          },
        ],
      };
    },

    async postBuild({ outDir }) {
      const require = createRequire(__filename);
      await copyFile(
        require.resolve(`coi-serviceworker/${SERVICE_WORKER.replace('.js', '.min.js')}`),
        path.join(outDir, SERVICE_WORKER),
      );
      await writeFile(path.join(outDir, '_headers'), headersFile());
    },
  };
}
