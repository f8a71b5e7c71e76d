/**
 * The lines the learner typed into a C lab's terminal, as the program reads them: the terminal is
 * in canonical mode, so the kernel hands over a line at Enter, after its erase (Backspace), kill
 * (Ctrl-U) and interrupt (Ctrl-C, which drops the line being typed) keys took effect.
 *
 * Only the steps of a run are made of these. What the program printed is compared as it wrote it:
 * the guest keeps the echo of these keys apart from the program's output (see
 * src/runtimes/linux/README.md).
 */
export class TypedLines {
  /** The line being typed. */
  private typing = '';

  /** Keys the learner sent; returns the lines they completed (Enter). */
  keys(data: string): string[] {
    const lines: string[] = [];
    for (const char of data) {
      if (char === '\r' || char === '\n') {
        lines.push(this.typing);
        this.typing = '';
      } else if (char === '\x7f' || char === '\b') {
        this.typing = this.typing.slice(0, -1);
      } else if (char === '\x15' || char === '\x03') {
        this.typing = '';
      } else if (char >= ' ') {
        this.typing += char;
      }
    }
    return lines;
  }
}
