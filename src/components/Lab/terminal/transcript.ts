/** ANSI escape sequences (colours, cursor moves) are for the screen, not for a text log. */
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/**
 * A plain-text copy of what a terminal showed: program output and runtime notices, capped
 * in size (the oldest text goes first). It is what "Output as text" shows and copies.
 */
export class Transcript {
  private text = '';
  private readonly listeners = new Set<() => void>();

  constructor(private readonly maxChars = 200_000) {}

  append(raw: string): void {
    this.text += raw.replace(ANSI, '').replace(/\r\n?/g, '\n');
    if (this.text.length > this.maxChars) this.text = this.text.slice(this.text.length - this.maxChars);
    for (const listener of this.listeners) listener();
  }

  clear(): void {
    this.text = '';
    for (const listener of this.listeners) listener();
  }

  toString(): string {
    return this.text;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
