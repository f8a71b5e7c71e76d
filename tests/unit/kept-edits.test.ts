import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forgetEdits, keepEdit, readKeptEdit, type KeyValueStore } from '../../src/labs/kept-edits';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('kept edits', () => {
  it('keeps an edit per lab and file, and forgets it when the file is back to the original', () => {
    const store = memoryStore();
    keepEdit('lab-a', 'server.js', 'edited', 'original', store);
    assert.equal(readKeptEdit('lab-a', 'server.js', store), 'edited');
    assert.equal(readKeptEdit('lab-b', 'server.js', store), null);
    assert.equal(readKeptEdit('lab-a', 'client.js', store), null);
    keepEdit('lab-a', 'server.js', 'original', 'original', store);
    assert.equal(store.data.size, 0);
  });

  it("forgets all of a lab's files on reset, and no other lab's", () => {
    const store = memoryStore();
    keepEdit('lab-a', 'server.js', 'x', 'o', store);
    keepEdit('lab-a', 'client.js', 'y', 'o', store);
    keepEdit('lab-b', 'server.js', 'z', 'o', store);
    forgetEdits('lab-a', ['server.js', 'client.js'], store);
    assert.deepEqual([...store.data.values()], ['z']);
  });

  it('survives a store that refuses writes', () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    assert.doesNotThrow(() => keepEdit('lab', 'a.js', 'x', 'o', full));
  });
});
