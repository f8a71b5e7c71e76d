import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noticeLines } from '../../src/components/Lab/terminal/notice-lines';

describe("a terminal notice's lines", () => {
  it('break between words, never inside one ("alr|eady"), each at most the terminal’s width', () => {
    const text = 'the binary is from the source as the editor has it now: it was already compiled';
    for (let columns = 12; columns <= 90; columns++) {
      const lines = noticeLines(text, columns);
      for (const line of lines) assert.ok([...line].length <= columns, `${columns} columns: "${line}"`);
      assert.equal(lines.map((l) => l.trim()).join(' '), `[${text}]`, `${columns} columns: the words, in order`);
      assert.ok(
        lines.slice(1).every((l) => l.startsWith(' ') && !l.startsWith('  ')),
        'later lines indented by one space',
      );
    }
    assert.deepEqual(noticeLines(text, 40), [
      '[the binary is from the source as the',
      ' editor has it now: it was already',
      ' compiled]',
    ]);
  });

  it('is one line when it fits, as before', () => {
    assert.deepEqual(noticeLines('server started at 10:41:07', 80), ['[server started at 10:41:07]']);
    assert.deepEqual(noticeLines('exactly', 9), ['[exactly]']);
  });

  it('cuts only a word wider than a line (a long path)', () => {
    assert.deepEqual(noticeLines('$ tcc -o /tmp/labs/c-close-vs-shutdown/delayed-echo-server x.c', 24), [
      '[$ tcc -o',
      ' /tmp/labs/c-close-vs-sh',
      ' utdown/delayed-echo-ser',
      ' ver x.c]',
    ]);
  });

  it('keeps the notice’s own line breaks', () => {
    assert.deepEqual(noticeLines('tcc failed:\nx.c:3: error', 40), ['[tcc failed:', ' x.c:3: error]']);
  });
});
