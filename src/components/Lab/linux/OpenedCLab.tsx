import type { SharedRun } from '../../../labs/share/shared-run';
import useBaseUrl from '@docusaurus/useBaseUrl';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LabContent, LabFile, LabSummary } from '../../../labs/types';
import WirePredictions from '../../WirePrediction/WirePrediction';
import { WirePredictionContext } from '../../WirePrediction/context';
import { WirePredictionStore } from '../../WirePrediction/wire-store';
import { LabWorkbench, Workbench } from '../workbench/LazyWorkbench';
import { CLabResults } from './CLabResults';
import { CRunRecorder } from './c-run-recorder';
import { LinuxStatus } from './LinuxStatus';
import { useCompileWhileEditing } from './useCompileWhileEditing';
import { useLinuxMachine } from './useLinuxMachine';

export interface OpenedCLabProps {
  readonly summary: LabSummary;
  readonly loadContent: () => Promise<LabContent>;
  readonly shared?: SharedRun | null;
}

/**
 * An opened C lab: it always runs on Linux in the browser (no server, works offline). The
 * runtime the workbench gets is watched by a recorder, whose runs the checks and the native
 * reference below the lab are judged on.
 */
export default function OpenedCLab({ summary, loadContent, shared = null }: OpenedCLabProps) {
  const { state, reset } = useLinuxMachine(useBaseUrl('/'), {
    dir: summary.id,
    files: async () => (await loadContent()).files,
  });
  const original = useRef<readonly LabFile[] | null>(null);
  useEffect(() => {
    void loadContent().then(
      (content) => (original.current = content.files),
      () => {},
    );
  }, [loadContent]);
  const recorder = useMemo(() => new CRunRecorder(summary.scenarios, () => original.current), [summary.scenarios]);
  const ready = state.status === 'ready' && !state.resetting ? state.runtime : null;
  const compileEdits = useCompileWhileEditing(ready, summary.id, () => original.current);
  // Predict the wire: kept per opened lab, locked in and graded on the recorder's runs.
  const wire = useMemo(() => ({ store: new WirePredictionStore(summary), summary }), [summary]);
  useEffect(() => wire.store.attach(recorder), [wire, recorder]);
  const [watched, setWatched] = useState<ReturnType<CRunRecorder['watch']> | null>(null);
  useEffect(() => {
    if (!ready) {
      setWatched(null);
      return;
    }
    const next = recorder.watch(ready);
    setWatched(next);
    return next.stop;
  }, [ready, recorder]);

  return (
    <WirePredictionContext.Provider value={wire}>
      <LinuxStatus state={state} onReset={() => void reset()} />
      <WirePredictions store={wire.store} summary={summary} />
      <Workbench summary={summary}>
        <LabWorkbench
          summary={summary}
          loadContent={loadContent}
          runtime={watched?.runtime ?? null}
          onFilesChange={compileEdits}
          shared={shared}
        />
        <CLabResults summary={summary} recorder={recorder} loadContent={loadContent} />
      </Workbench>
    </WirePredictionContext.Provider>
  );
}
