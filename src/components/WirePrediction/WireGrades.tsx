import { useId, useSyncExternalStore } from 'react';
import type { LabSummary } from '../../labs/types';
import { wireSides } from './wire-grade';
import { endLabel, gradeSummary, predictedMarkText, segmentText, sentMarkText } from './wire-words';
import type { WireEntry, WirePredictionStore } from './wire-store';
import { WindowWords } from './where';
import styles from './WirePrediction.module.css';

const predictedIcon = { seen: '✓', elsewhere: '↕', 'never-sent': '✗' } as const;
const sentIcon = {
  predicted: '✓',
  'predicted-elsewhere': '↕',
  unpredicted: '!',
  'optional-ack': '·',
  'optional-again': '·',
} as const;

function Graded({ entry, summary, titled }: { entry: WireEntry; summary: LabSummary; titled: boolean }) {
  const id = useId();
  const graded = entry.graded!;
  const { grade, observed, answer } = graded;
  const sides = entry.spec.sides;
  const ports = observed.endpoints;
  // The diagrams below call the sides client and server: say which is which when the lab's names differ.
  const which = !ports
    ? ''
    : sides.client === 'client' && sides.server === 'server'
      ? ` The connection: client :${ports.client.port} ↔ server :${ports.server.port}.`
      : ` In the diagrams below, ${sides.client} is client :${ports.client.port} and ${sides.server} is server :${ports.server.port}.`;
  const title = `Your prediction, graded by the kernel${titled ? `: ${entry.scenario.title}` : ''}`;
  return (
    <section className={styles.grade} aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`} className={styles.gradeTitle}>
        {title}
      </h5>
      <p className={grade.right ? styles.right : styles.wrong}>
        <strong>{grade.right ? 'Right.' : 'Not what the kernel did.'}</strong> Graded on run {graded.run},{' '}
        <WindowWords entry={entry} summary={summary} past />.{which}
        {graded.edited ? ' Your run used your edited code: it is graded on what that code made the kernel send.' : ''}
      </p>
      {observed.found ? null : (
        <p>
          {`This run opened ${entry.spec.connection === 1 ? 'no connection' : `fewer than ${entry.spec.connection} connections`}, so the kernel sent nothing on the one graded here.`}
        </p>
      )}
      <div className={styles.columns}>
        <div>
          <h6 id={`${id}-you`} className={styles.columnTitle}>
            You predicted
          </h6>
          {answer.segments.length === 0 ? (
            <p className={styles.none}>No segment.</p>
          ) : (
            <ol className={styles.gradedList} aria-labelledby={`${id}-you`}>
              {grade.predicted.map(({ segment, mark }, i) => (
                <li key={i} className={styles[mark.kind]}>
                  <span aria-hidden="true" className={styles.icon}>
                    {predictedIcon[mark.kind]}
                  </span>{' '}
                  {segmentText(segment.from, segment.kind, sides)}: <em>{predictedMarkText(mark)}</em>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <h6 id={`${id}-sent`} className={styles.columnTitle}>
            What the kernel sent
          </h6>
          {grade.sent.length === 0 ? (
            <p className={styles.none}>Nothing.</p>
          ) : (
            <ol className={styles.gradedList} aria-labelledby={`${id}-sent`}>
              {grade.sent.map(({ segment, mark }, i) => (
                <li key={i} className={styles[mark.kind]}>
                  <span aria-hidden="true" className={styles.icon}>
                    {sentIcon[mark.kind]}
                  </span>{' '}
                  {segmentText(segment.from, segment.kind, sides)}
                  {segment.segment.length > 0 ? ` (${segment.segment.length} bytes)` : ''}:{' '}
                  <em>{sentMarkText(mark)}</em>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      <h6 id={`${id}-ends`} className={styles.columnTitle}>
        How the sockets ended
      </h6>
      <ul className={styles.gradedList} aria-labelledby={`${id}-ends`}>
        {wireSides.map((side) => {
          const end = grade.ends[side];
          const real = end.real === null ? 'no state reported' : endLabel(end.real);
          return (
            <li key={side} className={end.right ? styles.seen : styles['never-sent']}>
              <span aria-hidden="true" className={styles.icon}>
                {end.right ? '✓' : '✗'}
              </span>{' '}
              {sides[side]}: ended {real}; you said {end.predicted === null ? 'nothing' : endLabel(end.predicted)}:{' '}
              <em>{end.right ? 'right' : 'wrong'}</em>
            </li>
          );
        })}
      </ul>
      <details className={styles.why} open>
        <summary>What happens, in the lab&apos;s words</summary>
        <ul>
          {entry.scenario.observe.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** A prediction locked in for the run going on, said beside the packet view (the builder announces it). */
function lockedWords(entries: readonly WireEntry[], titled: boolean): string {
  const locked = entries.find((e) => e.locked);
  if (!locked) return '';
  return `Your prediction${titled ? ` for the ${locked.scenario.title}` : ''} is locked in: it is graded here when the run ends.`;
}

/** What the live region says: the newest grade. */
function announcement(entries: readonly WireEntry[], titled: boolean): string {
  const newest = entries
    .filter((e) => e.graded)
    .sort((a, b) => b.graded!.run - a.graded!.run || entries.indexOf(a) - entries.indexOf(b))[0];
  if (!newest?.graded) return '';
  const { grade, answer } = newest.graded;
  const said = answer.segments.length > 0 || Object.keys(answer.ends).length > 0;
  const name = titled ? ` for the ${newest.scenario.title}` : '';
  return `Predict the wire${name}, run ${newest.graded.run}: ${gradeSummary(grade, newest.spec.sides, said)}`;
}

/**
 * In the packet view: each prediction graded on the run it was locked in for, by the kernel's own
 * events: the predicted segments marked seen, seen elsewhere in the order, or never sent; the
 * segments the kernel sent beside them; how each socket ended. A live region says the grade (the
 * builder's own status says when a prediction is locked in).
 */
export default function WireGrades({ store, summary }: { store: WirePredictionStore; summary: LabSummary }) {
  const entries = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  if (entries.length === 0) return null;
  const titled = entries.length > 1;
  const graded = entries.filter((e) => e.graded).sort((a, b) => b.graded!.run - a.graded!.run);
  const locked = lockedWords(entries, titled);
  return (
    <div className={styles.grades}>
      {locked ? <p className={styles.locked}>{locked}</p> : null}
      <p role="status" aria-label="Predict the wire" className={styles.announce}>
        {announcement(entries, titled)}
      </p>
      {graded.map((entry) => (
        <Graded key={entry.key} entry={entry} summary={summary} titled={titled} />
      ))}
    </div>
  );
}
