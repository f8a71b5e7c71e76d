import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkLane } from '../../src/runtimes/linux/work-lane';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A step that runs until `finish()` is called, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    step: async () => {
      log.push(`${name} starts`);
      await done;
      log.push(`${name} ends`);
    },
    finish: () => finish(),
  };
}

describe('the guest work lane', () => {
  it('runs one step at a time, in order', async () => {
    const lane = new WorkLane();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const runA = lane.run('background', a.step);
    const runB = lane.run('background', b.step);
    await tick();
    assert.deepEqual(log, ['a starts']);
    a.finish();
    await runA;
    await tick();
    assert.deepEqual(log, ['a starts', 'a ends', 'b starts']);
    b.finish();
    await runB;
  });

  it("the learner's work goes before background steps that wait, after the step under way", async () => {
    const lane = new WorkLane();
    const log: string[] = [];
    const [bg1, bg2, start] = [gate(log, 'precompile server'), gate(log, 'precompile client'), gate(log, 'Start')];
    const runs = [lane.run('background', bg1.step), lane.run('background', bg2.step)];
    await tick();
    runs.push(lane.run('learner', start.step));
    await tick();
    assert.deepEqual(log, ['precompile server starts'], 'the step under way is not cut short');
    bg1.finish();
    await tick();
    await tick();
    assert.deepEqual(log.slice(-1), ['Start starts'], 'then the Start, before the next background step');
    start.finish();
    await tick();
    await tick();
    assert.deepEqual(log.slice(-1), ['precompile client starts']);
    bg2.finish();
    await Promise.all(runs);
  });

  it('a hold keeps background steps from starting between two steps of the learner, until released', async () => {
    const lane = new WorkLane();
    const log: string[] = [];
    const release = lane.holdBackground(60_000);
    const background = lane.run('background', async () => void log.push('precompile'));
    await lane.run('learner', async () => void log.push('write the files'));
    await tick();
    assert.deepEqual(log, ['write the files'], 'nothing of the page between the two steps');
    const compile = lane.run('learner', async () => void log.push('compile'));
    release();
    await compile;
    await background;
    assert.deepEqual(log, ['write the files', 'compile', 'precompile']);
  });

  it('a hold ends by itself after its limit', async () => {
    const lane = new WorkLane();
    lane.holdBackground(10);
    let ran = false;
    await lane.run('background', async () => void (ran = true));
    assert.ok(ran);
  });

  it('a step that fails frees the lane', async () => {
    const lane = new WorkLane();
    await assert.rejects(
      lane.run('learner', async () => {
        throw new Error('the agent said no');
      }),
      /the agent said no/,
    );
    assert.equal(await lane.run('learner', async () => 42), 42);
  });
});
