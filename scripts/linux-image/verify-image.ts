/** Checks static/linux/ against its manifest.json: every artifact's size and sha256, the kernel config's hash, v86. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadLabs } from '../../plugins/labs/load-labs';
import { artifactNames, imageManifestSchema } from '../../src/runtimes/linux/image-manifest';
import { guestDir } from '../../src/runtimes/linux/linux-runtime';
import { sha256Hex } from './hash';

const repo = path.resolve(__dirname, '../..');

/** The guest packages the image must name (their sources are the GPL sources it ships). */
export const requiredPackages = [
  'busybox-static',
  'tcc',
  'libc6',
  'libc6-dev',
  'linux-libc-dev',
  'linux-source-6.1',
  'seabios',
];

/** Returns the problems found (empty when the manifest and the files agree). */
export async function verifyImage(dir: string): Promise<string[]> {
  const problems: string[] = [];
  const parsed = imageManifestSchema.safeParse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
  if (!parsed.success) return [`manifest.json does not have the expected shape: ${parsed.error.message}`];
  const manifest = parsed.data;
  for (const name of artifactNames) {
    const expected = manifest.artifacts[name];
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(dir, name));
    } catch {
      problems.push(`${name}: missing`);
      continue;
    }
    if (bytes.byteLength !== expected.bytes)
      problems.push(`${name}: ${bytes.byteLength} bytes, manifest says ${expected.bytes}`);
    if (sha256Hex(bytes) !== expected.sha256) problems.push(`${name}: sha256 differs from the manifest`);
  }
  const config = await readFile(path.join(repo, manifest.kernel.config));
  if (sha256Hex(config) !== manifest.kernel.configSha256) {
    problems.push(`${manifest.kernel.config} changed since the image was built: run npm run linux-image`);
  }
  const v86 = JSON.parse(await readFile(createRequire(__filename).resolve('v86/package.json'), 'utf8')) as {
    version: string;
  };
  if (v86.version.split('+')[0] !== manifest.v86Version) {
    problems.push(`the saved state was made with v86 ${manifest.v86Version}, but v86 ${v86.version} is installed`);
  }
  for (const name of requiredPackages) {
    const pkg = manifest.packages.find((p) => p.name === name);
    if (!pkg) problems.push(`package ${name} is not listed`);
    else if (!manifest.sourceNotice.includes(`${pkg.source} ${pkg.sourceVersion}`)) {
      problems.push(`the source notice does not name ${pkg.source} ${pkg.sourceVersion}`);
    }
  }
  problems.push(...(await staleLabFiles(manifest.labFiles)));
  return problems;
}

/**
 * The C labs' files as the saved state holds them against the labs as they are now: a lab file
 * changed since the image was built is written again after each restore (correct, but slower
 * than the image promises), so it is a problem to fix with npm run linux-image.
 */
async function staleLabFiles(placed: readonly { path: string; sha256: string }[]): Promise<string[]> {
  const labs = (await loadLabs(path.join(repo, 'labs'))).filter((lab) => lab.runtime === 'linux');
  const now = new Map(
    labs.flatMap((lab) => lab.files.map((f) => [`${guestDir(lab.id)}/${f.path}`, sha256Hex(Buffer.from(f.content))])),
  );
  const was = new Map(placed.map((f) => [f.path, f.sha256]));
  const problems: string[] = [];
  for (const [file, sha] of now) {
    if (was.get(file) !== sha)
      problems.push(`${file}: the C lab file differs from the one the saved state holds: run npm run linux-image`);
  }
  for (const file of was.keys()) {
    if (!now.has(file))
      problems.push(`${file}: the saved state holds a lab file no C lab has now: run npm run linux-image`);
  }
  return problems;
}
