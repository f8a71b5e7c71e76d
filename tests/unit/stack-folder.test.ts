import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StackFolder } from '../../src/components/Lab/terminal/stack-folder';

const folder = () => new StackFolder((n) => `[${n} frames]\n`);

/** The close run's crash report, as Node 20 writes it to stderr. */
const crash = [
  'server: write of "Hi, data2" failed: EPIPE',
  'node:events:502',
  "      throw er; // Unhandled 'error' event",
  '      ^',
  '',
  'Error: write EPIPE',
  '    at afterWriteDispatched (node:internal/stream_base_commons:161:15)',
  '    at writeGeneric (node:internal/stream_base_commons:152:3)',
  '    at Socket._writeGeneric (node:net:953:11)',
  '    at Timeout._onTimeout (/tmp/session/close-vs-shutdown/server.js:74:14)',
  '    at listOnTimeout (node:internal/timers:581:17)',
  "Emitted 'error' event on Socket instance at:",
  '    at emitErrorNT (node:internal/streams/destroy:169:8)',
  '    at emitErrorCloseNT (node:internal/streams/destroy:128:3)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:82:21) {',
  '  errno: -32,',
  "  code: 'EPIPE',",
  "  syscall: 'write'",
  '}',
  '',
  'Node.js v20.20.2',
  '',
].join('\n');

describe('StackFolder', () => {
  it('folds each run of stack frames of a crash report into one line, keeping every other line', () => {
    const f = folder();
    const shown = f.push(crash) + f.flush();
    assert.equal(
      shown,
      [
        'server: write of "Hi, data2" failed: EPIPE',
        'node:events:502',
        "      throw er; // Unhandled 'error' event",
        '      ^',
        '',
        'Error: write EPIPE',
        '[3 frames]',
        '    at Timeout._onTimeout (/tmp/session/close-vs-shutdown/server.js:74:14)',
        '[1 frames]',
        "Emitted 'error' event on Socket instance at:",
        '[3 frames]',
        '{',
        '  errno: -32,',
        "  code: 'EPIPE',",
        "  syscall: 'write'",
        '}',
        '',
        'Node.js v20.20.2',
        '',
      ].join('\n'),
    );
  });

  it('gives the same result however the output is cut into chunks', () => {
    const whole = folder();
    const expected = whole.push(crash) + whole.flush();
    for (const size of [1, 3, 7, 50]) {
      const f = folder();
      let shown = '';
      for (let i = 0; i < crash.length; i += size) shown += f.push(crash.slice(i, i + size));
      assert.equal(shown + f.flush(), expected, `chunks of ${size}`);
    }
  });

  it('shows a prompt without a newline at once', () => {
    assert.equal(folder().push('type a name: '), 'type a name: ');
  });

  it('says how many frames a crash ended with when the process ends', () => {
    const f = folder();
    assert.equal(f.push('Error: boom\n    at x (node:a:1:1)\n    at y (node:a:2:1)'), 'Error: boom\n');
    assert.equal(f.flush(), '[2 frames]\n');
  });
});
