/**
 * v86 runs the guest in slices of about a millisecond and yields between them. In a page it
 * yields through a helper worker (a message there and one back, each a task on another thread),
 * also when the next slice may start at once; in Node through setImmediate. Here, a page's
 * emulator yields "at once" as cheaply as in Node: a message on a MessageChannel of this thread (a
 * task, so input and rendering still get their turn between slices). A yield with a delay (the
 * guest is idle until a timer) still goes through the helper worker, whose timers a background
 * tab does not slow down.
 */

/** The part of v86's internal emulator loop (`V86#v86`) this touches. */
interface EmulatorLoop {
  yield(delayMs: number, tick: number): void;
  yield_callback(tick: number): void;
  unregister_yield(): void;
}

const isLoop = (value: unknown): value is EmulatorLoop =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EmulatorLoop).yield === 'function' &&
  typeof (value as EmulatorLoop).yield_callback === 'function' &&
  typeof (value as EmulatorLoop).unregister_yield === 'function' &&
  'worker' in value &&
  Boolean((value as { worker: unknown }).worker);

/**
 * Gives a started emulator's "yield at once" a same-thread path. Returns whether it did (false:
 * not a page's emulator, or a v86 whose loop looks otherwise; it then runs as it was).
 */
export function speedUpYield(emulator: unknown): boolean {
  const loop = (emulator as { v86?: unknown }).v86;
  if (!isLoop(loop) || typeof MessageChannel === 'undefined') return false;
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<number>) => loop.yield_callback(event.data);
  const viaWorker = loop.yield.bind(loop);
  const unregister = loop.unregister_yield.bind(loop);
  loop.yield = (delayMs, tick) => {
    if (delayMs < 1) channel.port2.postMessage(tick);
    else viaWorker(delayMs, tick);
  };
  loop.unregister_yield = () => {
    channel.port1.onmessage = null;
    channel.port1.close();
    unregister();
  };
  return true;
}
