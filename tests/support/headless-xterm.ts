// The site's own terminal (@xterm/xterm) in Node: jsdom gives it enough of a page for its
// parser and buffer; it is never opened, so nothing is drawn. Import this before anything else
// that touches the DOM.
import 'global-jsdom/register';
import type { Terminal } from '@xterm/xterm';

// xterm's copy of VS Code's platform code listens for 'message' on the global object; jsdom
// keeps that on window.
globalThis.addEventListener ??= window.addEventListener.bind(window);
// jsdom has no canvas: xterm then works out colours without one, instead of logging that
// canvas is not implemented.
HTMLCanvasElement.prototype.getContext = () => null;

/** Lines of scrollback: a few screens' worth, so that tests see what goes into it. */
export const SCROLLBACK = 20;

/** A terminal of `rows` × `cols`, as the lab's (same package, same parser and buffer). */
export async function newTerminal(rows: number, cols: number): Promise<Terminal> {
  const { Terminal } = await import('@xterm/xterm');
  return new Terminal({ rows, cols, scrollback: SCROLLBACK });
}

/** Writes `data` and resolves once xterm has parsed it. */
export function written(term: Terminal, data: string): Promise<void> {
  return new Promise((resolve) => term.write(data, resolve));
}

/**
 * What the terminal holds, as comparable text: each line's characters, each cell's background
 * (erased cells keep the colour of the erase), whether the line continues the one above, and
 * the cursor. `whole`: every line, scrollback too; otherwise the screen only.
 */
export function snapshot(term: Terminal, whole: boolean): string[] {
  const buffer = term.buffer.active;
  const first = whole ? 0 : buffer.baseY;
  const last = whole ? buffer.length : buffer.baseY + term.rows;
  const lines: string[] = [];
  for (let y = first; y < last; y++) {
    const line = buffer.getLine(y);
    if (!line) continue;
    const backgrounds: number[] = [];
    for (let x = 0; x < line.length; x++) backgrounds.push(line.getCell(x)?.getBgColor() ?? -1);
    lines.push(`${line.isWrapped ? '↩' : ' '}${line.translateToString(false)}|${backgrounds.join(',')}`);
  }
  lines.push(`cursor ${buffer.cursorX},${buffer.cursorY}`);
  return lines;
}
