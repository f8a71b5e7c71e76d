import { lazy, Suspense, useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { SharedRun } from '../../labs/share/shared-run';
import type { LabContent, LabSummary } from '../../labs/types';
import { getPageRuntimes } from '../../runtimes/page-runtimes';
import { LabSkeleton } from './LabSkeleton';
import { KernelLabInstead } from './runtime-status/KernelLabInstead';
import { RuntimeStatus } from './runtime-status/RuntimeStatus';
import { LabWorkbench, Workbench } from './workbench/LazyWorkbench';

/** Monaco and xterm, prefetched when this light chunk loads (see LazyWorkbench). */
export { loadWorkbench } from './workbench/LazyWorkbench';

export interface OpenedLabProps {
  readonly summary: LabSummary;
  readonly loadContent: () => Promise<LabContent>;
  readonly localRunnerUrl: string;
  /** A run shared by link that the learner chose to open. */
  readonly shared?: SharedRun | null;
}

// A C lab's part (Linux in the browser) is a chunk of its own: a page that only scrolls past a
// lab does not run it.
const OpenedCLab = lazy(() => import('./linux/OpenedCLab'));

/** A Node lab: in the browser (WebContainer) or on this computer, as the page's runtimes choose. */
function OpenedNodeLab({ summary, loadContent, localRunnerUrl, shared = null }: OpenedLabProps) {
  const manager = getPageRuntimes(localRunnerUrl);
  const snapshot = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot);
  useEffect(() => manager.start(), [manager]);
  // Which processes run now: the status line asks before a change of runtime stops them.
  const running = useRef<readonly string[]>([]);
  const onRunningChange = useCallback((titles: readonly string[]) => {
    running.current = titles;
  }, []);
  /** No runtime runs the lab here, and none is on its way. */
  const nothingRuns = snapshot.choice.kind === null && !snapshot.choice.waiting;

  return (
    <>
      <RuntimeStatus snapshot={snapshot} manager={manager} runningProcesses={() => running.current} />
      {nothingRuns ? <KernelLabInstead labId={summary.id} /> : null}
      <Workbench summary={summary}>
        <LabWorkbench
          summary={summary}
          loadContent={loadContent}
          runtime={snapshot.runtime}
          onRunningChange={onRunningChange}
          shared={shared}
          noRuntime={nothingRuns}
        />
      </Workbench>
    </>
  );
}

/**
 * An opened lab. The runtime is chosen and its status shown as soon as this small chunk
 * arrives; the editor and terminals follow when their chunk does.
 */
export default function OpenedLab(props: OpenedLabProps) {
  if (props.summary.runtime !== 'linux') return <OpenedNodeLab {...props} />;
  return (
    <Suspense fallback={<LabSkeleton stage="Loading the lab…" processes={props.summary.processes.length} />}>
      <OpenedCLab summary={props.summary} loadContent={props.loadContent} shared={props.shared ?? null} />
    </Suspense>
  );
}
