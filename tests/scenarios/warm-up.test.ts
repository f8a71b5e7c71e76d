import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runProgram, type RunningProgram } from '../support/lab-harness';

const started: RunningProgram[] = [];
afterEach(() => started.splice(0).forEach((p) => p.kill()));

describe('warm-up lab', () => {
  it('answers each line and exits cleanly after "bye"', async () => {
    const greeter = runProgram('warm-up', 'greeter.js', {});
    started.push(greeter);
    await greeter.waitFor('what is your name?');
    greeter.type('Ada');
    await greeter.waitFor('hello, Ada!');
    greeter.type('bye');
    assert.deepEqual(await greeter.exited(), { code: 0, signal: null });
    assert.match(greeter.stdout(), /bye!\ngreeter: end of input, exiting\n$/);
  });
});
