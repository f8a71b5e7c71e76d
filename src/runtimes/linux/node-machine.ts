/** Starts the guest under Node (tests, the image build, the bench) from the files in static/linux/. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { V86 } from 'v86';
import { V86Machine } from './v86-machine';

export const imageDir = path.resolve(__dirname, '../../../static/linux');

const wasmPath = (): string => path.join(path.dirname(createRequire(__filename).resolve('v86')), 'v86.wasm');

const arrayBuffer = async (file: string): Promise<ArrayBuffer> => {
  const bytes = await readFile(file);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

/**
 * Restores the saved state of `dir` (or boots its kernel + initramfs when `boot` is "cold", with
 * v86's JIT: a whole boot runs far more guest code than a lesson does).
 */
export async function startNodeMachine(
  options: { dir?: string; boot?: 'state' | 'cold'; state?: ArrayBuffer } = {},
): Promise<V86Machine> {
  const dir = options.dir ?? imageDir;
  const [bios, vgaBios] = await Promise.all([
    arrayBuffer(path.join(dir, 'seabios.bin')),
    arrayBuffer(path.join(dir, 'vgabios.bin')),
  ]);
  const boot =
    options.boot === 'cold'
      ? {
          kernel: await arrayBuffer(path.join(dir, 'bzImage')),
          initrd: await arrayBuffer(path.join(dir, 'initramfs.cpio.gz')),
        }
      : { state: options.state ?? (await arrayBuffer(path.join(dir, 'state.bin.zst'))) };
  return V86Machine.start(V86, { wasmPath: wasmPath(), bios, vgaBios, boot, jit: options.boot === 'cold' });
}

export const readImageFile = (name: string, dir = imageDir): Promise<ArrayBuffer> => arrayBuffer(path.join(dir, name));
