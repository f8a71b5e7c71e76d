import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TypedLines } from '../../src/labs/c-run/typed-lines';

test('typed lines: Enter completes a line, in pieces or all at once', () => {
  const typed = new TypedLines();
  assert.deepEqual(typed.keys('da'), []);
  assert.deepEqual(typed.keys('ta1\r'), ['data1']);
  assert.deepEqual(typed.keys('data2\rclose\r'), ['data2', 'close']);
});

test('typed lines: Backspace, Ctrl-U and Ctrl-C act on the line being typed, as the kernel does', () => {
  const typed = new TypedLines();
  assert.deepEqual(typed.keys('dataX\x7f1\r'), ['data1']);
  assert.deepEqual(typed.keys('wrong\x15right\r'), ['right']);
  assert.deepEqual(typed.keys('gone\x03kept\r'), ['kept']);
  assert.deepEqual(typed.keys('\x7f\x7f\r'), [''], 'erase at the start of a line erases nothing');
});
