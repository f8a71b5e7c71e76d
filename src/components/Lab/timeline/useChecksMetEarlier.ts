import { useEffect, useMemo, useState } from 'react';

/** Which run last met each check: a token of the page visit and the run's number. */
type LastMetIn = Readonly<Record<string, string>>;

const storageKey = (labId: string) => `lab-checks-met:${labId}`;

function load(labId: string): LastMetIn {
  try {
    const saved: unknown = JSON.parse(window.sessionStorage.getItem(storageKey(labId)) ?? '{}');
    if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return {};
    return Object.fromEntries(Object.entries(saved).filter(([, run]) => typeof run === 'string')) as LastMetIn;
  } catch {
    return {}; // no storage (private mode, blocked) or a broken entry: start afresh
  }
}

function save(labId: string, lastMetIn: LastMetIn): void {
  try {
    window.sessionStorage.setItem(storageKey(labId), JSON.stringify(lastMetIn));
  } catch {
    // Storage full or blocked: the memory still holds for this page.
  }
}

/**
 * Remembers, for this browser tab, the checks a lab's runs have met, so that a check met by the
 * close run still reads "met in an earlier run" once the learner has gone on to the shutdown run,
 * also after a reload or a visit to another lesson. Run numbers restart on each page load, so a run
 * is named by this mount's own token and its number.
 */
export function useChecksMetEarlier(labId: string, runNumber: number, metNow: readonly string[]) {
  const mount = useMemo(() => Math.random().toString(36).slice(2), []);
  const thisRun = `${mount}:${runNumber}`;
  const [lastMetIn, setLastMetIn] = useState<LastMetIn>({});
  useEffect(() => setLastMetIn(load(labId)), [labId]);

  const metKey = metNow.join('\n');
  useEffect(() => {
    if (metKey === '') return;
    setLastMetIn((last) => {
      const ids = metKey.split('\n');
      if (ids.every((id) => last[id] === thisRun)) return last;
      const next = { ...load(labId), ...last, ...Object.fromEntries(ids.map((id) => [id, thisRun])) };
      save(labId, next);
      return next;
    });
  }, [labId, metKey, thisRun]);

  return {
    /** True for a check this run does not meet but an earlier run did. */
    metEarlier: (id: string, met: boolean) => !met && lastMetIn[id] !== undefined && lastMetIn[id] !== thisRun,
    /** True for a check some run in this tab has met, this one included (even if it no longer does). */
    everMet: (id: string) => lastMetIn[id] !== undefined,
  };
}
