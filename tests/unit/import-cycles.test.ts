import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/**
 * No module imports itself through others (type imports included): a circle makes the order in
 * which modules load matter, and hides which of two files is the lower layer. Relative imports
 * of the repo's TypeScript are followed; packages are not.
 */
const root = path.resolve(__dirname, '../..');
const folders = ['src', 'runner', 'plugins', 'scripts', 'bench', 'preview', 'tests'];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) sources(file, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

export function importCycles(files: readonly string[]): string[] {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    graph.set(
      file,
      specs.map((spec) => resolveImport(file, spec)).filter((f): f is string => f !== null),
    );
  }
  const done = new Set<string>();
  const path_: string[] = [];
  const onPath = new Set<string>();
  const cycles: string[] = [];
  const visit = (file: string) => {
    done.add(file);
    onPath.add(file);
    path_.push(file);
    for (const next of graph.get(file) ?? []) {
      if (onPath.has(next))
        cycles.push([...path_.slice(path_.indexOf(next)), next].map((f) => path.relative(root, f)).join(' -> '));
      else if (!done.has(next)) visit(next);
    }
    path_.pop();
    onPath.delete(file);
  };
  for (const file of files) if (!done.has(file)) visit(file);
  return cycles;
}

describe('the import graph', () => {
  it('has no circles', () => {
    const files = folders.flatMap((f) => (existsSync(path.join(root, f)) ? sources(path.join(root, f)) : []));
    assert.ok(files.length > 100, `read ${files.length} files`);
    assert.deepEqual(importCycles(files), []);
  });
});
