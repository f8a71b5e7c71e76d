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

export const geometry = {
  width: 680,
  laneX: [150, 530] as const,
  headerHeight: 34,
  top: 58,
  segment: 46,
  slant: 16,
  act: 36,
  states: 26,
  pause: 38,
  bottomMargin: 16,
};

export interface Placed {
  readonly step: Step;
  readonly y: number;
}

export function layout(steps: readonly Step[]): { placed: Placed[]; height: number } {
  let y = geometry.top;
  const placed: Placed[] = [];
  for (const step of steps) {
    placed.push({ step, y });
    if ('send' in step) y += geometry.segment;
    else if ('act' in step) y += geometry.act;
    else if ('states' in step) y += geometry.states;
    else y += geometry.pause;
  }
  return { placed, height: y + geometry.bottomMargin };
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
