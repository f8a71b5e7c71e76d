/**
 * Starts the Linux runtime in a browser: v86 from /v86/ (our origin, imported only now), the
 * saved state and BIOS from /linux/, downloaded with progress and kept in the Cache API under
 * their sha256, so a second visit (or an offline one) restores without downloading.
 */
import { imageManifestSchema, type ArtifactName, type ImageManifest } from './image-manifest';
import { LinuxRuntime } from './linux-runtime';
import { sha256Hex } from './sha256';
import { WorkerMachine } from './worker-machine';

export interface DownloadProgress {
  readonly loadedBytes: number;
  readonly totalBytes: number;
  /** 0–100, of everything this start downloads (the cached files count as loaded). */
  readonly percent: number;
}

export interface BrowserMachineOptions {
  /** The site's base URL, ending with "/". */
  readonly baseUrl: string;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
}

const cacheName = 'linux-in-your-browser';
const urlOf = (baseUrl: string, manifest: ImageManifest, name: ArtifactName) =>
  `${baseUrl}linux/${name}?sha256=${manifest.artifacts[name].sha256}`;
const downloaded: readonly ArtifactName[] = ['state.bin.zst', 'seabios.bin', 'vgabios.bin'];

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
    return typeof caches === 'undefined' ? null : await caches.open(cacheName);
  } catch {
    return null; // e.g. storage disabled: download every time
  }
}

/** Fetches the image files the page needs, from the Cache API when their hash is there. */
async function fetchImage(
  manifest: ImageManifest,
  { baseUrl, onProgress, signal }: BrowserMachineOptions,
): Promise<Record<ArtifactName, ArrayBuffer>> {
  const cache = await openCache();
  const totalBytes = downloaded.reduce((sum, name) => sum + manifest.artifacts[name].bytes, 0);
  let loadedBytes = 0;
  const report = (n: number) => {
    loadedBytes += n;
    onProgress?.({ loadedBytes, totalBytes, percent: Math.min(100, Math.round((loadedBytes / totalBytes) * 100)) });
  };
  let fetched = false;
  const files = await Promise.all(
    downloaded.map(async (name) => {
      const { sha256, bytes } = manifest.artifacts[name];
      const url = urlOf(baseUrl, manifest, name);
      const cached = await cache?.match(url);
      if (cached) {
        report(bytes);
        return [name, await cached.arrayBuffer()] as const;
      }
      fetched = true;
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`could not download ${name}: HTTP ${response.status}`);
      const body = await readWithProgress(response, report);
      if ((await sha256Hex(body)) !== sha256) throw new Error(`${name} does not match the image manifest`);
      await cache?.put(url, new Response(body)).catch(() => {});
      return [name, body] as const;
    }),
  );
  // Files of older images are dropped from the cache (when this start downloaded a newer one).
  if (cache && fetched) {
    const keep = new Set(downloaded.map((n) => new URL(urlOf(baseUrl, manifest, n), location.href).href));
    for (const request of await cache.keys()) if (!keep.has(request.url)) await cache.delete(request);
  }
  return Object.fromEntries(files) as Record<ArtifactName, ArrayBuffer>;
}

let v86Module: Promise<WebAssembly.Module> | null = null;

/**
 * v86's WebAssembly, compiled once per page (a lab opened again reuses it) and streamed, so the
 * browser can keep its compiled code between visits. Falls back to v86's build for browsers
 * without the WebAssembly features its main build needs.
 */
function compiledV86(base: string): Promise<WebAssembly.Module> {
  const compile = async (file: string) => {
    const response = await fetch(`${base}${file}`);
    if (!response.ok) throw new Error(`could not download ${file}: HTTP ${response.status}`);
    // Streaming needs the server to say application/wasm; any other server still works.
    const streams =
      typeof WebAssembly.compileStreaming === 'function' && response.headers.get('Content-Type') === 'application/wasm';
    return streams ? WebAssembly.compileStreaming(response) : WebAssembly.compile(await response.arrayBuffer());
  };
  v86Module ??= compile('v86.wasm').catch(() => compile('v86-fallback.wasm'));
  v86Module.catch(() => (v86Module = null));
  return v86Module;
}

/** Downloads (or takes from the cache) the guest, restores it and waits for its agent. */
export async function startBrowserLinux(options: BrowserMachineOptions): Promise<LinuxRuntime> {
  const { baseUrl, signal } = options;
  performance.mark('linux:start');
  // v86's WebAssembly compiles while the image is read from the cache or downloaded; the
  // emulator runs in a worker of its own (worker-machine.ts), which loads v86's script.
  const wasm = compiledV86(`${baseUrl}v86/`);
  wasm.catch(() => {}); // awaited below; a failure of the image's read is reported first
  const machine = new WorkerMachine(new URL(`${baseUrl}v86/libv86.mjs`, location.href).href);
  let manifest: ImageManifest;
  let files: Record<ArtifactName, ArrayBuffer>;
  try {
    const manifestResponse = await fetch(`${baseUrl}linux/manifest.json`, { signal, cache: 'no-cache' });
    if (!manifestResponse.ok) throw new Error(`could not read the image manifest: HTTP ${manifestResponse.status}`);
    manifest = imageManifestSchema.parse(await manifestResponse.json());
    files = await fetchImage(manifest, options);
    performance.mark('linux:start:image');
    const module = await wasm;
    performance.mark('linux:start:module');
    await machine.start({
      wasm: module,
      bios: files['seabios.bin'],
      vgaBios: files['vgabios.bin'],
      state: files['state.bin.zst'],
    });
  } catch (err) {
    void machine.destroy();
    throw err;
  }
  performance.mark('linux:start:restored');
  const runtime = new LinuxRuntime(machine, files['state.bin.zst'], undefined, manifest.labFiles);
  await runtime.ready();
  performance.mark('linux:start:ready');
  return runtime;
}
