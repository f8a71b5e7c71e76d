import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceDemux } from '../../src/runtimes/webcontainer/trace-demux';

const M = '\u001e#lab-trace-0123#';

/** Feeds `text` cut into pieces of `size` characters; returns what came out. */
function feed(text: string, size: number) {
  const demux = new TraceDemux(M);
  let output = '';
  const events: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    const part = demux.push(text.slice(i, i + size));
    output += part.output;
    events.push(...part.events);
  }
  output += demux.flush();
  return { output, events };
}

describe('TraceDemux: socket events carried in the output stream', () => {
  const stream = `server: listening\n${M}{"kind":"listen"}\npartial line ${M}{"kind":"accept"}\r\nrest\n${M}{"kind":"data"}\n`;

  it('takes event lines out and leaves the program output unchanged, however the stream is cut', () => {
    for (const size of [1, 2, 3, 5, 7, 16, 1000]) {
      assert.deepEqual(
        feed(stream, size),
        {
          output: 'server: listening\npartial line rest\n',
          events: ['{"kind":"listen"}', '{"kind":"accept"}', '{"kind":"data"}'],
        },
        `chunks of ${size}`,
      );
    }
  });

  it('gives back text that only looked like the start of a marker, and drops an event cut off at the end', () => {
    assert.deepEqual(feed('ends with \u001e#lab', 4), { output: 'ends with \u001e#lab', events: [] });
    assert.deepEqual(feed(`ok\n${M}{"kind":"cl`, 4), { output: 'ok\n', events: [] });
  });
});
