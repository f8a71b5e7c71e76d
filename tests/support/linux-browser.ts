/** Serves a small page that runs "Linux in your browser" without the rest of the site (tests, bench). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import sirv from 'sirv';
import { v86StaticDirectory } from '../../plugins/v86-static';

export interface LinuxTestPage {
  readonly url: string;
  close(): Promise<void>;
}

const root = path.resolve(__dirname, '../..');

/** Bundles linux-browser-entry.ts and serves it with static/ (the image) and /v86/, like the site. */
export async function serveLinuxTestPage(): Promise<LinuxTestPage> {
  const pageDir = mkdtempSync(path.join(tmpdir(), 'linux-page-'));
  await build({
    entryPoints: {
      page: path.join(__dirname, 'linux-browser-entry.ts'),
      'machine-worker': path.join(root, 'src/runtimes/linux/machine-worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: pageDir,
    logLevel: 'error',
    plugins: [
      {
        // The emulator's worker is the second entry point here (webpack finds it by itself).
        name: 'machine-worker-url',
        setup(b) {
          b.onResolve({ filter: /\/new-machine-worker$/ }, () => ({ path: 'new-machine-worker', namespace: 'page' }));
          b.onLoad({ filter: /.*/, namespace: 'page' }, () => ({
            contents: "export const newMachineWorker = () => new Worker('/machine-worker.js', { type: 'module' });",
            loader: 'ts',
          }));
        },
      },
    ],
  });
  writeFileSync(
    path.join(pageDir, 'index.html'),
    '<!doctype html><html lang="en"><title>Linux in your browser</title><script type="module" src="/page.js"></script></html>',
  );
  const servers = [pageDir, path.join(root, 'static'), v86StaticDirectory(root)].map((dir) =>
    sirv(dir, { dev: false, etag: true, maxAge: 3600 }),
  );
  const server = createServer((req, res) => {
    const next = (i: number) => () =>
      i < servers.length ? servers[i]!(req, res, next(i + 1)) : res.writeHead(404).end();
    next(0)();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
