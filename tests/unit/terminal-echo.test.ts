import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { programText, TerminalTyping } from '../../src/labs/c-run/terminal-echo';

const typed = (...keys: string[]) => {
  const terminal = new TerminalTyping();
  const lines = keys.flatMap((k) => terminal.keys(k));
  return { lines, echo: terminal.echo };
};

describe("the terminal's echo of the learner's keys, taken out of a C program's output", () => {
  it('follows the line discipline: Enter, erase, kill', () => {
    assert.deepEqual(typed('dx\x7fata1\r'), { lines: ['data1'], echo: 'dx\b \bata1\r\n' });
    assert.deepEqual(typed('\x7fab\x15c\r').echo, 'ab\b \b\b \bc\r\n');
  });

  it('takes out echo typed ahead of a program line, and echo after it', () => {
    const { echo } = typed('data1\r', 'data2\r');
    const output = 'data1\r\ndclient: sent "data1"\r\nata2\r\nclient: sent "data2"\r\n';
    assert.equal(programText(output, echo), 'client: sent "data1"\r\nclient: sent "data2"\r\n');
  });

  it('keeps a program line whole when it begins like the echo still owed', () => {
    const { echo } = typed('close\r');
    assert.equal(
      programText('client: sent "data2"\r\nclose\r\nclient: close(): both directions closed\r\n', echo),
      'client: sent "data2"\r\nclient: close(): both directions closed\r\n',
    );
    assert.equal(programText('clclient: x\r\nose\r\n', echo), 'client: x\r\n', 'echo "cl" before the line');
  });

  it('takes out a typed line echoed between a program line and its line end (the tty writes "\\r\\n" apart)', () => {
    const { echo } = typed('data1\r', 'data2\r', 'close\r');
    const output =
      'client: connected' +
      'data1\r\n' +
      '\r\nclient: sent "data1"' +
      'data2\r\n' +
      '\r\nc' +
      'client: sent "data2"\r\n' +
      'lose\r\nclient: close(): both directions closed\r\n';
    assert.equal(
      programText(output, echo),
      'client: connected\r\nclient: sent "data1"\r\nclient: sent "data2"\r\nclient: close(): both directions closed\r\n',
    );
  });

  it('takes out a partly typed line echoed between a program line and its line end', () => {
    // The learner has typed "da" of "data2" when the client's line is written: the tty flushes
    // that echo between the line's text and the "\r\n" it makes of the program's "\n", and the
    // rest of the line ("ta2", Enter) is echoed later.
    const { echo } = typed('data1\r', 'da', 'ta2\r');
    const output = 'data1\r\nclient: sent "data1"' + 'da' + '\r\n' + 'ta2\r\n' + 'client: sent "data2"\r\n';
    assert.equal(programText(output, echo), 'client: sent "data1"\r\nclient: sent "data2"\r\n');
    // While the learner is still typing the line, its rest has not come yet.
    const typing = typed('data1\r', 'da');
    assert.equal(programText('data1\r\nclient: sent "data1"da\r\n', typing.echo), 'client: sent "data1"\r\n');
  });

  it('does not cut a program line short for a typed line whose echo comes whole after it', () => {
    const { echo } = typed('a\r');
    assert.equal(programText('banana\r\na\r\n', echo), 'banana\r\n');
    assert.equal(programText('banana\r\n', echo), 'banana\r\n', 'its echo is still to come');
  });

  it('never takes echo from within a program line', () => {
    const { echo } = typed('a\r');
    assert.equal(programText('banana\r\n', echo), 'banana\r\n');
    assert.equal(programText('', echo), '');
    assert.equal(programText('server: listening\r\n', ''), 'server: listening\r\n');
  });
});
