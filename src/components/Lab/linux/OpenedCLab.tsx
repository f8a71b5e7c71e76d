import useBaseUrl from '@docusaurus/useBaseUrl';
import type { LabContent, LabSummary } from '../../../labs/types';
import { LabWorkbench, Workbench } from '../workbench/LazyWorkbench';
import { LinuxStatus } from './LinuxStatus';
import { useLinuxMachine } from './useLinuxMachine';

export interface OpenedCLabProps {
  readonly summary: LabSummary;
  readonly loadContent: () => Promise<LabContent>;
}

/** An opened C lab: it always runs on Linux in the browser (no server, works offline). */
export default function OpenedCLab({ summary, loadContent }: OpenedCLabProps) {
  const { state, reset } = useLinuxMachine(useBaseUrl('/'), {
    dir: summary.id,
    files: async () => (await loadContent()).files,
  });
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
