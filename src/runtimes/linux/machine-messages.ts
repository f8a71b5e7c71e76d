/** The messages between the page and the worker that runs v86 (worker-machine.ts ↔ machine-worker.ts). */
import type { DownloadProgress } from './guest-image';
import type { ImageManifest } from './image-manifest';
import type { SerialPort } from './v86-machine';

export type ToWorker =
  /**
   * Load v86 (its script and WebAssembly) from `base`, the site's absolute base URL, and read the
   * image if the Cache API holds all of it; with `restore`, also restore it without running it.
   * Download nothing else, and wait.
   */
  | { readonly type: 'prepare'; readonly base: string; readonly restore: boolean }
  /** Run the machine restored ahead, or read the image (and v86, unless prepared) from `base` and restore it. */
  | { readonly type: 'start'; readonly base: string }
  | { readonly type: 'send'; readonly port: SerialPort; readonly bytes: Uint8Array }
  /** Back to the saved state the machine started from (the worker keeps it). */
  | { readonly type: 'restore'; readonly id: number }
  | { readonly type: 'destroy'; readonly id: number };

export type FromWorker =
  | { readonly type: 'progress'; readonly progress: DownloadProgress }
  /** A step of the start, for the page's performance timeline (`at`: ms since the epoch). */
  | { readonly type: 'mark'; readonly name: string; readonly at: number }
  | { readonly type: 'started'; readonly manifest: ImageManifest }
  /** What the guest wrote since the last message, port by port in the order it wrote it. */
  | { readonly type: 'output'; readonly runs: readonly (readonly [SerialPort, Uint8Array])[] }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id: number | null; readonly message: string };
