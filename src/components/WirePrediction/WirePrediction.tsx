import { useId, useLayoutEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { LabSummary } from '../../labs/types';
import { useRevealedScenarios } from '../Lab/reveal/revealed-scenarios';
import { endStates, wireSides, type EndState, type PredictedSegment, type WireKind, type WireSide } from './wire-grade';
import { endLabel, kindChoices, segmentText } from './wire-words';
import type { WireEntry, WirePredictionStore } from './wire-store';
import { WindowWords } from './where';
import styles from './WirePrediction.module.css';

/** Where focus goes after an edit of the list: the same button of the moved item, or a neighbour. */
type FocusNext = { readonly item: number; readonly button: 'up' | 'down' | 'remove' } | 'add' | null;

function Builder({
  entry,
  index,
  store,
  summary,
  titled,
}: {
  entry: WireEntry;
  index: number;
  store: WirePredictionStore;
  summary: LabSummary;
  /** Several predictions in this lab: each names its scenario. */
  titled: boolean;
}) {
  const id = useId();
  const { spec, scenario } = entry;
  const sides = spec.sides;
  const locked = entry.locked !== null;
  const answer = entry.locked?.answer ?? entry.answer;
  const [from, setFrom] = useState<WireSide>('client');
  const [kind, setKind] = useState<WireKind>('data');
  const [said, setSaid] = useState('');
  const { revealed, reveal } = useRevealedScenarios(summary.id);
  const unfolded = entry.graded !== null || revealed.includes(scenario.id);

  const list = useRef<HTMLOListElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<FocusNext>(null);
  useLayoutEffect(() => {
    const next = focusNext.current;
    focusNext.current = null;
    if (next === null) return;
    if (next === 'add') addButton.current?.focus();
    else
      list.current
        ?.querySelector<HTMLButtonElement>(`[data-item="${next.item}"][data-button="${next.button}"]`)
        ?.focus();
  });

  const text = (s: PredictedSegment) => segmentText(s.from, s.kind, sides);
  const update = (segments: readonly PredictedSegment[], ends = answer.ends) =>
    store.setAnswer(index, { segments, ends });
  const add = () => {
    const segment = { from, kind };
    update([...answer.segments, segment]);
    setSaid(`Added ${answer.segments.length + 1}. ${text(segment)}.`);
  };
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    const segments = [...answer.segments];
    [segments[i], segments[j]] = [segments[j]!, segments[i]!];
    update(segments);
    const last = segments.length - 1;
    focusNext.current = { item: j, button: by < 0 ? (j > 0 ? 'up' : 'down') : j < last ? 'down' : 'up' };
    setSaid(`Moved ${text(segments[j]!)} to ${j + 1}.`);
  };
  const remove = (i: number) => {
    const segments = answer.segments.filter((_, k) => k !== i);
    update(segments);
    focusNext.current = segments.length === 0 ? 'add' : { item: Math.min(i, segments.length - 1), button: 'remove' };
    setSaid(`Removed ${i + 1}. ${text(answer.segments[i]!)}.`);
  };
  const setEnd = (side: WireSide, value: string) => {
    const ends = { ...answer.ends };
    if (value === '') delete ends[side];
    else ends[side] = value as EndState;
    update(answer.segments, ends);
  };

  // What the last edit did is said until the prediction is locked in (then graded).
  const lockedRun = entry.locked?.run;
  useLayoutEffect(() => {
    if (lockedRun !== undefined) setSaid('');
  }, [lockedRun]);
  const status = locked
    ? `Locked in for this run: ${answer.segments.length === 0 ? 'no segment' : answer.segments.map(text).join(', ')}. The packet view grades it when the run ends.`
    : said;

  return (
    <section className={styles.builder} aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`} className={styles.builderTitle}>
        {titled ? scenario.title : 'Your prediction'}
      </h5>
      <p className={styles.question}>
        <WindowWords entry={entry} summary={summary} capital />: which segments will the kernel send, in order, and in
        which state will each socket be when the run ends? <strong>{sides.client}</strong> is the socket that connects,{' '}
        <strong>{sides.server}</strong> the one that accepted it.
      </p>
      {answer.segments.length === 0 ? (
        <p className={styles.none}>No segment in your prediction yet.</p>
      ) : (
        <ol
          ref={list}
          className={styles.items}
          aria-label={`Your prediction${titled ? `, ${scenario.title}` : ''}: the segments in order`}
        >
          {answer.segments.map((segment, i) => (
            <li key={i} className={styles.item}>
              <span className={styles.segment}>{text(segment)}</span>
              {locked ? null : (
                <span className={styles.itemButtons}>
                  <ItemButton
                    item={i}
                    name="up"
                    label={`Move ${i + 1}. ${text(segment)} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    Up
                  </ItemButton>
                  <ItemButton
                    item={i}
                    name="down"
                    label={`Move ${i + 1}. ${text(segment)} down`}
                    disabled={i === answer.segments.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    Down
                  </ItemButton>
                  <ItemButton
                    item={i}
                    name="remove"
                    label={`Remove ${i + 1}. ${text(segment)}`}
                    danger
                    onClick={() => remove(i)}
                  >
                    Remove
                  </ItemButton>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {locked ? null : (
        <div className={styles.add} role="group" aria-label={`Add a segment${titled ? `, ${scenario.title}` : ''}`}>
          <label className={styles.field}>
            From{' '}
            <select value={from} onChange={(e) => setFrom(e.target.value as WireSide)}>
              {wireSides.map((side) => (
                <option key={side} value={side}>
                  {sides[side]} → {sides[side === 'client' ? 'server' : 'client']}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.field}>
            Segment{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as WireKind)}>
              {kindChoices.map((choice) => (
                <option key={choice.kind} value={choice.kind}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <button ref={addButton} type="button" className="button button--sm button--primary" onClick={add}>
            Add segment
          </button>
        </div>
      )}
      <div
        className={styles.ends}
        role="group"
        aria-label={`How each socket ends${titled ? `, ${scenario.title}` : ''}`}
      >
        {wireSides.map((side) => (
          <label key={side} className={styles.field}>
            {sides[side]}&apos;s socket ends in{' '}
            <select value={answer.ends[side] ?? ''} disabled={locked} onChange={(e) => setEnd(side, e.target.value)}>
              <option value="">choose a state</option>
              {endStates.map((state) => (
                <option key={state} value={state}>
                  {state === 'CLOSED' ? 'CLOSED (gone)' : endLabel(state)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <p className={styles.status} role="status">
        {status}
      </p>
      {entry.graded && !locked ? (
        <p className={styles.graded}>
          Graded on run {entry.graded.run}: {entry.graded.grade.right ? 'right' : 'not what the kernel did'}. The grade
          is in the packet view below; change your prediction here for your next run.
        </p>
      ) : null}
      {unfolded ? (
        <div className={styles.explanation}>
          <p className={styles.explanationTitle}>What happens, in the lab&apos;s words:</p>
          <ul>
            {scenario.observe.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : (
        <button
          type="button"
          className={`button button--sm button--link ${styles.reveal}`}
          onClick={() => reveal([scenario.id])}
        >
          Show what happens (gives the answer away)
        </button>
      )}
    </section>
  );
}

/**
 * Predict the wire, before the run: per prediction of the lab, the segments the learner expects
 * the kernel to send (added, moved and removed with buttons and selects, so a keyboard, a screen
 * reader and a phone all work) and the state each socket ends in. Locked in when the run reaches
 * the window; the packet view grades it (`WireGrades`).
 */
export default function WirePredictions({ store, summary }: { store: WirePredictionStore; summary: LabSummary }) {
  const entries = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const id = useId();
  if (entries.length === 0) return null;
  return (
    <section className={styles.card} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className={styles.title}>
        Predict the wire
      </h4>
      <p className={styles.intro}>
        Before you run it, say what the kernel will send. Name each segment by what it carries: nearly every segment
        also has the ACK flag, and a segment that carries nothing else is an &quot;ACK only&quot;, which you may list or
        leave out. Kept in this browser; locked in when the run gets there, and graded in the packet view by what the
        kernel really sends in your run, edited code included.
      </p>
      {entries.map((entry, index) => (
        <Builder
          key={entry.key}
          entry={entry}
          index={index}
          store={store}
          summary={summary}
          titled={entries.length > 1}
        />
      ))}
    </section>
  );
}

/** One of a listed segment's buttons (Up, Down, Remove); data-item/data-button let focus find it again after an edit. */
function ItemButton(props: {
  readonly item: number;
  readonly name: 'up' | 'down' | 'remove';
  readonly label: string;
  readonly disabled?: boolean;
  readonly danger?: boolean;
  readonly onClick: () => void;
  readonly children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button button--sm button--outline ${props.danger ? 'button--danger' : 'button--secondary'}`}
      data-item={props.item}
      data-button={props.name}
      aria-label={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
