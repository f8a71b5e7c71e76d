/** Predict the wire in words: segments, states and grades as the page and screen readers say them. */
import { stateLabel } from '../KernelView/connections';
import type { EndState, PredictedMark, SentKind, SentMark, WireGrade, WireKind, WireSide } from './wire-grade';

export type SideNames = Readonly<Record<WireSide, string>>;

const kindWords: Record<SentKind, string> = {
  data: 'data',
  FIN: 'FIN',
  'data+FIN': 'data + FIN',
  RST: 'RST',
  ACK: 'ACK only',
  SYN: 'SYN',
};

/** The choices of the "kind" select, with what each means. */
export const kindChoices: readonly { readonly kind: WireKind; readonly label: string }[] = [
  { kind: 'data', label: 'data (bytes a program wrote)' },
  { kind: 'FIN', label: 'FIN (no more data from this side)' },
  { kind: 'data+FIN', label: 'data + FIN, in one segment' },
  { kind: 'RST', label: 'RST (reset)' },
  { kind: 'ACK', label: 'ACK only (acknowledges, carries nothing else)' },
];

export const kindLabel = (kind: SentKind): string => kindWords[kind];

export const otherSide = (side: WireSide): WireSide => (side === 'client' ? 'server' : 'client');

/** "client → server: FIN" */
export const segmentText = (from: WireSide, kind: SentKind, sides: SideNames): string =>
  `${sides[from]} → ${sides[otherSide(from)]}: ${kindLabel(kind)}`;

/** A state as the lessons write it: FIN-WAIT-2, TIME-WAIT, CLOSED. */
export const endLabel = (state: EndState): string => (state === 'CLOSED' ? 'CLOSED' : stateLabel(state));

const nth = (n: number) => `${n}.`;

export function predictedMarkText(mark: PredictedMark): string {
  switch (mark.kind) {
    case 'seen':
      return `seen, in this order (${nth(mark.at + 1)} sent)`;
    case 'elsewhere':
      return `seen, but elsewhere in the order (${nth(mark.at + 1)} sent)`;
    case 'never-sent':
      return mark.times === 0
        ? 'never sent'
        : `never sent: the kernel sent ${mark.times} of these, fewer than you listed`;
  }
}

export function sentMarkText(mark: SentMark): string {
  switch (mark.kind) {
    case 'predicted':
      return `you predicted it (your ${nth(mark.item + 1)})`;
    case 'predicted-elsewhere':
      return `you predicted it elsewhere in the order (your ${nth(mark.item + 1)})`;
    case 'unpredicted':
      return 'not in your prediction';
    case 'optional-ack':
      return 'an ACK only: listing it was optional';
    case 'optional-again':
      return 'sent again (the ACK was late): listing it was optional';
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One sentence for the live region: the verdict, then what differs. */
export function gradeSummary(grade: WireGrade, sides: SideNames, predictedSomething: boolean): string {
  if (!predictedSomething) return 'You predicted nothing for this run. What the kernel sent is listed below.';
  if (grade.right) return 'Your prediction is right: every segment in order, and both end states.';
  const parts: string[] = [];
  const { seen, elsewhere, neverSent, unpredicted } = grade.counts;
  const total = grade.predicted.length;
  if (total > 0) {
    const said = [`${seen} of ${total} predicted segments seen in order`];
    if (elsewhere > 0) said.push(`${elsewhere} elsewhere in the order`);
    if (neverSent > 0) said.push(`${neverSent} never sent`);
    parts.push(said.join(', '));
  } else {
    parts.push('you listed no segment');
  }
  if (unpredicted > 0) parts.push(`${plural(unpredicted, 'segment')} with data, FIN or RST not in your prediction`);
  for (const side of ['client', 'server'] as const) {
    const end = grade.ends[side];
    if (end.right) continue;
    const real = end.real === null ? 'no state the kernel reported' : endLabel(end.real);
    parts.push(
      end.predicted === null
        ? `${sides[side]}'s end state not chosen (it was ${real})`
        : `${sides[side]} ended ${real}, not ${endLabel(end.predicted)}`,
    );
  }
  return `Your prediction differs from what the kernel did: ${parts.join('; ')}.`;
}
