/**
 * What the learner types into a C lab's terminal, and the echo of it in the terminal's output.
 *
 * A process's terminal is a real one (the guest's serial port in canonical mode), so the guest
 * kernel echoes each key into the same output as the program's lines, and a fast typist's keys
 * land between them: "d" (the echo) + `client: sent "data1"` (the program) + "ata2" (the rest of
 * the echo). To compare the program's lines with a native run (which has no terminal), the echo
 * is taken out again (`programText`).
 */
export class TerminalTyping {
  /** The line being typed. */
  private typing = '';
  /** Everything the kernel echoes for the keys sent so far, in order. */
  echo = '';

  /** Keys the learner sent; returns the lines they completed (Enter), as the program reads them. */
  keys(data: string): string[] {
    const lines: string[] = [];
    for (const char of data) {
      if (char === '\r' || char === '\n') {
        lines.push(this.typing);
        this.typing = '';
        this.echo += '\r\n';
      } else if (char === '\x7f' || char === '\b') {
        // ERASE echoes "\b \b", and nothing at the start of a line.
        if (this.typing) this.echo += '\b \b';
        this.typing = this.typing.slice(0, -1);
      } else if (char === '\x15') {
        // KILL with ECHOKE erases the line on the screen.
        this.echo += '\b \b'.repeat(this.typing.length);
        this.typing = '';
      } else if (char === '\x03') {
        this.echo += '^C'; // ECHOCTL; the program is sent SIGINT
        this.typing = '';
      } else if (char >= ' ') {
        this.typing += char;
        this.echo += char;
      }
    }
    return lines;
  }
}

/**
 * The program's own text in a terminal's output, given the echo of the keys sent. The kernel
 * echoes each key at once and in order. A program's line, written by one write(), comes out
 * whole, except that the tty turns its "\n" into "\r\n" apart from the text before it, so echo
 * can sit where a program line begins, or between a line's text and its line end: the echo of
 * whole typed lines, or of the keys of a line still being typed, whose rest then comes later.
 *
 * Of the ways to split the output so, the one that accounts for the most echo is taken (echo not
 * seen yet is still to come), and of those the one that cuts fewest typed lines short. For
 * "client: sent \"data2\"\r\nclose\r\n" with "close\r\n" owed, the line is the program's and
 * "close" the echo, not "cl" + "ient: …". A typed line cut short by a program's line end must be
 * finished by its own echo later, unless the learner is still typing it: "banana\r\n" with
 * "a\r\n" owed is the program's "banana", not "banan" + the echo "a".
 */
export function programText(output: string, echo: string): string {
  const n = output.length;
  const m = echo.length;
  if (m === 0) return output;
  // A program that floods its terminal is not split (the work grows with output × echo).
  if (n * (m + 1) > 1_000_000) return output;
  const split = bestSplit(output, echo);
  if (!split) return output;
  return split;
}

// Where the split stands: the program at a line start (START) or inside a line (INSIDE); or
// inside a line that echo has interrupted, with a typed line's echo under way (OPEN) or complete
// (HELD), where only more echo or the program's line end may follow. Each also with OWED: a
// typed line's echo was cut short by a program's line end, and its rest is still to come.
const START = 0;
const INSIDE = 1;
const OPEN = 2;
const HELD = 3;
const OWED = 4;
const STATES = [0, 1, 2, 3, 4, 5, 6, 7];
/** Costs are the number of typed lines cut short; this marks a state not reachable. */
const NONE = 255;

function programMove(from: number, char: string): { to: number; cut: boolean } | null {
  const place = from & 3;
  const lineEnd = char === '\r' || char === '\n';
  if ((place === OPEN || place === HELD) && !lineEnd) return null;
  const cut = place === OPEN;
  return { to: (char === '\n' ? START : INSIDE) | (cut ? OWED : from & OWED), cut };
}

function echoMove(from: number, char: string): number {
  const owed = char === '\n' ? 0 : from & OWED;
  const place = from & 3;
  if (place === START) return START | owed;
  return (char === '\n' ? HELD : OPEN) | owed;
}

function bestSplit(output: string, echo: string): string | null {
  const n = output.length;
  const m = echo.length;
  // cost[i][s][j]: fewest cut lines after i output characters, j echo characters accounted for, in state s.
  const row = () => STATES.map(() => new Uint8Array(m + 1).fill(NONE));
  const cost: Uint8Array[][] = [row()];
  cost[0]![START]![0] = 0;
  const relax = (target: Uint8Array, j: number, value: number) => {
    if (value < target[j]!) target[j] = Math.min(value, NONE - 1);
  };
  for (let i = 0; i < n; i++) {
    const char = output[i]!;
    const next = row();
    for (const s of STATES) {
      const here = cost[i]![s]!;
      const byProgram = programMove(s, char);
      const byEcho = echoMove(s, char);
      for (let j = 0; j <= m; j++) {
        const c = here[j]!;
        if (c === NONE) continue;
        if (byProgram) relax(next[byProgram.to]!, j, c + (byProgram.cut ? 1 : 0));
        if (j < m && echo[j] === char) relax(next[byEcho]!, j + 1, c);
      }
    }
    cost.push(next);
  }
  // The end: an interrupted line must have ended; a line cut short must have been finished by
  // its echo, unless the learner has not finished typing it (no line end in the echo still owed).
  const stillTyping = (j: number) => !echo.slice(j).includes('\n');
  let end: { s: number; j: number } | null = null;
  for (let j = m; j >= 0 && !end; j--) {
    let best = NONE;
    for (const s of STATES) {
      const c = cost[n]![s]![j]!;
      const place = s & 3;
      if (c === NONE || (place !== START && place !== INSIDE) || (s & OWED && !stillTyping(j))) continue;
      if (c < best) {
        best = c;
        end = { s, j };
      }
    }
  }
  if (!end) return null;
  // Back to the start along transitions that keep the cost (echo where it can be).
  let { s, j } = end;
  const program: string[] = [];
  for (let i = n; i > 0; i--) {
    const char = output[i - 1]!;
    const before = cost[i - 1]!;
    const target = cost[i]![s]![j]!;
    if (j > 0 && echo[j - 1] === char) {
      const from = STATES.find((p) => before[p]![j - 1] === target && echoMove(p, char) === s);
      if (from !== undefined) {
        j--;
        s = from;
        continue;
      }
    }
    program.push(char);
    s = STATES.find((p) => {
      const move = programMove(p, char);
      return move?.to === s && before[p]![j] !== NONE && before[p]![j]! + (move.cut ? 1 : 0) === target;
    })!;
  }
  return program.reverse().join('');
}
