import '../support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { cleanup, renderHook } from '@testing-library/react';
import { EDIT_PAUSE_MS, useCompileWhileEditing } from '../../src/components/Lab/linux/useCompileWhileEditing';
import type { LabFile } from '../../src/labs/types';
import type { LinuxRuntime } from '../../src/runtimes/linux/linux-runtime';

afterEach(() => {
  cleanup();
  mock.timers.reset();
});

const shipped: LabFile[] = [{ path: 'server.c', content: 'int main(void) { return 0; }\n' }];
const edit = (content: string): LabFile[] => [{ path: 'server.c', content }];

function setUp() {
  mock.timers.enable({ apis: ['setTimeout'] });
  const compiles: { dir: string; files: readonly LabFile[] }[] = [];
  const runtime = {
    precompile: (dir: string, files: readonly LabFile[]) => {
      compiles.push({ dir, files });
      return Promise.resolve();
    },
  } as unknown as LinuxRuntime;
  const { result } = renderHook(() => useCompileWhileEditing(runtime, 'c-lab', () => shipped));
  return { compiles, changed: (files: readonly LabFile[]) => result.current(files) };
}

describe('compiling a C lab while the learner edits it', () => {
  it('compiles the latest files once the typing pauses, not at each keystroke', () => {
    const { compiles, changed } = setUp();
    changed(edit('int main(void) { return 1'));
    mock.timers.tick(EDIT_PAUSE_MS / 2);
    changed(edit('int main(void) { return 1; }\n'));
    mock.timers.tick(EDIT_PAUSE_MS - 1);
    assert.equal(compiles.length, 0);
    mock.timers.tick(1);
    assert.deepEqual(compiles, [{ dir: 'c-lab', files: edit('int main(void) { return 1; }\n') }]);
  });

  it('does not compile files as shipped (the machine did after its restore) or files already compiled', () => {
    const { compiles, changed } = setUp();
    changed(shipped);
    mock.timers.tick(EDIT_PAUSE_MS * 2);
    assert.equal(compiles.length, 0);
    changed(edit('x'));
    mock.timers.tick(EDIT_PAUSE_MS);
    changed(edit('x'));
    mock.timers.tick(EDIT_PAUSE_MS);
    assert.equal(compiles.length, 1);
    changed(shipped); // back to the lab's own code: compiled again (a cache hit in the guest)
    mock.timers.tick(EDIT_PAUSE_MS);
    assert.equal(compiles.length, 2);
  });
});
