import { useCallback, useEffect, useState } from 'react';
import { sharedRunInFragment } from '../../../labs/share/share-fragment';
import type { SharedRun } from '../../../labs/share/shared-run';

export type SharedRunOffer =
  | { readonly state: 'none' }
  | { readonly state: 'reading' }
  | { readonly state: 'offered'; readonly run: SharedRun }
  | { readonly state: 'broken'; readonly error: string };

/**
 * The run the page's address shares for the lab `labId` (`#share=<lab>.<run>`), read once the
 * page is up and again when the address's fragment changes (a link pasted into this tab). Only a
 * page with such a fragment loads the code that unpacks and checks it.
 */
export function useSharedRunOffer(labId: string): { offer: SharedRunOffer; dismiss: () => void } {
  const [offer, setOffer] = useState<SharedRunOffer>({ state: 'none' });
  useEffect(() => {
    let live = true;
    const read = () => {
      const found = sharedRunInFragment(window.location.hash);
      if (!found || found.lab !== labId) return;
      setOffer({ state: 'reading' });
      import('../../../labs/share/share-link')
        .then(({ openSharedRun }) => openSharedRun(found.packed, found.lab))
        .then(
          (run) => live && setOffer({ state: 'offered', run }),
          (error: unknown) =>
            live && setOffer({ state: 'broken', error: error instanceof Error ? error.message : String(error) }),
        );
    };
    read();
    window.addEventListener('hashchange', read);
    return () => {
      live = false;
      window.removeEventListener('hashchange', read);
    };
  }, [labId]);
  const dismiss = useCallback(() => {
    setOffer({ state: 'none' });
    // The run leaves the address too, so a reload or a bookmark does not offer it again.
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }, []);
  return { offer, dismiss };
}
