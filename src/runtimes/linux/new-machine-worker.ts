/**
 * Starts the emulator's worker (machine-worker.ts). Webpack builds that script as a chunk of its
 * own when it sees this exact `new Worker(new URL(…, import.meta.url))` form. A page bundled
 * otherwise (the tests' small Linux page, esbuild) replaces this module with its own.
 */
export const newMachineWorker = (): Worker =>
  new Worker(new URL('./machine-worker.ts', import.meta.url), { type: 'module', name: 'v86' });
