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
 * can sit where a program line begins, or between a line's text and its line end. Of the ways to
 * split the output so, the one that accounts for the most echo is taken (echo not seen yet is
 * still to come): for "client: sent \"data2\"\r\nclose\r\n" with "close\r\n" owed, the line is
 * the program's and "close" the echo, not "cl" + "ient: …".
 */
export function programText(output: string, echo: string): string {
  const n = output.length;
  const m = echo.length;
  if (m === 0) return output;
  // A program that floods its terminal is not split (the work grows with output × echo).
  if (n * (m + 1) > 1_000_000) return output;
  // States: the program at a line start (START) or inside a line (INSIDE); or inside a line that
  // echo has interrupted, with a typed line's echo under way (OPEN: only more echo may follow,
  // up to its line end) or complete (HELD: more echo, or the program's line end, follows).
  const START = 0;
  const INSIDE = 1;
  const OPEN = 2;
  const HELD = 3;
  const STATES = [START, INSIDE, OPEN, HELD];
  const programMove = (from: number, char: string): number | null => {
    if (from === OPEN || (from === HELD && char !== '\r' && char !== '\n')) return null;
    return char === '\n' ? START : INSIDE;
  };
  const echoMove = (from: number, char: string): number => {
    if (from === START) return START;
    return char === '\n' ? HELD : OPEN;
  };
  // reach[i][s][j]: after i output characters, with j echo characters accounted for, in state s.
  const row = () => STATES.map(() => new Uint8Array(m + 1));
  const reach: Uint8Array[][] = [row()];
  reach[0]![START]![0] = 1;
  for (let i = 0; i < n; i++) {
    const char = output[i]!;
    const next = row();
    for (const s of STATES) {
      const here = reach[i]![s]!;
      const byProgram = programMove(s, char);
      for (let j = 0; j <= m; j++) {
        if (!here[j]) continue;
        if (byProgram !== null) next[byProgram]![j] = 1;
        if (j < m && echo[j] === char) next[echoMove(s, char)]![j + 1] = 1;
      }
    }
    reach.push(next);
  }
  // The end state with the most echo accounted for (an interrupted line must have ended), then
  // back to the start.
  let j = m;
  let s = -1;
  for (; j >= 0 && s < 0; j--) s = [START, INSIDE].find((state) => reach[n]![state]![j]) ?? -1;
  j++;
  if (s < 0) return output;
  const program: string[] = [];
  for (let i = n; i > 0; i--) {
    const char = output[i - 1]!;
    const before = reach[i - 1]!;
    // The echo, where it can be (as in the forward pass, echo is preferred).
    if (j > 0 && echo[j - 1] === char) {
      const from = STATES.find((p) => before[p]![j - 1] && echoMove(p, char) === s);
      if (from !== undefined) {
        j--;
        s = from;
        continue;
      }
    }
    program.push(char);
    s = STATES.find((p) => before[p]![j] && programMove(p, char) === s)!;
  }
  return program.reverse().join('');
}
