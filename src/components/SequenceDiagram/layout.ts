/**
 * A two-party sequence diagram as data, and its layout. Rendering (SequenceDiagram.tsx) is
 * plain SVG made at build time: no diagram library runs in the page.
 */
export type Lane = 0 | 1;
export type Tone = 'data' | 'control' | 'rst';

export type Step =
  /** A segment on the wire from one side to the other. */
  | { readonly send: string; readonly from: Lane; readonly tone?: Tone; readonly note?: string }
  /** Something one side does or sees, in a box on its lifeline. */
  | { readonly act: string; readonly lane: Lane; readonly error?: boolean }
  /** The TCP states of the two sides from here on. */
  | { readonly states: readonly [string | null, string | null] }
  /** Time passes. */
  | { readonly pause: string };

/** The diagram's measures for one width; text is wrapped to fit it (estimated per character). */
export interface Geometry {
  readonly width: number;
  readonly laneX: readonly [number, number];
  readonly headerHeight: number;
  readonly top: number;
  readonly segment: number;
  readonly slant: number;
  readonly act: number;
  readonly states: number;
  readonly pause: number;
  readonly bottomMargin: number;
  /** Height of each extra line of wrapped text. */
  readonly line: number;
  /** Characters per line of a segment's label (monospace), of its note, and of an act's box. */
  readonly labelChars: number;
  readonly noteChars: number;
  readonly actChars: number;
  /** Narrow: a segment's note goes under its label, and states sit at the diagram's edges. */
  readonly narrow: boolean;
}

/** For a column of text at least about 600 px wide. */
export const wideGeometry: Geometry = {
  width: 680,
  laneX: [150, 530],
  headerHeight: 34,
  top: 58,
  segment: 46,
  slant: 16,
  act: 36,
  states: 26,
  pause: 38,
  bottomMargin: 16,
  line: 16,
  labelChars: 70,
  noteChars: 70,
  actChars: 40,
  narrow: false,
};

/** For a phone: drawn at about its own size (360 px), so its text stays near 12 px. */
export const narrowGeometry: Geometry = {
  ...wideGeometry,
  width: 360,
  laneX: [74, 286],
  slant: 12,
  // A box's wrapped second line brings it close to the next label: a little more room below.
  act: 40,
  labelChars: 38,
  noteChars: 44,
  actChars: 44,
  narrow: true,
};

/** Splits `text` at spaces into lines of at most `max` characters (a longer word keeps its own line). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export interface Placed {
  readonly step: Step;
  readonly y: number;
  /** The step's text as drawn, one entry per line (a segment: label lines, then note lines). */
  readonly lines: readonly string[];
  /** Of `lines`, how many are the segment's label (the rest are its note). */
  readonly labelLines: number;
}

function linesOf(step: Step, g: Geometry): { lines: string[]; labelLines: number } {
  if ('send' in step) {
    if (!g.narrow) return { lines: [step.send, ...(step.note ? [step.note] : [])], labelLines: 1 };
    const label = wrap(step.send, g.labelChars);
    return { lines: [...label, ...(step.note ? wrap(step.note, g.noteChars) : [])], labelLines: label.length };
  }
  if ('act' in step) return { lines: wrap(step.act, g.actChars), labelLines: 0 };
  if ('states' in step) {
    const [left, right] = step.states;
    // Side by side when both fit on one line of the narrow diagram, else one under the other.
    const together = !g.narrow || (left ?? '').length + (right ?? '').length <= g.noteChars;
    return { lines: together ? [] : ['', ''], labelLines: 0 };
  }
  return { lines: wrap(step.pause, g.noteChars), labelLines: 0 };
}

/** Extra height a step takes for its wrapped lines. */
export function extraLines(placed: Placed, g: Geometry): number {
  const { step, lines } = placed;
  if ('send' in step) return g.narrow ? Math.max(0, lines.length - 1) : 0;
  if ('states' in step) return lines.length ? 1 : 0;
  return Math.max(0, lines.length - 1);
}

export function layout(steps: readonly Step[], g: Geometry = wideGeometry): { placed: Placed[]; height: number } {
  let y = g.top;
  const placed: Placed[] = [];
  for (const step of steps) {
    const item = { step, y, ...linesOf(step, g) };
    placed.push(item);
    const base = 'send' in step ? g.segment : 'act' in step ? g.act : 'states' in step ? g.states : g.pause;
    y += base + extraLines(item, g) * g.line;
  }
  return { placed, height: y + g.bottomMargin };
}

/** The diagram as sentences, for screen readers and for readers of the page's text. */
export function describe(lanes: readonly [string, string], steps: readonly Step[]): string {
  return steps
    .map((step) => {
      if ('send' in step) {
        const to = lanes[step.from === 0 ? 1 : 0];
        return `${lanes[step.from]} sends ${step.send} to ${to}${step.note ? ` (${step.note})` : ''}.`;
      }
      if ('act' in step) return `${lanes[step.lane]}: ${step.act}.`;
      if ('states' in step) {
        return step.states
          .map((s, i) => (s ? `${lanes[i]} is in ${s}` : null))
          .filter(Boolean)
          .join('; ')
          .concat('.');
      }
      return `${step.pause}.`;
    })
    .join(' ');
}
