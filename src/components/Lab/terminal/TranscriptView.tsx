import { useEffect, useState } from 'react';
import { inSentence } from '../../../labs/in-sentence';
import type { Transcript } from './transcript';
import styles from './ProcessTerminal.module.css';

/**
 * The terminal's output as selectable plain text, on request: easy to copy, search and read
 * with a screen reader, including lines that scrolled out of the terminal.
 */
export function TranscriptView({ title, transcript }: { title: string; transcript: Transcript }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');

  useEffect(() => {
    if (!open) return;
    let frame = 0;
    const refresh = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setText(transcript.toString()));
    };
    refresh();
    const unsubscribe = transcript.subscribe(refresh);
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
    };
  }, [open, transcript]);

  return (
    <details className={styles.transcript} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title} output as text</summary>
      {open ? (
        <>
          <pre role="log" aria-label={`${title} output`} className={styles.transcriptText}>
            {text || '(no output yet)'}
          </pre>
          <button
            type="button"
            className="button button--sm button--link"
            onClick={() => void navigator.clipboard?.writeText(transcript.toString())}
          >
            Copy {inSentence(title)} output
          </button>
        </>
      ) : null}
    </details>
  );
}
