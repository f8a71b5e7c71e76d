/**
 * Writes static/linux/manifest.json: what the guest image was built from and the hash of every file.
 *   tsx scripts/linux-image/write-manifest.ts OUT_DIR PACKAGES_TSV KERNEL_CONFIG LAB_FILES_JSON
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { guestMemoryBytes, kernelCommandLine } from '../../src/runtimes/linux/v86-machine';
import { artifactNames, type ImageManifest } from '../../src/runtimes/linux/image-manifest';
import { sha256Hex } from './hash';

async function main(): Promise<void> {
  const [outDir, packagesTsv, kernelConfig, labFilesJson] = process.argv.slice(2);
  if (!outDir || !packagesTsv || !kernelConfig || !labFilesJson)
    throw new Error('usage: write-manifest.ts OUT_DIR PACKAGES_TSV CONFIG LAB_FILES_JSON');
  const labFiles = JSON.parse(await readFile(labFilesJson, 'utf8')) as ImageManifest['labFiles'];
  const packages = (await readFile(packagesTsv, 'utf8'))
    .trim()
    .split('\n')
    .map((row) => {
      const [name, version, architecture, source, sourceVersion] = row.split('\t');
      if (!name || !version || !architecture || !source || !sourceVersion) throw new Error(`bad package row: ${row}`);
      return { name, version, architecture, source, sourceVersion };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const v86 = JSON.parse(await readFile(require.resolve('v86/package.json'), 'utf8')) as { version: string };
  const described = await Promise.all(
    artifactNames.map(async (name) => {
      const bytes = await readFile(path.join(outDir, name));
      return [name, { bytes: bytes.byteLength, sha256: sha256Hex(bytes) }] as const;
    }),
  );
  const artifacts = Object.fromEntries(described) as ImageManifest['artifacts'];
  const sources = [...new Set(packages.map((p) => `${p.source} ${p.sourceVersion}`))];
  const manifest: ImageManifest = {
    description: 'The guest of "Linux in your browser", built by npm run linux-image (scripts/linux-image/build.sh).',
    kernel: {
      config: 'scripts/linux-image/kernel.config',
      configSha256: sha256Hex(await readFile(kernelConfig)),
      commandLine: kernelCommandLine,
    },
    memoryBytes: guestMemoryBytes,
    v86Version: v86.version.split('+')[0]!,
    packages,
    artifacts,
    labFiles,
    sourceNotice:
      'The kernel, busybox, glibc, tcc and SeaBIOS in these files are free software under the GPL/LGPL. ' +
      'Their complete sources are the Debian source packages listed here, from https://snapshot.debian.org/ ' +
      `or "apt-get source": ${sources.join(', ')}.`,
  };
  await writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
