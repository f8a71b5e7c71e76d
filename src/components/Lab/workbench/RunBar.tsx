import type { LabScenario } from '../../../labs/types';
import type { ProcessControls } from './ProcessPanel';
import styles from './LabWorkbench.module.css';

/** How long a fresh start waits for a process's first output before starting the next one. */
const FIRST_OUTPUT_WAIT_MS = 5000;

async function stopAll(controls: ReadonlyMap<string, ProcessControls>): Promise<void> {
  await Promise.all([...controls.values()].map((c) => c.stop()));
}

/**
 * One click for the steps between runs: stop every process, or stop them and start a
 * scenario's first processes afresh, in order, each once the one before has printed
 * something (a server says it listens before its client connects). The typing is left to the
 * learner: it is the experiment.
 */
export function RunBar({
  scenarios,
  controls,
  onStartAfresh,
}: {
  scenarios: readonly LabScenario[];
  controls: ReadonlyMap<string, ProcessControls>;
  /** Told which scenario the learner is starting (the reference panel shows it). */
  onStartAfresh: (scenarioId: string) => void;
}) {
  const anyRunning = [...controls.values()].some((c) => c.running);
  const startAfresh = async (scenario: LabScenario) => {
    onStartAfresh(scenario.id);
    await stopAll(controls);
    for (const id of scenario.startFirst) {
      const process = controls.get(id);
      if (!process) continue;
      await Promise.race([process.start(), new Promise((r) => setTimeout(r, FIRST_OUTPUT_WAIT_MS))]);
    }
  };
  return (
    <div className={styles.runBar} role="group" aria-label="Runs">
      {scenarios.map((scenario) => (
        <button
          key={scenario.id}
          type="button"
          className="button button--sm button--outline button--primary"
          onClick={() => void startAfresh(scenario)}
        >
          Start afresh: {scenario.title}
        </button>
      ))}
      <button
        type="button"
        className="button button--sm button--outline button--secondary"
        aria-disabled={!anyRunning || undefined}
        onClick={() => anyRunning && void stopAll(controls)}
      >
        Stop all
      </button>
    </div>
  );
}
