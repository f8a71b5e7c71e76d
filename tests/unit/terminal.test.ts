import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineEditor } from '../../src/components/Lab/terminal/line-editor';
import { Transcript } from '../../src/components/Lab/terminal/transcript';

function editor() {
  const log = { echo: '', lines: [] as string[], eof: 0, interrupts: 0 };
  const ed = new LineEditor({
    echo: (t) => (log.echo += t),
    submit: (l) => log.lines.push(l),
    endOfInput: () => log.eof++,
    interrupt: () => log.interrupts++,
  });
  return { ed, log };
}

describe('LineEditor', () => {
  it('echoes typing and sends whole lines on Enter', () => {
    const { ed, log } = editor();
    ed.feed('data1\r');
    ed.feed('da');
    assert.equal(ed.pending, 'da');
    ed.feed('ta2\r');
    assert.deepEqual(log.lines, ['data1', 'data2']);
    assert.equal(log.echo, 'data1\r\ndata2\r\n');
  });

  it('erases with Backspace, ignores cursor keys, handles pasted lines', () => {
    const { ed, log } = editor();
    ed.feed('closx\x7fe\x1b[A\x1b[D\r');
    ed.feed('a\rb\r');
    assert.deepEqual(log.lines, ['close', 'a', 'b']);
  });

  it('sends end of input on Ctrl-D at the start of a line, and interrupts on Ctrl-C', () => {
    const { ed, log } = editor();
    ed.feed('abc\x04');
    assert.equal(log.eof, 0, 'Ctrl-D after text does nothing, as in a shell');
    ed.feed('\x03');
    assert.equal(log.interrupts, 1);
    assert.equal(ed.pending, '');
    ed.feed('\x04');
    assert.equal(log.eof, 1);
  });
});

describe('Transcript', () => {
  it('keeps plain text: no colour codes, Unix newlines, capped from the front', () => {
    const t = new Transcript(10);
    let changes = 0;
    t.subscribe(() => changes++);
    t.append('\x1b[31mred\x1b[0m\r\n');
    assert.equal(t.toString(), 'red\n');
    t.append('0123456789');
    assert.equal(t.toString(), '0123456789');
    t.clear();
    assert.equal(t.toString(), '');
    assert.equal(changes, 3);
  });
});
