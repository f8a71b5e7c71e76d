import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { readAnswer, saveAnswer } from '../../course-progress/answers';
import { onLabRun } from './lab-run-event';
import styles from './Prediction.module.css';
import card from '../QuestionCard/QuestionCard.module.css';

/**
 * "Predict, then run": the learner commits a prediction before a lab; the explanation of what
 * happens stays folded until they have run that lab, or chosen to see it.
 *
 * Unfolding on a run: the lab dispatches `course:lab-run` on `window` (see `lab-run-event.ts`).
 * A prediction whose `labId` matches unfolds on any run of the lab, or, when it names a
 * `scenario`, only once the learner did that scenario to its end (with changed code when
 * `edited`): a prediction about the shutdown run stays folded through the close run. The
 * "Show what happens" button always works, lab or no lab.
 *
 * The folded explanation stays in the page's HTML (with the `hidden` attribute), so the page
 * reads in full without JavaScript and its diagrams are drawn at build time.
 */
export interface PredictionOption {
  readonly text: ReactNode;
  /** What really happens (on Linux, with the lab's unchanged code). */
  readonly correct?: boolean;
}

export interface PredictionProps {
  /** Stable id: the learner's prediction is kept under it. */
  readonly id: string;
  /** The lab whose run unfolds the explanation. */
  readonly labId: string;
  /** Unfold only when a run of this scenario (its id in the lab's lab.json) ended. */
  readonly scenario?: string;
  /** With `scenario`: only for a run of changed code (the prediction is about an edit). */
  readonly edited?: boolean;
  readonly question: ReactNode;
  readonly options: readonly PredictionOption[];
  /** The explanation of the outcome (MDX), folded until the lab ran or the learner asks. */
  readonly children: ReactNode;
}

export default function Prediction({ id, labId, scenario, edited, question, options, children }: PredictionProps) {
  const name = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const [revealed, setRevealed] = useState(false);

  useEffect(() => {
    const saved = Number.parseInt(readAnswer(id), 10);
    if (Number.isInteger(saved) && saved >= 0 && saved < options.length) setChosen(saved);
  }, [id, options.length]);

  // Unfolding on a run must not move what the learner is looking at: the explanation may sit
  // above the lab, and growing it would push the lab (and its terminals) out of view. So the
  // element in focus (the Start button just pressed) is kept where it was on the screen.
  const keepInPlace = useRef<{ element: Element; top: number } | null>(null);
  useEffect(
    () =>
      onLabRun(
        labId,
        () => {
          const element = document.activeElement;
          if (element && element !== document.body) {
            keepInPlace.current = { element, top: element.getBoundingClientRect().top };
          }
          setRevealed(true);
        },
        { ...(scenario !== undefined ? { scenario } : {}), ...(edited !== undefined ? { edited } : {}) },
      ),
    [labId, scenario, edited],
  );
  useLayoutEffect(() => {
    const kept = keepInPlace.current;
    keepInPlace.current = null;
    if (!revealed || !kept || !kept.element.isConnected) return;
    const moved = kept.element.getBoundingClientRect().top - kept.top;
    if (moved !== 0) window.scrollBy(0, moved);
  }, [revealed]);

  const choose = (index: number) => {
    setChosen(index);
    saveAnswer(id, String(index));
  };
  const picked = chosen === null ? null : options[chosen];

  return (
    <section className={`${card.card} ${styles.prediction}`} aria-labelledby={`${name}-q`}>
      <p className={card.kicker}>Predict, then run</p>
      <fieldset className={styles.choices}>
        <legend id={`${name}-q`} className={styles.question}>
          {question}
        </legend>
        {options.map((option, index) => (
          <label key={index} className={styles.option}>
            <input type="radio" name={name} checked={chosen === index} onChange={() => choose(index)} /> {option.text}
          </label>
        ))}
      </fieldset>
      <p className={styles.status} role="status">
        {revealed && picked
          ? picked.correct
            ? 'Your prediction was right.'
            : 'Your prediction is not what happens: read why below.'
          : picked
            ? 'Prediction kept. Now run the lab below; the explanation opens when you do.'
            : ''}
      </p>
      {revealed ? null : (
        <button type="button" className={styles.reveal} onClick={() => setRevealed(true)}>
          Show what happens
        </button>
      )}
      <div className={styles.explanation} hidden={!revealed}>
        {children}
      </div>
    </section>
  );
}
