import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import compression from 'compression';
import sirv from 'sirv';
import { isolationHeaders } from '../plugins/isolation-headers';

export interface StaticSiteOptions {
  /** The built site (docusaurus build's output). */
  readonly dir: string;
  readonly port: number;
  /** Send COOP/COEP (the default). Tests turn it off to play a host that cannot. */
  readonly isolate?: boolean;
}

export interface RunningStaticSite {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves a built copy of the site on loopback, with the cross-origin isolation headers that
 * `docusaurus serve` cannot send. Unknown paths get the site's 404 page.
 */
export async function serveStaticSite(options: StaticSiteOptions): Promise<RunningStaticSite> {
  const headers: Record<string, string> = options.isolate === false ? {} : { ...isolationHeaders };
  const files = sirv(options.dir, {
    extensions: ['html'],
    dev: false,
    etag: true,
    gzip: false,
    setHeaders: (res, pathname) => {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      // Files under /assets/ carry a content hash in their names: they never change.
      res.setHeader(
        'Cache-Control',
        pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const notFound = await readFile(path.join(options.dir, '404.html')).catch(() => Buffer.from('Not found'));

  // Compressed as every static host serves it (gzip): the bench's Lighthouse runs measure the
  // download a learner gets, not 3× that.
  // The middleware needs only Node's own request and response.
  const compress = compression() as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  const server: Server = createServer((req, res) => {
    compress(req, res, () =>
      files(req, res, () => {
        res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
        res.end(notFound);
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
