import type { IDisposable, Terminal } from '@xterm/xterm';

/**
 * Counts a lab program cannot freeze the page with.
 *
 * xterm 6.0.0 reads a control sequence's count up to 2^31 - 1 and carries out a few sequences
 * once per counted step, on the page's main thread: eleven bytes of output, ESC [ 99999999 L,
 * kept a tab busy for minutes. These are, by final byte:
 *
 *   L  IL   insert lines        one splice of the buffer per line
 *   M  DL   delete lines        one splice per line
 *   S  SU   scroll up           one splice per line
 *   T  SD   scroll down         one splice per line
 *   I  CHT  forward tabulation  one tab stop per step
 *   Z  CBT  backward tabulation one tab stop per step
 *   b  REP  repeat character    the character printed count times (and an array that long)
 *
 * Every other sequence with a count does work bounded by the screen whatever the count: the
 * cursor moves (CUU, CUD, CUF, CUB, CNL, CPL, CHA, HPA, HPR, VPA, VPR, CUP, HVP) stop at its
 * edges, ICH, DCH and ECH stop at the end of the line, SL, SR, DECIC and DECDC at the end of
 * each line of the scroll region; DECSTBM and DECSTR take no count.
 *
 * Past a point, a larger count changes nothing more: from `rows` lines on, IL, DL, SU and SD
 * have blanked the whole scroll region; from `cols` steps on, CHT and CBT stand at the last
 * (first) tab stop; once REP has filled the screen, the screen is the same every `period`
 * characters further. So a count past that point is replaced by the smallest count that
 * leaves the same screen and cursor (REP leaves fewer copies of its character in the
 * scrollback). Smaller counts, the only ones programs have a use for, are left as they are.
 */

/** The final bytes of the sequences above (no prefix, no intermediate byte). */
export type CountedFinal = 'L' | 'M' | 'S' | 'T' | 'I' | 'Z' | 'b';
export const COUNTED_FINALS: readonly CountedFinal[] = ['L', 'M', 'S', 'T', 'I', 'Z', 'b'];

export interface ScreenSize {
  readonly rows: number;
  readonly cols: number;
}

/** The count to carry out for `count` (0: the default, 1) on a screen of this size. */
export function boundedCount(final: CountedFinal, count: number, { rows, cols }: ScreenSize): number {
  switch (final) {
    case 'L':
    case 'M':
    case 'S':
    case 'T':
      return Math.min(count, rows);
    case 'I':
    case 'Z':
      return Math.min(count, cols);
    case 'b': {
      // A row holds `cols` narrow characters or floor(cols / 2) wide ones. After rows + 1 rows'
      // worth, from wherever the cursor began, the screen is all this character; from then on
      // the screen and cursor repeat every row, for either width.
      const filled = (rows + 1) * cols;
      if (count <= filled) return count;
      const period = cols % 2 === 0 ? cols : (cols * (cols - 1)) / 2;
      return filled + ((count - filled) % period);
    }
  }
}

/** xterm's own parameters object (IParams): its handlers read the count from `params[0]`. */
interface XtermParams {
  readonly params: Int32Array;
  readonly length: number;
}

interface XtermCore {
  registerCsiHandler(id: { final: string }, handler: (params: XtermParams) => boolean): IDisposable;
}

/**
 * Bounds the counts of `term`'s sequences above. Call it once, after creating the terminal.
 *
 * Handlers added through xterm's public parser API (`term.parser`) are given a copy of the
 * parameters: they can carry a sequence out themselves or pass it on unchanged, and writing a
 * smaller sequence instead would draw it after the rest of the output already received. So
 * these are added to the terminal's core, where a handler is given the parameters xterm's
 * own handler reads next: each lowers the count, then passes the sequence on (returns false),
 * and xterm carries it out as usual. The core is not xterm's public API: @xterm/xterm is pinned
 * (6.0.0), and tests/unit/clamp-counts.test.ts fails if this no longer works.
 */
export function boundCounts(term: Terminal): IDisposable {
  const core = (term as unknown as { _core?: Partial<XtermCore> })._core;
  const register = core?.registerCsiHandler?.bind(core);
  if (!register) throw new Error('clamp-counts: this xterm has no core.registerCsiHandler; see clamp-counts.ts');
  const handlers = COUNTED_FINALS.map((final) =>
    register({ final }, (params) => {
      const count = params.params[0];
      if (params.length > 0 && count !== undefined) params.params[0] = boundedCount(final, count, term);
      return false;
    }),
  );
  return { dispose: () => handlers.forEach((handler) => handler.dispose()) };
}
