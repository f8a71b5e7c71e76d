import { lazy, Suspense, type ReactNode } from 'react';
import type { LabSummary } from '../../../labs/types';
import { LabSkeleton } from '../LabSkeleton';

/**
 * Monaco and xterm: the heavy part. When the light chunk of an opened lab loads (the lab came
 * near the viewport, or the browser was idle), the browser prefetches it: downloaded into the
 * cache, not run, so opening the lab needs no network and the page runs no editor code before then.
 */
export const loadWorkbench = () => import(/* webpackPrefetch: true */ './LabWorkbench');
export const LabWorkbench = lazy(loadWorkbench);

/** The editor and terminals, once their chunk has arrived. */
export function Workbench({ summary, children }: { summary: LabSummary; children: ReactNode }) {
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
