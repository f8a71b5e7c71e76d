import { useEffect, useState, useSyncExternalStore } from 'react';
import { isCCheckMet, type CLabCheck } from '../../../labs/c-run/c-checks';
import type { NativeCReference } from '../../../labs/reference/native-c-reference';
import type { LabContent, LabSummary } from '../../../labs/types';
import { CReferencePanel } from '../reference/ReferencePanel';
import { CheckList } from '../timeline/Checks';
import type { CRunRecorder } from './c-run-recorder';

/**
 * Below a C lab's terminals and packet view: its checks, judged on what the guest shows in the
 * learner's run, and the native Linux reference of the scenario the run follows, with a verdict.
 */
export function CLabResults({
  summary,
  recorder,
  loadContent,
}: {
  summary: LabSummary;
  recorder: CRunRecorder;
  loadContent: () => Promise<LabContent>;
}) {
  const run = useSyncExternalStore(recorder.subscribe, recorder.getSnapshot, recorder.getSnapshot);
  const [content, setContent] = useState<{
    references: readonly NativeCReference[];
    checks: readonly CLabCheck[];
  }>({ references: [], checks: [] });
  useEffect(() => {
    let live = true;
    void loadContent().then(
      (loaded) => live && setContent({ references: loaded.nativeReferences ?? [], checks: loaded.cChecks ?? [] }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [loadContent]);
  const running = (id: string) => run.processes[id] !== undefined && run.processes[id]!.end === null;

  return (
    <>
      <CheckList
        summary={summary}
        checks={content.checks.map((check) => ({ ...check, met: isCCheckMet(check, run) }))}
        runNumber={run.number}
      />
      <CReferencePanel
        key={run.number}
        summary={summary}
        references={content.references}
        run={run}
        isRunning={running}
      />
    </>
  );
}
