/**
 * A stack frame inside Node itself, in a crash report or console.trace:
 * "    at afterWriteDispatched (node:internal/stream_base_commons:161:15)". Frames in the lab's
 * own files ("at Timeout._onTimeout (…/server.js:74:14)") are kept: they say which line it was.
 */
const FRAME = /^\s+at (?:.*\()?node:/;
/** The start of a line that may still turn out to be such a frame once the rest arrives. */
const MAYBE_FRAME = /^\s+(?:a|at|at .*)?$/;

/**
 * Folds Node's own stack frames in what a program writes, for the terminal: each run of them
 * becomes one dim line saying how many frames there were. A crash report then fits in the
 * terminal beside the lines that matter (the program's own output, the error and its code). The
 * transcript ("output as text") keeps every frame.
 *
 * Output is passed on as it comes, except a line that may still become a frame (it is held
 * until its end arrives) and a run of frames (held until a line that is not a frame, or flush()).
 */
export class StackFolder {
  private partial = '';
  private frames = 0;

  constructor(private readonly folded: (count: number) => string) {}

  /** Takes program output; returns what the terminal should show now. */
  push(text: string): string {
    let out = '';
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      if (!FRAME.test(line)) out += this.endFrames() + line + '\n';
      else {
        this.frames++;
        // The last frame before the error's own properties opens their braces: keep the brace.
        if (line.trimEnd().endsWith('{')) out += this.endFrames() + '{\n';
      }
    }
    if (this.partial && !FRAME.test(this.partial) && !MAYBE_FRAME.test(this.partial)) {
      out += this.endFrames() + this.partial;
      this.partial = '';
    }
    return out;
  }

  /** What is still held back (at the process's end). */
  flush(): string {
    const rest = this.partial && !FRAME.test(this.partial) ? this.partial : '';
    // A held line that never became a frame is shown as it is.
    if (this.partial && FRAME.test(this.partial)) this.frames++;
    this.partial = '';
    return this.endFrames() + rest;
  }

  private endFrames(): string {
    if (this.frames === 0) return '';
    const line = this.folded(this.frames);
    this.frames = 0;
    return line;
  }
}
