/**
 * The worker that runs v86 for a page (worker-machine.ts is the page's side): the emulator gets
 * a thread of its own, so the lab's editor, terminals and the page's own work never wait for
 * the guest, nor the guest for them. Output is passed on once per emulator slice, in order.
 */
/// <reference lib="webworker" />
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

/** v86's script, imported as soon as the page names it. */
let library: Promise<{ V86: V86Constructor }> | null = null;

async function start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  if (!library) throw new Error("v86's script was not named");
  const { V86 } = await library;
  machine = await V86Machine.start(V86, {
    wasmPath: '',
    wasmModule: () => Promise.resolve(message.wasm),
    bios: message.bios,
    vgaBios: message.vgaBios,
    boot: { state: message.state },
  });
  for (const port of ports) machine.onOutput(port, (byte) => collect(port, byte));
  post({ type: 'started' });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const fail = (id: number | null) => (err: unknown) =>
    post({ type: 'failed', id, message: err instanceof Error ? err.message : String(err) });
  switch (message.type) {
    case 'load':
      library = import(/* webpackIgnore: true */ message.library) as Promise<{ V86: V86Constructor }>;
      library.catch(() => {}); // reported when the page starts the machine
      break;
    case 'start':
      start(message).catch(fail(null));
      break;
    case 'send':
      machine?.send(message.port, message.bytes);
      break;
    case 'restore':
      if (!machine) return fail(message.id)(new Error('the machine has not started'));
      machine.restore(message.state).then(() => post({ type: 'done', id: message.id }), fail(message.id));
      break;
    case 'destroy':
      void (machine?.destroy() ?? Promise.resolve()).then(() => post({ type: 'done', id: message.id }));
      break;
  }
};
