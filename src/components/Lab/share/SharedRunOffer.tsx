import { useEffect, useRef } from 'react';
import type { SharedRun } from '../../../labs/share/shared-run';
import { contentsOf } from './describe-run';
import type { SharedRunOffer as Offer } from './useSharedRunOffer';
import styles from './Share.module.css';

/**
 * What a shared link brought to this lab: an offer to open the run (nothing of it is shown or
 * put in the editor before the learner asks), or why the link's run could not be read. The lab
 * is brought into view, as the link's target.
 */
export function SharedRunOffer({
  offer,
  onOpen,
  onDismiss,
}: {
  offer: Offer;
  onOpen: (run: SharedRun) => void;
  onDismiss: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const shown = offer.state === 'offered' || offer.state === 'broken';
  useEffect(() => {
    if (shown) box.current?.scrollIntoView({ block: 'center' });
  }, [shown]);
  if (!shown) return null;
  return (
    <div ref={box} className={styles.offer} role="region" aria-label="Shared run">
      {offer.state === 'offered' ? (
        <>
          <p>
            Someone shared a run of this lab with you: {contentsOf(offer.run, false)}. Opening it puts their files in
            the editor (yours are kept) and shows their run as a recording beside the lab.
          </p>
          <div className={styles.share}>
            <button type="button" className="button button--sm button--primary" onClick={() => onOpen(offer.run)}>
              Open the shared run
            </button>
            <button type="button" className="button button--sm button--outline button--secondary" onClick={onDismiss}>
              Ignore it
            </button>
          </div>
        </>
      ) : (
        <>
          <p role="alert">This link&apos;s shared run cannot be opened: {offer.error}.</p>
          <button type="button" className="button button--sm button--outline button--secondary" onClick={onDismiss}>
            Dismiss
          </button>
        </>
      )}
    </div>
  );
}
