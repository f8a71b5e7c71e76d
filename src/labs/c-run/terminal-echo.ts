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
 * echoes each key at once and in order; a program's line, written by one write(), comes out
 * whole, so echo can only sit where a program line begins. Of the ways to split the output so,
 * the one that accounts for the most echo is taken (echo not seen yet is still to come): for
 * "client: sent \"data2\"\r\nclose\r\n" with "close\r\n" owed, the line is the program's and
 * "close" the echo, not "cl" + "ient: …".
 */
export function programText(output: string, echo: string): string {
  const n = output.length;
  const m = echo.length;
  if (m === 0) return output;
  // A program that floods its terminal is not split (the work grows with output × echo).
  if (n * (m + 1) > 1_000_000) return output;
  // reach[i][s][j]: after i output characters, with j echo characters accounted for, the
  // program at a line start (s = 1) or not (s = 0).
  const reach: Uint8Array[][] = [[new Uint8Array(m + 1), new Uint8Array(m + 1)]];
  reach[0]![1]![0] = 1;
  for (let i = 0; i < n; i++) {
    const char = output[i]!;
    const next = [new Uint8Array(m + 1), new Uint8Array(m + 1)];
    const after = char === '\n' ? 1 : 0;
    for (let s = 0; s < 2; s++) {
      const row = reach[i]![s]!;
      for (let j = 0; j <= m; j++) {
        if (!row[j]) continue;
        next[after]![j] = 1; // the program's
        if (s === 1 && j < m && echo[j] === char) next[1]![j + 1] = 1; // the echo
      }
    }
    reach.push(next);
  }
  // The end state with the most echo accounted for, then back to the start.
  let j = m;
  let s = 1;
  while (j >= 0 && !reach[n]![1]![j] && !reach[n]![0]![j]) j--;
  if (j < 0) return output;
  if (!reach[n]![1]![j]) s = 0;
  const program: string[] = [];
  for (let i = n; i > 0; i--) {
    const char = output[i - 1]!;
    if (s === 1 && j > 0 && echo[j - 1] === char && reach[i - 1]![1]![j - 1]) {
      j--; // the echo: the program was and stays at a line start
      continue;
    }
    // The program's (the state after it is s = char is a newline); before it, either state.
    program.push(char);
    s = reach[i - 1]![1]![j] ? 1 : 0;
  }
  return program.reverse().join('');
}
