import useBaseUrl from '@docusaurus/useBaseUrl';
import { lazy, Suspense, useCallback, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { LabContent, LabSummary } from '../../labs/types';
import { getPageRuntimes } from '../../runtimes/page-runtimes';
import { LabSkeleton } from './LabSkeleton';
import { LinuxStatus } from './linux/LinuxStatus';
import { useLinuxMachine } from './linux/useLinuxMachine';
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

/** The editor and terminals, once their chunk has arrived. */
function Workbench({ summary, children }: { summary: LabSummary; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <LabSkeleton
          stage="Loading the editor and terminals…"
          processes={summary.processes.length}
          withStatus={false}
        />
      }
    >
      {children}
    </Suspense>
  );
}

/** A C lab: it always runs on Linux in the browser (no server, works offline). */
function OpenedCLab({ summary, loadContent }: Omit<OpenedLabProps, 'localRunnerUrl'>) {
  const { state, reset } = useLinuxMachine(useBaseUrl('/'));
  return (
    <>
      <LinuxStatus state={state} onReset={() => void reset()} />
      <Workbench summary={summary}>
        <LabWorkbench
          summary={summary}
          loadContent={loadContent}
          runtime={state.status === 'ready' && !state.resetting ? state.runtime : null}
        />
      </Workbench>
    </>
  );
}

/** A Node lab: in the browser (WebContainer) or on this computer, as the page's runtimes choose. */
function OpenedNodeLab({ summary, loadContent, localRunnerUrl }: OpenedLabProps) {
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
      <Workbench summary={summary}>
        <LabWorkbench
          summary={summary}
          loadContent={loadContent}
          runtime={snapshot.runtime}
          onRunningChange={onRunningChange}
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
  return props.summary.runtime === 'linux' ? <OpenedCLab {...props} /> : <OpenedNodeLab {...props} />;
}
