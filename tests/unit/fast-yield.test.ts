import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { speedUpYield } from '../../src/runtimes/linux/fast-yield';

/** A stand-in for v86's emulator loop in a page: it yields through a helper worker (here, a log). */
function pageLoop() {
  const log: string[] = [];
  const loop = {
    worker: {},
    yield: (delayMs: number, tick: number) => log.push(`worker ${delayMs} ${tick}`),
    yield_callback: (tick: number) => log.push(`tick ${tick}`),
    unregister_yield: () => log.push('worker stopped'),
  };
  return { emulator: { v86: loop }, loop, log };
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for `check` to hold, turn after turn (a message's delivery is not ordered with timers). */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !check(); turn++) await pause(5);
}

describe("v86's yield in a page", () => {
  it('yields at once through a message on this thread, and with a delay through the helper worker as before', async (t) => {
    const { emulator, loop, log } = pageLoop();
    assert.equal(speedUpYield(emulator), true);
    const unregister = loop.unregister_yield;
    t.after(() => unregister()); // an open channel keeps Node running, also when an assertion failed
    loop.yield(0, 1);
    assert.equal(log.length, 0, 'not called back before a task has passed');
    await until(() => log.length > 0);
    assert.deepEqual(log, ['tick 1']);
    loop.yield(4, 2);
    assert.deepEqual(log, ['tick 1', 'worker 4 2']);
    loop.unregister_yield();
    assert.deepEqual(log, ['tick 1', 'worker 4 2', 'worker stopped']);
    loop.yield(0, 3);
    await pause(50); // a message to a closed port is never delivered; this only gives it the chance
    assert.equal(log.includes('tick 3'), false, 'nothing runs once the emulator is destroyed');
  });

  it("leaves alone an emulator that does not yield through a worker (Node's), or whose loop looks otherwise", () => {
    const { emulator, loop } = pageLoop();
    const node = { v86: { ...loop, worker: null } };
    assert.equal(speedUpYield(node), false);
    assert.equal(speedUpYield({ v86: { yield: 1 } }), false);
    assert.equal(speedUpYield({}), false);
    assert.equal(speedUpYield(emulator), true);
    loop.unregister_yield(); // closes its channel (an open one keeps Node running)
  });
});
