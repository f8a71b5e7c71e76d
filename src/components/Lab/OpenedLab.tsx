import { lazy, Suspense, useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { LabContent, LabSummary } from '../../labs/types';
import { getPageRuntimes } from '../../runtimes/page-runtimes';
import { LabSkeleton } from './LabSkeleton';
import { RuntimeStatus } from './runtime-status/RuntimeStatus';

/**
 * Monaco and xterm: the heavy part. When this light chunk loads (the lab came near the
 * viewport, or the browser was idle), the browser prefetches it: downloaded into the cache,
 * not run, so opening the lab needs no network and the page runs no editor code before then.
 */
export const loadWorkbench = () => import(/* webpackPrefetch: true */ './workbench/LabWorkbench');
const LabWorkbench = lazy(loadWorkbench);

export interface OpenedLabProps {
  readonly summary: LabSummary;
  readonly loadContent: () => Promise<LabContent>;
  readonly localRunnerUrl: string;
}

/**
 * An opened lab. The runtime is chosen and its status shown as soon as this small chunk
 * arrives; the editor and terminals follow when their chunk does.
 */
export default function OpenedLab({ summary, loadContent, localRunnerUrl }: OpenedLabProps) {
  const manager = getPageRuntimes(localRunnerUrl);
  const snapshot = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
  useEffect(() => manager.start(), [manager]);
  // Which processes run now: the status line asks before a change of runtime stops them.
  const running = useRef<readonly string[]>([]);
  const onRunningChange = useCallback((titles: readonly string[]) => {
    running.current = titles;
  }, []);

  return (
    <>
      <RuntimeStatus snapshot={snapshot} manager={manager} runningProcesses={() => running.current} />
      <Suspense
        fallback={
          <LabSkeleton
            stage="Loading the editor and terminals…"
            processes={summary.processes.length}
            withStatus={false}
          />
        }
      >
        <LabWorkbench
          summary={summary}
          loadContent={loadContent}
          runtime={snapshot.runtime}
          onRunningChange={onRunningChange}
        />
      </Suspense>
    </>
  );
}
