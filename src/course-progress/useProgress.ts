import { useEffect, useState } from 'react';
import { readProgress, subscribeProgress, type Progress } from './progress';

const none: Progress = { visited: new Set(), answered: 0, answeredIds: new Set() };

/** The learner's progress; null while rendering on the server and before hydration (not read yet). */
export function useStoredProgress(): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    const refresh = () => setProgress(readProgress());
    refresh();
    return subscribeProgress(refresh);
  }, []);
  return progress;
}

/** The learner's progress; empty while rendering on the server and before hydration. */
export function useProgress(): Progress {
  return useStoredProgress() ?? none;
}
