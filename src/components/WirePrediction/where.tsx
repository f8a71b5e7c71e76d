import type { LabSummary } from '../../labs/types';
import { inSentence } from '../../labs/in-sentence';
import type { WireEntry } from './wire-store';

/**
 * Where the graded segments start, in the lab's words: "after you type close", "on the second
 * connection (…), after its handshake". `capital`: at the start of a sentence.
 */
export function WindowWords({
  entry,
  summary,
  capital = false,
  past = false,
}: {
  entry: WireEntry;
  summary: Pick<LabSummary, 'processes'>;
  capital?: boolean;
  /** Of a run that was: "after you typed close". */
  past?: boolean;
}) {
  const { spec, scenario } = entry;
  const step = spec.fromInput === undefined ? undefined : scenario.input[spec.fromInput - 1];
  const connection = spec.about ?? (spec.connection === 1 ? 'the connection' : `connection ${spec.connection}`);
  if (step === undefined)
    return (
      <>
        {capital ? 'On' : 'on'} {connection}, after its handshake (SYN, SYN-ACK, ACK)
      </>
    );
  if (typeof step === 'string') {
    const reader = summary.processes.find((p) => p.stdin);
    return (
      <>
        {capital ? 'After' : 'after'} you {past ? 'typed' : 'type'} <kbd>{step}</kbd>
        {reader ? ` in the ${inSentence(reader.title)} terminal` : ''}
      </>
    );
  }
  const title = summary.processes.find((p) => p.id === step.start)?.title ?? step.start;
  return (
    <>
      {capital ? 'After' : 'after'} you {past ? 'started' : 'start'} the {inSentence(title)}
    </>
  );
}
