import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inSentence } from '../../src/labs/in-sentence';

describe('a process title inside a sentence', () => {
  it('lowercases an ordinary first word and keeps names and acronyms', () => {
    assert.equal(inSentence('Server'), 'server');
    assert.equal(inSentence('Last ACK lost'), 'last ACK lost');
    assert.equal(inSentence('SIG_IGN'), 'SIG_IGN');
    assert.equal(inSentence('SO_RCVTIMEO'), 'SO_RCVTIMEO');
    assert.equal(inSentence("glibc's signal()"), "glibc's signal()");
    assert.equal(inSentence('A close, nothing lost'), 'a close, nothing lost');
  });
});
