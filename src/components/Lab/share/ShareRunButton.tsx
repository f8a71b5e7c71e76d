import { useId, useRef, useState } from 'react';
import { shareLink } from '../../../labs/share/share-link';
import { sharedRunOf, type RunToShare } from './collect-run';
import { contentsOf } from './describe-run';
import styles from './Share.module.css';

/**
 * "Copy link to this run": the lab's changed files, each terminal's output and the run's events,
 * packed into the lesson's address (after #, so no server sees it). The link is also shown, to
 * copy by hand where the clipboard is not allowed.
 */
export function ShareRunButton({ collect }: { collect: () => RunToShare }) {
  const [said, setSaid] = useState('');
  const [link, setLink] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();

  const share = async () => {
    const run = sharedRunOf(collect());
    const made = await shareLink(run, window.location.href);
    if (!made.ok) {
      setLink('');
      setSaid(`Not shared: ${made.error}`);
      return;
    }
    setLink(made.url);
    const holds = `It holds ${contentsOf(run)}.`;
    const left = made.trimmed.length > 0 ? ` Left out to fit a link: ${made.trimmed.join(', ')}.` : '';
    const size = `${made.chars.toLocaleString('en')} characters`;
    try {
      await navigator.clipboard.writeText(made.url);
      setSaid(`Link copied (${size}). ${holds}${left}`);
    } catch {
      setSaid(`The browser did not let the page copy: copy the link from the field below (${size}). ${holds}${left}`);
      requestAnimationFrame(() => field.current?.select());
    }
  };

  return (
    <div className={styles.share}>
      <button
        type="button"
        className="button button--sm button--outline button--secondary"
        onClick={() => void share()}
      >
        Copy link to this run
      </button>
      <p role="status" aria-label="Sharing" className={styles.said}>
        {said}
      </p>
      {link ? (
        <>
          <label htmlFor={fieldId} className="visually-hidden">
            Link to this run
          </label>
          <input
            id={fieldId}
            ref={field}
            className={styles.link}
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
        </>
      ) : null}
    </div>
  );
}
