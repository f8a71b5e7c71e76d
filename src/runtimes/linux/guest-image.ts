/**
 * The guest image, read where the emulator runs (machine-worker.ts): the manifest, then the saved
 * state and BIOS from /linux/, downloaded with progress and kept in the Cache API under their
 * sha256, so a second visit (or an offline one) restores without downloading; and v86's
 * WebAssembly, compiled while they are read. Runs in a worker: the page's thread, busy drawing
 * the lab that just opened, is never on this path.
 */
import { imageCacheName } from './image-cache';
import { imageManifestSchema, type ArtifactName, type ImageManifest } from './image-manifest';
import { sha256Hex } from './sha256';

export interface DownloadProgress {
  readonly loadedBytes: number;
  readonly totalBytes: number;
  /** 0–100, of everything this start downloads (the cached files count as loaded). */
  readonly percent: number;
}

export interface GuestImage {
  readonly manifest: ImageManifest;
  readonly files: Readonly<Record<DownloadedArtifact, ArrayBuffer>>;
}

const downloaded = ['state.bin.zst', 'seabios.bin', 'vgabios.bin'] as const satisfies readonly ArtifactName[];
type DownloadedArtifact = (typeof downloaded)[number];

const urlOf = (base: string, manifest: ImageManifest, name: ArtifactName) =>
  new URL(`linux/${name}?sha256=${manifest.artifacts[name].sha256}`, base).href;

async function readWithProgress(response: Response, onBytes: (n: number) => void): Promise<ArrayBuffer> {
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
    onBytes(value.byteLength);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all.buffer;
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(imageCacheName);
  } catch {
    return null; // e.g. storage disabled: download every time
  }
}

async function readManifest(base: string): Promise<ImageManifest> {
  const response = await fetch(new URL('linux/manifest.json', base), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`could not read the image manifest: HTTP ${response.status}`);
  return imageManifestSchema.parse(await response.json());
}

/** The manifest and every file from the Cache API; null when one is not there (nothing is downloaded). */
export async function readCachedGuestImage(base: string): Promise<GuestImage | null> {
  const cache = await openCache();
  if (!cache) return null;
  const manifest = await readManifest(base);
  const hits = await Promise.all(downloaded.map((name) => cache.match(urlOf(base, manifest, name))));
  if (hits.some((hit) => !hit)) return null;
  const files = await Promise.all(hits.map(async (hit, i) => [downloaded[i]!, await hit!.arrayBuffer()] as const));
  return { manifest, files: Object.fromEntries(files) as Record<DownloadedArtifact, ArrayBuffer> };
}

/** The manifest and the files the emulator needs, from the Cache API when their hash is there, else downloaded. */
export async function readGuestImage(
  base: string,
  onProgress: (progress: DownloadProgress) => void,
): Promise<GuestImage> {
  const manifest = await readManifest(base);
  const cache = await openCache();
  const totalBytes = downloaded.reduce((sum, name) => sum + manifest.artifacts[name].bytes, 0);
  let loadedBytes = 0;
  const report = (n: number) => {
    loadedBytes += n;
    onProgress({ loadedBytes, totalBytes, percent: Math.min(100, Math.round((loadedBytes / totalBytes) * 100)) });
  };
  let fetched = false;
  const files = await Promise.all(
    downloaded.map(async (name) => {
      const { sha256, bytes } = manifest.artifacts[name];
      const url = urlOf(base, manifest, name);
      const cached = await cache?.match(url);
      if (cached) {
        report(bytes);
        return [name, await cached.arrayBuffer()] as const;
      }
      fetched = true;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not download ${name}: HTTP ${response.status}`);
      const body = await readWithProgress(response, report);
      if ((await sha256Hex(body)) !== sha256) throw new Error(`${name} does not match the image manifest`);
      await cache?.put(url, new Response(body)).catch(() => {});
      return [name, body] as const;
    }),
  );
  // Files of older images are dropped from the cache (when this start downloaded a newer one).
  if (cache && fetched) {
    const keep = new Set(downloaded.map((n) => urlOf(base, manifest, n)));
    for (const request of await cache.keys()) if (!keep.has(request.url)) await cache.delete(request);
  }
  return { manifest, files: Object.fromEntries(files) as Record<DownloadedArtifact, ArrayBuffer> };
}

/**
 * v86's WebAssembly, streamed (so the browser can keep its compiled code between visits) from
 * `base`v86/. Falls back to v86's build for browsers without the WebAssembly features its main
 * build needs.
 */
export function compileV86(base: string): Promise<WebAssembly.Module> {
  const compile = async (file: string) => {
    const response = await fetch(new URL(`v86/${file}`, base));
    if (!response.ok) throw new Error(`could not download ${file}: HTTP ${response.status}`);
    // Streaming needs the server to say application/wasm; any other server still works.
    const streams =
      typeof WebAssembly.compileStreaming === 'function' && response.headers.get('Content-Type') === 'application/wasm';
    return streams ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer());
  };
  return compile('v86.wasm').catch(() => compile('v86-fallback.wasm'));
}
