import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The search index, as the search plugin writes it into a build. */
const INDEX_FILE = 'search-index.json';

/** What the site's text (and so its search index) is made from. */
const INPUTS = [
  'docs',
  'src',
  'labs',
  'sidebars.ts',
  'docusaurus.config.ts',
  'node_modules/@easyops-cn/docusaurus-search-local/package.json',
];

export interface SearchIndexBuilderOptions {
  readonly siteDir: string;
  /** Where built indexes are kept across dev-server starts, by a hash of their inputs. */
  readonly cacheDir: string;
  readonly log: (line: string) => void;
}

/**
 * The search index for the dev server. The search plugin builds its index from the built
 * HTML only, so this runs the real `docusaurus build` in a child process, in the background,
 * into a temporary folder (with its own generated-files folder, so the dev server's
 * `.docusaurus` is left alone), and keeps the index it wrote. An index built from the same
 * inputs is reused at the next start. When the inputs change, the last index is served
 * until the new one is ready.
 */
export class SearchIndexBuilder {
  private current: { hash: string; json: Buffer } | null = null;
  private building: Promise<void> | null = null;
  private again = false;
  private waiters: (() => void)[] = [];
  private lastError: string | null = null;

  constructor(private readonly options: SearchIndexBuilderOptions) {}

  /** Makes sure an index of the current inputs exists or is being built. */
  refresh(): void {
    if (this.building) {
      this.again = true;
      return;
    }
    this.building = this.update()
      .catch((err: unknown) => {
        this.lastError = err instanceof Error ? err.message : String(err);
        this.options.log(`search index: ${this.lastError}`);
      })
      .finally(() => {
        this.building = null;
        for (const wake of this.waiters.splice(0)) wake();
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  /**
   * The newest index; waits for the first one when none was built yet. Null (with the reason
   * in `error`) when the build failed.
   */
  async index(): Promise<Buffer | null> {
    if (!this.current && !this.building) this.refresh();
    while (!this.current && this.building) await new Promise<void>((wake) => this.waiters.push(wake));
    return this.current?.json ?? null;
  }

  get error(): string | null {
    return this.lastError;
  }

  private async update(): Promise<void> {
    const hash = await hashInputs(this.options.siteDir);
    if (this.current?.hash === hash) return;
    const cached = path.join(this.options.cacheDir, `${hash}.json`);
    const json = await readFile(cached).catch(() => null);
    if (json) {
      this.current = { hash, json };
      return;
    }
    this.options.log('search index: building the site in the background (about a minute)…');
    const started = Date.now();
    const built = await this.build();
    await mkdir(this.options.cacheDir, { recursive: true });
    // Written under a temporary name and renamed: another dev server may read the same cache.
    const partial = `${cached}.${process.pid}.tmp`;
    await writeFile(partial, built);
    await rename(partial, cached);
    this.current = { hash, json: built };
    this.lastError = null;
    this.options.log(`search index: ready (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }

  private async build(): Promise<Buffer> {
    const work = await mkdtemp(path.join(tmpdir(), 'dev-search-'));
    try {
      const outDir = path.join(work, 'site');
      const docusaurus = path.join(this.options.siteDir, 'node_modules', '.bin', 'docusaurus');
      const output: string[] = [];
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(docusaurus, ['build', '--out-dir', outDir], {
          cwd: this.options.siteDir,
          env: {
            ...process.env,
            NODE_ENV: 'production',
            DOCUSAURUS_GENERATED_FILES_DIR_NAME: path.join(work, 'generated'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const keep = (chunk: Buffer) => output.push(chunk.toString());
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        child.once('error', reject);
        child.once('close', resolve);
      });
      if (code !== 0) {
        const tail = output.join('').trim().split('\n').slice(-8).join('\n');
        throw new Error(`the background build failed (exit ${code}):\n${tail}`);
      }
      return await readFile(path.join(outDir, INDEX_FILE));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}

async function hashInputs(siteDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await filesUnder(path.join(siteDir, input))) {
      hash.update(path.relative(siteDir, file));
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function filesUnder(entry: string): Promise<string[]> {
  const dirents = await readdir(entry, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') return null;
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (dirents === null) return [entry];
  const nested = await Promise.all(
    dirents
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => (d.isDirectory() ? filesUnder(path.join(entry, d.name)) : [path.join(entry, d.name)])),
  );
  return nested.flat();
}
