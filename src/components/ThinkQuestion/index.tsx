import { useEffect, useId, useState, type ReactNode } from 'react';
import { readAnswer, saveAnswer } from '../../course-progress/answers';
import styles from './ThinkQuestion.module.css';
import card from '../QuestionCard/QuestionCard.module.css';

export interface ThinkQuestionProps {
  /** Stable across edits of the wording: the learner's answer is kept under it. */
  readonly id: string;
  readonly question: ReactNode;
  /** The reference answer (MDX). */
  readonly children: ReactNode;
}

type SaveState = 'idle' | 'saved' | 'unsaved';

/** A question to think about: the learner writes an answer (kept in this browser), then compares. */
export default function ThinkQuestion({ id, question, children }: ThinkQuestionProps) {
  const fieldId = useId();
  const [answer, setAnswer] = useState('');
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    setAnswer(readAnswer(id));
    setLoaded(true);
  }, [id]);

  const onChange = (text: string) => {
    setAnswer(text);
    setSaveState(saveAnswer(id, text) ? 'saved' : 'unsaved');
  };

  return (
    <section className={card.card} aria-labelledby={`${fieldId}-q`}>
      <p className={card.kicker}>Think</p>
      <div id={`${fieldId}-q`} className={styles.text}>
        {question}
      </div>
      <label htmlFor={fieldId} className={styles.label}>
        Your answer
      </label>
      <textarea
        id={fieldId}
        className={styles.answer}
        rows={4}
        value={answer}
        disabled={!loaded}
        onChange={(e) => onChange(e.target.value)}
        placeholder="Write what you think before you look."
      />
      <p className={styles.saved} role="status">
        {saveState === 'saved'
          ? 'Saved in this browser.'
          : saveState === 'unsaved'
            ? 'This browser does not let the page save it; it will be gone after a reload.'
            : ''}
      </p>
      <details className={styles.reference}>
        <summary>Show the reference answer</summary>
        <div className={styles.referenceBody}>{children}</div>
      </details>
    </section>
  );
}
