import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import { SearchIndexBuilder } from './search-index-builder';

/** The search plugin's client files that turn search off outside a production bundle. */
const SEARCH_CLIENT_FILES = [
  'dist/client/client/theme/searchByWorker.js',
  'dist/client/client/theme/SearchBar/EmptyTemplate.js',
  'dist/client/client/theme/SearchPage/SearchPage.jsx',
];

interface ExpressApp {
  get(route: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
}

interface Compiler {
  hooks: { done: { tap(name: string, fn: (stats: { hasErrors(): boolean }) => void): void } };
}

/**
 * Search under `npm start`. `@easyops-cn/docusaurus-search-local` builds its index from the
 * built HTML and its client searches only in a production bundle. In the dev server this
 * plugin (a no-op in builds):
 * - builds the index in the background with a real `docusaurus build` once the dev server has
 *   compiled, and again when the lessons change (SearchIndexBuilder);
 * - serves it at the address the search client fetches, holding the request until the first
 *   index is ready;
 * - lets the search client take its production path (search-client-in-dev-loader.mjs).
 */
export default function devSearchPlugin(context: LoadContext): Plugin {
  const name = 'dev-search-plugin';
  if (process.env['NODE_ENV'] === 'production') return { name };

  const require = createRequire(__filename);
  const searchPackage = path.dirname(require.resolve('@easyops-cn/docusaurus-search-local/package.json'));
  const builder = new SearchIndexBuilder({
    siteDir: context.siteDir,
    cacheDir:
      process.env['DEV_SEARCH_CACHE_DIR'] ?? path.join(context.siteDir, 'node_modules', '.cache', 'dev-search-index'),
    log: (line) => console.log(`[dev-search] ${line}`),
  });

  const serveIndex = (_req: IncomingMessage, res: ServerResponse) => {
    void builder.index().then((json) => {
      if (json) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        res.end(json);
      } else {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`The search index could not be built: ${builder.error ?? 'unknown error'}`);
      }
    });
  };

  return {
    name,
    configureWebpack(_config, isServer) {
      if (isServer) return {};
      return {
        module: {
          rules: [
            {
              test: SEARCH_CLIENT_FILES.map((file) => path.join(searchPackage, file)),
              enforce: 'pre',
              use: [{ loader: path.join(__dirname, 'search-client-in-dev-loader.mjs') }],
            },
          ],
        },
        plugins: [
          {
            apply(compiler: Compiler) {
              // After each successful compile: the first starts the index, later ones
              // rebuild it only when the site's sources changed.
              compiler.hooks.done.tap(name, (stats) => {
                if (!stats.hasErrors()) builder.refresh();
              });
            },
          },
        ],
        devServer: {
          // The dev server's own app (the express it depends on), with the index route first:
          // the dev server's page fallback would otherwise answer it with the page's HTML.
          app: async () => {
            const express = createRequire(require.resolve('webpack-dev-server'))('express') as () => ExpressApp;
            const app = express();
            app.get(`${context.baseUrl}search-index.json`, serveIndex);
            return app;
          },
        },
      } as Record<string, unknown>;
    },
  };
}
