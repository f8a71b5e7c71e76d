/** The messages between the page and the worker that runs v86 (worker-machine.ts ↔ machine-worker.ts). */
import type { SerialPort } from './v86-machine';

export type ToWorker =
  /** Sent first, as the worker is made: it imports v86's script while the page reads the image. */
  | { readonly type: 'load'; readonly library: string }
  | {
      readonly type: 'start';
      readonly wasm: WebAssembly.Module;
      readonly bios: ArrayBuffer;
      readonly vgaBios: ArrayBuffer;
      readonly state: ArrayBuffer;
    }
  | { readonly type: 'send'; readonly port: SerialPort; readonly bytes: Uint8Array }
  | { readonly type: 'restore'; readonly id: number; readonly state: ArrayBuffer }
  | { readonly type: 'destroy'; readonly id: number };

export type FromWorker =
  | { readonly type: 'started' }
  /** What the guest wrote since the last message, port by port in the order it wrote it. */
  | { readonly type: 'output'; readonly runs: readonly (readonly [SerialPort, Uint8Array])[] }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number | null; readonly message: string };
