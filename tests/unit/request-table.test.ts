import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestTable } from '../../src/runtimes/request-table';

describe('RequestTable', () => {
  it('sends each request with a new id and settles it by its answer, once', async () => {
    const table = new RequestTable<string>();
    const sent: number[] = [];
    const first = table.request((id) => sent.push(id));
    const second = table.request((id) => sent.push(id));
    const fixed = table.request((id) => sent.push(id), 0);
    assert.deepEqual(sent, [1, 2, 0]);
    assert.equal(table.size, 3);
    assert.equal(table.answer(2, 'two'), true);
    assert.equal(table.answer(2, 'again'), false, 'an answer for no waiting request is ignored');
    assert.equal(table.fail(1, new Error('refused')), true);
    assert.equal(table.answer(0, 'zero'), true);
    assert.equal(await second, 'two');
    await assert.rejects(first, /refused/);
    assert.equal(await fixed, 'zero');
    assert.equal(table.size, 0);
  });

  it('fails every waiting request at once, and takes new ones afterwards', async () => {
    const table = new RequestTable<string>();
    const waiting = [table.request(() => {}), table.request(() => {})];
    table.failAll(new Error('the machine was restored'));
    for (const request of waiting) await assert.rejects(request, /restored/);
    const later = table.request((id) => queueMicrotask(() => table.answer(id, 'fine')));
    assert.equal(await later, 'fine');
  });
});
