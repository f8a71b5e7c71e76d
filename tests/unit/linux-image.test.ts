import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyImage } from '../../scripts/linux-image/verify-image';
import { imageDir } from '../../src/runtimes/linux/node-machine';

async function copyOfImage(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'linux-image-'));
  await cp(imageDir, dir, { recursive: true });
  return dir;
}

describe('the committed guest image (static/linux/)', () => {
  it('matches its manifest: every artifact, the kernel config, the v86 version, the GPL source notice', async () => {
    assert.deepEqual(await verifyImage(imageDir), []);
  });

  it('is caught when an artifact changed after the manifest was written', async () => {
    const dir = await copyOfImage();
    const state = await readFile(path.join(dir, 'state.bin.zst'));
    state.writeUInt8(state.readUInt8(state.length - 1) ^ 1, state.length - 1);
    await writeFile(path.join(dir, 'state.bin.zst'), state);
    assert.deepEqual(await verifyImage(dir), ['state.bin.zst: sha256 differs from the manifest']);
  });

  it('is caught when the manifest lists a size the file does not have, or a package is missing', async () => {
    const dir = await copyOfImage();
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.artifacts.bzImage.bytes += 1;
    manifest.packages = manifest.packages.filter((p: { name: string }) => p.name !== 'tcc');
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const problems = await verifyImage(dir);
    assert.ok(
      problems.some((p) => /^bzImage: \d+ bytes, manifest says \d+$/.test(p)),
      problems.join('\n'),
    );
    assert.ok(problems.includes('package tcc is not listed'), problems.join('\n'));
  });

  it("is caught when a C lab's file is not the one the saved state holds (the image must be rebuilt)", async () => {
    const dir = await copyOfImage();
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    assert.ok(manifest.labFiles.length > 0, 'the image holds the C labs files');
    const first = manifest.labFiles[0];
    first.sha256 = '0'.repeat(64);
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    assert.deepEqual(await verifyImage(dir), [
      `${first.path}: the C lab file differs from the one the saved state holds: run npm run linux-image`,
    ]);
  });

  it('stays within the download budget: state + BIOS well under 8 MB', async () => {
    const manifest = JSON.parse(await readFile(path.join(imageDir, 'manifest.json'), 'utf8'));
    const a = manifest.artifacts;
    const download = a['state.bin.zst'].bytes + a['seabios.bin'].bytes + a['vgabios.bin'].bytes;
    assert.ok(download < 6_000_000, `${download} bytes`);
  });
});
