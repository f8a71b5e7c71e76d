/**
 * A notice ("[the server is starting: what you type is sent once it runs]") as the lines the
 * terminal shows, broken between words to fit `columns`. xterm wraps a long line at the last
 * column, wherever that falls, so a notice wider than the terminal read "alr" at the end of one
 * row and "eady" at the start of the next. Lines after the first are indented by one space, under
 * the text after "[". A word wider than a line (a long path) is cut at the line's end; a line
 * break in the notice is kept.
 */
export function noticeLines(text: string, columns: number): string[] {
  const width = Math.max(8, Math.floor(columns));
  const length = (s: string) => [...s].length;
  const lines: string[] = [];
  let line = '';
  /** Starts a line with `word` (after the indent of a line that is not the notice's first), cutting a word too wide. */
  const place = (word: string) => {
    let rest = [...word];
    let lead = lines.length > 0 ? ' ' : '';
    while (lead.length + rest.length > width) {
      const room = width - lead.length;
      lines.push(lead + rest.slice(0, room).join(''));
      rest = rest.slice(room);
      lead = ' ';
    }
    line = lead + rest.join('');
  };
  for (const [i, paragraph] of `[${text}]`.split('\n').entries()) {
    if (i > 0) {
      lines.push(line);
      line = '';
    }
    for (const [j, word] of paragraph.split(' ').entries()) {
      if (j > 0 && length(line) + 1 + length(word) <= width) line += ` ${word}`;
      else {
        if (j > 0) lines.push(line);
        place(word);
      }
    }
  }
  lines.push(line);
  return lines;
}
