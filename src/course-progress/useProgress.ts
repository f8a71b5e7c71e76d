import { useEffect, useState } from 'react';
import { readProgress, subscribeProgress, type Progress } from './progress';

const none: Progress = { visited: new Set(), answered: 0 };

/** The learner's progress; empty while rendering on the server and before hydration. */
export function useProgress(): Progress {
  const [progress, setProgress] = useState<Progress>(none);
  useEffect(() => {
    const refresh = () => setProgress(readProgress());
    refresh();
    return subscribeProgress(refresh);
  }, []);
  return progress;
}
