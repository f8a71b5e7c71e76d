/**
 * Takes socket-event lines out of a process's output, where a runtime with only one output
 * stream carries them: each event is `marker + JSON + "\n"` (see labs/_trace/trace.cjs).
 * Everything else passes through unchanged and in order, however the stream is cut into
 * chunks: a chunk ending in what may be the start of a marker, or inside an event line, is
 * held back until the rest arrives.
 */
export class TraceDemux {
  private pending = '';

  constructor(private readonly marker: string) {}

  /** The next chunk of output: returns the program's own output and the complete event lines. */
  push(chunk: string): { output: string; events: string[] } {
    let text = this.pending + chunk;
    this.pending = '';
    let output = '';
    const events: string[] = [];
    for (;;) {
      const at = text.indexOf(this.marker);
      if (at < 0) break;
      const end = text.indexOf('\n', at);
      if (end < 0) {
        output += text.slice(0, at);
        this.pending = text.slice(at);
        return { output, events };
      }
      output += text.slice(0, at);
      events.push(text.slice(at + this.marker.length, end).replace(/\r$/, ''));
      text = text.slice(end + 1);
    }
    const keep = this.partialMarkerAtEnd(text);
    this.pending = text.slice(text.length - keep);
    output += text.slice(0, text.length - keep);
    return { output, events };
  }

  /** What is held back when the stream ends: output after all (an event line cut short is dropped). */
  flush(): string {
    const rest = this.pending.startsWith(this.marker) ? '' : this.pending;
    this.pending = '';
    return rest;
  }

  /** How many characters at the end of `text` could begin a marker. */
  private partialMarkerAtEnd(text: string): number {
    for (let n = Math.min(this.marker.length - 1, text.length); n > 0; n--) {
      if (this.marker.startsWith(text.slice(text.length - n))) return n;
    }
    return 0;
  }
}
