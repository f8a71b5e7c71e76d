/**
 * Line editing for a process whose standard input is a pipe, not a terminal: the terminal
 * echoes what the learner types, lets them erase it, and sends the line on Enter, as a
 * shell's cooked mode would. Ctrl-D sends end of file; Ctrl-C asks to stop the process.
 */
export interface LineEditorActions {
  echo(text: string): void;
  submit(line: string): void;
  endOfInput(): void;
  interrupt(): void;
}

export class LineEditor {
  private line = '';

  constructor(private readonly actions: LineEditorActions) {}

  /** The part of a line typed so far. */
  get pending(): string {
    return this.line;
  }

  /** Feeds what the terminal reports the learner typed or pasted. */
  feed(data: string): void {
    // Arrow keys, Home, function keys and the like: not line editing we support.
    const text = data.replace(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]/g, '');
    for (const char of text) {
      switch (char) {
        case '\r':
        case '\n': {
          const line = this.line;
          this.line = '';
          this.actions.echo('\r\n');
          this.actions.submit(line);
          break;
        }
        case '\x7f':
        case '\b':
          if (this.line.length > 0) {
            this.line = [...this.line].slice(0, -1).join('');
            this.actions.echo('\b \b');
          }
          break;
        case '\x03':
          this.line = '';
          this.actions.echo('^C\r\n');
          this.actions.interrupt();
          break;
        case '\x04':
          if (this.line.length === 0) {
            this.actions.echo('^D\r\n');
            this.actions.endOfInput();
          }
          break;
        default:
          if (char >= ' ') {
            this.line += char;
            this.actions.echo(char);
          }
      }
    }
  }

  reset(): void {
    this.line = '';
  }
}
