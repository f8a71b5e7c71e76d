import { useEffect, useId, useState, type ReactNode } from 'react';
import { readAnswer, saveAnswer } from '../../course-progress/answers';
import styles from './ChoiceQuestion.module.css';

export interface ChoiceOption {
  readonly text: ReactNode;
  readonly correct?: boolean;
  /** Why this option is right, or why it is wrong. */
  readonly why: ReactNode;
}

export interface ChoiceQuestionProps {
  /** Stable id: the learner's choice is kept under it. */
  readonly id: string;
  readonly question: ReactNode;
  readonly options: readonly ChoiceOption[];
}

/** A multiple-choice check: pick an option, learn why it is right or wrong. The choice is kept. */
export default function ChoiceQuestion({ id, question, options }: ChoiceQuestionProps) {
  const name = useId();
  const [chosen, setChosen] = useState<number | null>(null);

  useEffect(() => {
    const saved = Number.parseInt(readAnswer(id), 10);
    if (Number.isInteger(saved) && saved >= 0 && saved < options.length) setChosen(saved);
  }, [id, options.length]);

  const choose = (index: number) => {
    setChosen(index);
    saveAnswer(id, String(index));
  };
  const picked = chosen === null ? null : options[chosen];

  return (
    <fieldset className={styles.question}>
      <legend className={styles.legend}>{question}</legend>
      {options.map((option, index) => (
        <label key={index} className={styles.option}>
          <input type="radio" name={name} checked={chosen === index} onChange={() => choose(index)} /> {option.text}
        </label>
      ))}
      <div role="status" aria-live="polite" className={styles.feedback}>
        {picked ? (
          <p className={picked.correct ? styles.right : styles.wrong}>
            <strong>{picked.correct ? 'Right.' : 'Not quite.'}</strong> {picked.why}
          </p>
        ) : null}
      </div>
      <details>
        <summary>Explain every option</summary>
        <ul>
          {options.map((option, index) => (
            <li key={index}>
              {option.text}: <strong>{option.correct ? 'right' : 'wrong'}</strong>. {option.why}
            </li>
          ))}
        </ul>
      </details>
    </fieldset>
  );
}
