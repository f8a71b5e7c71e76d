/**
 * The worker that runs v86 for a page (worker-machine.ts is the page's side): it reads the guest
 * image and v86 (guest-image.ts), restores the saved state and runs the emulator on a thread of
 * its own, so the lab's editor, terminals and the page's own work never wait for the guest, nor
 * the guest (or its start) for them. Output is passed on once per emulator slice, in order.
 */
/// <reference lib="webworker" />
import { compileV86, readCachedGuestImage, readGuestImage, type GuestImage } from './guest-image';
import type { FromWorker, ToWorker } from './machine-messages';
import { V86Machine, type SerialPort, type V86Constructor } from './v86-machine';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const ports: readonly SerialPort[] = [0, 1, 2, 3];

let machine: V86Machine | null = null;
/** The output not yet passed on: runs of bytes, each of one port. */
let runs: [SerialPort, number[]][] = [];

function flush(): void {
  const out = runs.map(([port, bytes]) => [port, Uint8Array.from(bytes)] as const);
  runs = [];
  post(
    { type: 'output', runs: out },
    out.map(([, bytes]) => bytes.buffer),
  );
}

function collect(port: SerialPort, byte: number): void {
  if (runs.length === 0) queueMicrotask(flush); // after the emulator's slice, which wrote it
  const last = runs[runs.length - 1];
  if (last && last[0] === port) last[1].push(byte);
  else runs.push([port, [byte]]);
}

const mark = (name: string) => post({ type: 'mark', name, at: performance.timeOrigin + performance.now() });

/** v86's script and WebAssembly, loaded once (by a "prepare", else by the start). */
let v86: { readonly library: Promise<{ V86: V86Constructor }>; readonly wasm: Promise<WebAssembly.Module> } | null =
  null;

function loadV86(base: string): NonNullable<typeof v86> {
  if (v86) return v86;
  const library = import(/* webpackIgnore: true */ new URL('v86/libv86.mjs', base).href) as Promise<{
    V86: V86Constructor;
  }>;
  const wasm = compileV86(base);
  library.catch(() => {}); // awaited by the start; a failure of the image's read is reported first
  wasm.catch(() => {});
  return (v86 = { library, wasm });
}

/** The image read ahead from the Cache API by a "prepare" (null: not all of it was cached). */
let cachedImage: Promise<GuestImage | null> | null = null;

/** A machine restored ahead by a "prepare", not yet running, and when its restore ended. */
let loadedAhead: Promise<{ machine: V86Machine; image: GuestImage; at: number } | null> | null = null;

/**
 * How long a machine restored ahead may wait and still just run: its guest sees that wait as a
 * leap of its clocks, no longer than a slow slice on a busy host. Waiting longer, it is restored
 * again (what Reset does, a fraction of the first restore: its memory is already the worker's).
 */
const freshForMs = 1000;

/**
 * Loads v86 and reads the image if the Cache API has all of it; with `restore`, also restores it
 * without running it (the guest's memory allocated and filled, most of a start's cost). Downloads
 * nothing.
 */
function prepare(base: string, restore: boolean): void {
  loadV86(base);
  cachedImage ??= readCachedGuestImage(base).catch(() => null);
  if (!restore) return;
  loadedAhead ??= cachedImage.then(async (image) => {
    if (!image) return null;
    const machine = await load(image, loadV86(base));
    return { machine, image, at: performance.now() };
  });
  loadedAhead.catch(() => {}); // the start then does it all itself, and reports what fails
}

async function load(image: GuestImage, { library, wasm }: NonNullable<typeof v86>): Promise<V86Machine> {
  const [{ V86 }, module] = await Promise.all([library, wasm]);
  mark('linux:start:module');
  return V86Machine.load(V86, {
    wasmPath: '',
    wasmModule: () => Promise.resolve(module),
    bios: image.files['seabios.bin'],
    vgaBios: image.files['vgabios.bin'],
    boot: { state: image.files['state.bin.zst'] },
  });
}

/** Runs the machine restored ahead, or reads the image (or takes the one read ahead) and restores it. */
async function start(base: string): Promise<void> {
  const ahead = await loadedAhead?.catch(() => null);
  let image: GuestImage;
  if (ahead) {
    ({ machine, image } = ahead);
    mark('linux:start:restored-ahead');
    if (performance.now() - ahead.at < freshForMs) await machine.run();
    else await machine.restore();
  } else {
    image =
      (await cachedImage?.catch(() => null)) ??
      (await readGuestImage(base, (progress) => post({ type: 'progress', progress })));
    mark('linux:start:image');
    machine = await load(image, loadV86(base));
    await machine.run();
  }
  for (const port of ports) machine.onOutput(port, (byte) => collect(port, byte));
  post({ type: 'started', manifest: image.manifest });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const fail = (id: number | null) => (err: unknown) =>
    post({ type: 'failed', id, message: err instanceof Error ? err.message : String(err) });
  switch (message.type) {
    case 'prepare':
      prepare(message.base, message.restore);
      break;
    case 'start':
      start(message.base).catch(fail(null));
      break;
    case 'send':
      machine?.send(message.port, message.bytes);
      break;
    case 'restore':
      if (!machine) return fail(message.id)(new Error('the machine has not started'));
      machine.restore().then(() => post({ type: 'done', id: message.id }), fail(message.id));
      break;
    case 'destroy':
      void (machine?.destroy() ?? Promise.resolve()).then(() => post({ type: 'done', id: message.id }));
      break;
  }
};
