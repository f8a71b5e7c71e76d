import { newTerminal, snapshot, written } from '../support/headless-xterm';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import {
  boundCounts,
  boundedCount,
  COUNTED_FINALS,
  type CountedFinal,
} from '../../src/components/Lab/terminal/clamp-counts';
import type { XtermCase } from '../support/xterm-child';

// Issue 19: eleven bytes of output, ESC [ 99999999 L, kept the page busy for minutes. These
// tests use the site's own xterm (on jsdom) and the module every lab terminal loads.

const CSI = '\x1b[';
const LARGEST = 2 ** 31 - 1; // the largest count xterm's parser keeps
const ROOT = path.resolve(__dirname, '../..');
const SIZES = [
  { rows: 5, cols: 11 },
  { rows: 6, cols: 10 },
] as const;

/**
 * Runs the cases in a process of its own (xterm-child.ts): a terminal that never finishes its
 * work (the freeze) is then ended with the test, which fails on its timeout.
 */
async function inChild(t: TestContext, cases: readonly XtermCase[]): Promise<string[][]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/xterm-child.ts'], {
    cwd: ROOT,
    signal: t.signal,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.on('error', () => {}); // ended by the test's signal: the test has failed already
  child.stdin.end(JSON.stringify(cases));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, 'xterm-child.ts finished');
  return JSON.parse(out) as string[][];
}

/** What a program may have drawn before: lines for the scrollback, a colour to erase with, a cursor. */
const LINES = Array.from({ length: 8 }, (_, i) => `line ${i + 1} ${'.'.repeat(i)}`).join('\r\n');
/** A tab stop (HTS) at every column of a screen up to 20 wide. */
const EVERY_COLUMN = Array.from({ length: 20 }, (_, i) => `${CSI}${i + 1}G\x1bH`).join('');
type Kind = 'lines' | 'tabs' | 'repeat';
const SETUPS: Record<Kind, Record<string, string>> = {
  lines: {
    'cursor inside the screen': `${LINES}${CSI}44m${CSI}2;3H`,
    'scroll margins, cursor inside them': `${LINES}${CSI}44m${CSI}2;4r${CSI}3;2H`,
    'scroll margins, cursor below them': `${LINES}${CSI}44m${CSI}2;3r${CSI}5;4H`,
  },
  tabs: {
    'default tab stops': `${LINES}${CSI}3;6H`,
    'own tab stops': `${LINES}${CSI}3g${CSI}3G\x1bH${CSI}8G\x1bH${CSI}2;5H`,
    'a tab stop at every column, cursor at the left': `${LINES}${EVERY_COLUMN}${CSI}2;1H`,
    'a tab stop at every column, cursor at the right': `${LINES}${EVERY_COLUMN}${CSI}2;99H`,
  },
  repeat: {
    'a letter': `${LINES}${CSI}3;4Hx`,
    'a wide character': `${LINES}${CSI}3;4H中`,
    'a letter and its accent': `${LINES}${CSI}3;4He\u0301`,
    'a letter, autowrap off': `${LINES}${CSI}?7l${CSI}3;4Hx`,
    'a letter, insert mode': `${LINES}${CSI}4h${CSI}3;4Hx`,
    'a letter, scroll margins': `${LINES}${CSI}2;4r${CSI}3;4Hx`,
  },
};
const kindOf = (final: CountedFinal): Kind =>
  'LMST'.includes(final) ? 'lines' : 'IZ'.includes(final) ? 'tabs' : 'repeat';
/** REP draws into the scrollback, which a bounded count keeps shorter: compare the screen. Others: everything. */
const whole = (final: CountedFinal) => final !== 'b';

/**
 * What can be added to a count past the bound without changing the screen: more lines than
 * the screen has, more tab steps than it has columns, and for REP whole rows of narrow (cols to
 * a row) and of wide (cols / 2) characters, both.
 */
function changesNothing(final: CountedFinal, { rows, cols }: { rows: number; cols: number }): number {
  return kindOf(final) === 'lines' ? rows : kindOf(final) === 'tabs' ? cols : cols * Math.floor(cols / 2);
}

/** Every CSI sequence xterm 6 carries out with a count, by its final (and intermediate) bytes. */
const ALL_COUNTED = ['@', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'I', 'L', 'M', 'P', 'S', 'T', 'X', 'Z', '`']
  .concat(['a', 'b', 'd', 'e', ' @', ' A', "'}", "'~"])
  .map((final) => `${CSI}${LARGEST}${final}`);

describe('terminal: counts a program cannot freeze the page with', () => {
  it(
    'every sequence that takes a count, at the largest count, is done, leaves the screen xterm would, and what follows is shown',
    { timeout: 60_000 },
    async (t) => {
      // xterm alone cannot run the largest count (that is the freeze): a count that leaves the
      // same screen stands in for it. The tests below check the bound count by count.
      const pairs: { name: string; bounded: XtermCase; alone: XtermCase }[] = [];
      for (const size of SIZES) {
        for (const final of COUNTED_FINALS) {
          const bound = boundedCount(final, LARGEST, size);
          if (final === 'b') {
            assert.equal((LARGEST - bound) % size.cols, 0, 'REP of a narrow character: the cursor ends where it would');
            assert.equal((LARGEST - bound) % Math.floor(size.cols / 2), 0, 'REP of a wide one: the same');
          }
          for (const [setup, before] of Object.entries(SETUPS[kindOf(final)])) {
            const count = bound + changesNothing(final, size);
            pairs.push({
              name: `${size.rows}×${size.cols}, CSI n ${final} (${setup})`,
              bounded: { ...size, data: `${before}${CSI}${LARGEST}${final}`, bounded: true, whole: whole(final) },
              alone: { ...size, data: `${before}${CSI}${count}${final}`, bounded: false, whole: whole(final) },
            });
          }
        }
      }
      const hostile = `${LINES}x${ALL_COUNTED.join('x')}${CSI}99999999L\r\nafter the hostile output`;
      const [last, ...screens] = await inChild(t, [
        { ...SIZES[0], data: hostile, bounded: true, whole: false },
        ...pairs.flatMap((pair) => [pair.bounded, pair.alone]),
      ]);
      assert.match(last!.join('\n'), /after the /);
      pairs.forEach((pair, i) => assert.deepEqual(screens[2 * i], screens[2 * i + 1], pair.name));
    },
  );

  for (const size of SIZES) {
    /** The smallest count the bound changes (none found: a large one). */
    const firstBounded = (final: CountedFinal) => {
      let n = 1;
      while (boundedCount(final, n, size) === n && n < 10 * size.rows * size.cols) n++;
      return n;
    };
    for (const final of COUNTED_FINALS) {
      for (const [setup, before] of Object.entries(SETUPS[kindOf(final)])) {
        it(`${size.rows}×${size.cols}, CSI n ${final} (${setup}): every count up to well past the bound leaves xterm's own screen`, async () => {
          const plain = await newTerminal(size.rows, size.cols);
          const bounded = await newTerminal(size.rows, size.cols);
          boundCounts(bounded);
          for (let n = 0, last = 3 * firstBounded(final); n <= last; n++) {
            const data = `\x1bc${before}${CSI}${n}${final}`;
            await Promise.all([written(plain, data), written(bounded, data)]);
            assert.deepEqual(snapshot(bounded, whole(final)), snapshot(plain, whole(final)), `count ${n}`);
          }
          plain.dispose();
          bounded.dispose();
        });
      }
    }
  }
});
