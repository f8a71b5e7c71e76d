/**
 * v86 (the x86 emulator of the "Linux in your browser" runtime) served from the site's own origin:
 * its ES module, its WebAssembly and its licence are copied from node_modules into a generated
 * static folder, served at /v86/. The page imports it only when a lab opens with that runtime.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const v86Files = { 'libv86.mjs': 'build/libv86.mjs', 'v86.wasm': 'build/v86.wasm', 'LICENSE.txt': 'LICENSE' };

/** Copies the files and returns the folder to add to Docusaurus's staticDirectories. */
export function v86StaticDirectory(root = path.resolve(__dirname, '..')): string {
  const packageDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('v86/package.json'));
  const dir = path.join(root, 'node_modules', '.cache', 'v86-static');
  mkdirSync(path.join(dir, 'v86'), { recursive: true });
  for (const [name, from] of Object.entries(v86Files)) {
    copyFileSync(path.join(packageDir, from), path.join(dir, 'v86', name));
  }
  return dir;
}
