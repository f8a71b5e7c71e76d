import { useRef, useState } from 'react';
import type { LabProcessSpec, LabScenario } from '../../../labs/types';
import { inSentence } from '../../../labs/in-sentence';
import type { ProcessControls } from './ProcessPanel';
import styles from './LabWorkbench.module.css';

async function stopAll(controls: ReadonlyMap<string, ProcessControls>): Promise<void> {
  await Promise.all([...controls.values()].map((c) => c.stop()));
}

/**
 * One click for the steps between runs: stop every process, or stop them and start a
 * scenario's first processes afresh, in order, each once the program before has printed
 * something itself (a server says it listens before its client connects; a C lab's compile
 * notice does not count), or ended. There is no time limit (a compile in the emulated machine
 * can take many seconds under load): while it waits, the bar says for what, and "Stop all" or
 * another fresh start ends the wait. The typing is left to the learner: it is the experiment.
 */
export function RunBar({
  scenarios,
  processes,
  controls,
  onStartAfresh,
}: {
  scenarios: readonly LabScenario[];
  processes: readonly LabProcessSpec[];
  controls: ReadonlyMap<string, ProcessControls>;
  /** Told which scenario the learner is starting (the reference panel shows it). */
  onStartAfresh: (scenarioId: string) => void;
}) {
  const anyRunning = [...controls.values()].some((c) => c.running);
  const [waiting, setWaiting] = useState('');
  /** Goes up with every fresh start and "Stop all": a fresh start still waiting then gives up. */
  const generation = useRef(0);
  const titleOf = (id: string) => inSentence(processes.find((p) => p.id === id)?.title ?? id);
  const startAfresh = async (scenario: LabScenario) => {
    const mine = ++generation.current;
    onStartAfresh(scenario.id);
    await stopAll(controls);
    // What the learner types into a later process meanwhile is kept for it, not refused.
    for (const id of scenario.startFirst) controls.get(id)?.expectStart();
    for (const [i, id] of scenario.startFirst.entries()) {
      const process = controls.get(id);
      if (!process || generation.current !== mine) break;
      const next = scenario.startFirst[i + 1];
      setWaiting(next ? `Waiting for the ${titleOf(id)} to print something before starting the ${titleOf(next)}…` : '');
      await process.start();
    }
    if (generation.current === mine) setWaiting('');
  };
  const stopEverything = () => {
    generation.current++;
    setWaiting('');
    void stopAll(controls);
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
        aria-disabled={(!anyRunning && !waiting) || undefined}
        onClick={() => (anyRunning || waiting) && stopEverything()}
      >
        Stop all
      </button>
      <span role="status" className={styles.runBarWaiting}>
        {waiting}
      </span>
    </div>
  );
}
