import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReferenceTrace } from '../../../labs/reference/reference-trace';
import type { LabContent, LabFile, LabSummary } from '../../../labs/types';
import type { SharedRun } from '../../../labs/share/shared-run';
import type { KernelEvent } from '../../../runtimes/linux/kernel-events';
import type { LabRuntime } from '../../../runtimes/runtime';
import { announceLabRun } from '../../Prediction/lab-run-event';
import { CodeEditor } from '../editor/CodeEditor';
import { LabSkeleton } from '../LabSkeleton';
import { KernelPanel, showsKernelEvents } from '../linux/KernelPanel';
import { ReferencePanel } from '../reference/ReferencePanel';
import { SharedRunPanel } from '../share/SharedRunPanel';
import { usePlayback } from '../watch/usePlayback';
import { WatchRealLinux } from '../watch/WatchRealLinux';
import { ShareRunButton } from '../share/ShareRunButton';
import { Checks } from '../timeline/Checks';
import { Timeline } from '../timeline/Timeline';
import { useTrace } from '../timeline/useTrace';
import { ProcessPanel, type ProcessControls } from './ProcessPanel';
import { endedScenarios } from './ended-scenarios';
import { RunBar } from './RunBar';
import { useLabFiles } from './useLabFiles';
import styles from './LabWorkbench.module.css';

export interface LabWorkbenchProps {
  readonly summary: LabSummary;
  readonly loadContent: () => Promise<LabContent>;
  /** The runtime that runs the lab now, or null while none is ready. */
  readonly runtime: LabRuntime | null;
  /** Told the titles of the processes running now, whenever that changes. */
  readonly onRunningChange?: (titles: readonly string[]) => void;
  /** Told the lab's files when they load and whenever the learner changes them. */
  readonly onFilesChange?: (files: readonly LabFile[]) => void;
  /** A run shared by link that the learner chose to open: its files go in the editor, its recording beside. */
  readonly shared?: SharedRun | null;
  /** Nothing can run the lab here (no runtime, none coming): it offers its recordings of real Linux. */
  readonly noRuntime?: boolean;
}

/** Whether the lab's programs use sockets: its checks or its real-Linux runs say so. */
function opensSockets(summary: LabSummary, references: readonly ReferenceTrace[]): boolean {
  return summary.checks.length > 0 || references.some((r) => r.events.some((e) => e.kind !== 'exit'));
}

/** The opened lab's working parts: file tabs and editor, and a terminal per process. */
export default function LabWorkbench({
  summary,
  loadContent,
  runtime,
  onRunningChange,
  onFilesChange,
  shared = null,
  noRuntime = false,
}: LabWorkbenchProps) {
  const {
    files,
    edited,
    loadError,
    references,
    revision,
    setContent,
    resetAll,
    solutionState,
    applySolution,
    backToMine,
    applyShared,
  } = useLabFiles(summary.id, loadContent);
  // A shared run's files replace the learner's once, when the lab's files have loaded.
  const [sharedAside, setSharedAside] = useState<readonly string[] | null>(null);
  useEffect(() => {
    if (shared && files && sharedAside === null) setSharedAside(applyShared(shared.files));
  }, [shared, files, sharedAside, applyShared]);
  const kernelEvents = useRef<readonly KernelEvent[]>([]);
  const [activePath, setActivePath] = useState(summary.filePaths[0] ?? '');
  const solution = solutionState(activePath);
  const watching = useRef<() => boolean>(() => false);
  const trace = useTrace(
    summary,
    () => edited.size > 0,
    () => watching.current(),
  );
  useEffect(() => {
    if (files) onFilesChange?.(files);
  }, [files, onFilesChange]);
  const [intended, setIntended] = useState<string | undefined>(undefined);
  const [controls, setControls] = useState<ReadonlyMap<string, ProcessControls>>(new Map());
  const register = useCallback((id: string, c: ProcessControls | null) => {
    setControls((current) => {
      const next = new Map(current);
      if (c) next.set(id, c);
      else next.delete(id);
      return next;
    });
  }, []);

  const playback = usePlayback(summary, controls, trace.hooks);
  watching.current = playback.watching;

  // What each runtime has been given, so a run re-sends files only after an edit.
  const filesRef = useRef(files);
  filesRef.current = files;
  const mounted = useRef(new WeakMap<LabRuntime, string>());
  const ports = useRef(new WeakMap<LabRuntime, Promise<number>>());
  const prepare = useCallback(
    async (runtime: LabRuntime) => {
      const current = filesRef.current;
      if (!current) throw new Error('the lab files have not loaded yet');
      // The learner has run this lab: the predictions about it may now unfold.
      announceLabRun(summary.id);
      const fingerprint = JSON.stringify(current);
      if (runtime.mayForgetFiles || mounted.current.get(runtime) !== fingerprint) {
        await runtime.mount(summary.id, current);
        mounted.current.set(runtime, fingerprint);
      }
      let port = ports.current.get(runtime);
      if (!port) {
        port = runtime.reservePort();
        ports.current.set(runtime, port);
      }
      return { dir: summary.id, port: await port };
    },
    [summary.id],
  );

  // A run that did a scenario to its end unfolds the predictions about that scenario.
  const anyRunning = summary.processes.some((p) => controls.get(p.id)?.running);
  const announced = useRef(new Set<string>());
  useEffect(() => {
    for (const scenario of endedScenarios(summary.scenarios, trace.run, anyRunning)) {
      const key = `${trace.runNumber}:${scenario.id}`;
      if (announced.current.has(key)) continue;
      announced.current.add(key);
      announceLabRun(summary.id, { scenario: scenario.id, edited: trace.run.edited, ended: true });
    }
  }, [summary.id, summary.scenarios, trace.run, trace.runNumber, anyRunning]);

  const runningTitles = summary.processes.filter((p) => controls.get(p.id)?.running).map((p) => p.title);
  const runningKey = runningTitles.join(',');
  useEffect(() => {
    onRunningChange?.(runningKey ? runningKey.split(',') : []);
  }, [runningKey, onRunningChange]);

  const onReset = () => {
    const names = [...edited].join(', ');
    if (edited.size === 0 || window.confirm(`Discard your changes to ${names} and go back to the lab's own code?`)) {
      resetAll();
    }
  };

  if (loadError) return <p role="alert">{loadError}</p>;
  if (!files)
    return <LabSkeleton stage="Loading the lab's files…" processes={summary.processes.length} withStatus={false} />;

  return (
    <div className={styles.workbench}>
      <div className={styles.editorBar}>
        <div role="tablist" aria-label="Lab files" className={styles.tabs}>
          {files.map((file) => (
            <button
              key={file.path}
              type="button"
              role="tab"
              aria-selected={file.path === activePath}
              className={styles.tab}
              onClick={() => setActivePath(file.path)}
            >
              {file.path}
              {edited.has(file.path) ? (
                <>
                  <span aria-hidden="true"> •</span>
                  <span className="visually-hidden"> (edited)</span>
                </>
              ) : null}
            </button>
          ))}
        </div>
        {solution === 'available' ? (
          <button
            type="button"
            className="button button--sm button--outline button--primary"
            onClick={() => applySolution(activePath)}
          >
            Show the solution for {activePath}
          </button>
        ) : null}
        {solution === 'applied' ? (
          <button
            type="button"
            className="button button--sm button--outline button--primary"
            onClick={() => backToMine(activePath)}
          >
            Back to my version of {activePath}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--sm button--outline button--danger"
          onClick={onReset}
          disabled={edited.size === 0}
        >
          Reset files
        </button>
      </div>
      <CodeEditor labId={summary.id} files={files} revision={revision} activePath={activePath} onChange={setContent} />
      <p className={styles.hint}>
        Edits are kept in this browser until you reset them. In the editor, Tab moves focus; Ctrl-M (Cmd-Shift-M on a
        Mac) switches Tab to indenting and back.
      </p>
      {shared && sharedAside !== null ? (
        <SharedRunPanel run={shared} processes={summary.processes} asideFor={sharedAside} />
      ) : null}
      {noRuntime && !runtime ? (
        <WatchRealLinux
          summary={summary}
          references={references}
          playback={playback.playback}
          onPlay={playback.play}
          onStop={playback.stop}
        />
      ) : null}
      {summary.processes.length > 1 ? (
        <RunBar
          scenarios={summary.scenarios}
          processes={summary.processes}
          controls={controls}
          onStartAfresh={setIntended}
        />
      ) : null}
      <div className={styles.processes}>
        {summary.processes.map((spec) => (
          <ProcessPanel
            key={spec.id}
            spec={spec}
            runtime={runtime}
            prepare={prepare}
            hooks={trace.hooks}
            register={register}
            playing={playback.playback.state === 'playing' && playback.playback.processes.has(spec.id)}
          />
        ))}
      </div>
      <ShareRunButton
        collect={() => ({
          summary,
          files,
          edited,
          outputs: new Map(summary.processes.map((p) => [p.id, controls.get(p.id)?.output() ?? ''])),
          // A C lab's truth is the kernel's; a Node lab's, its socket events.
          ...(summary.runtime === 'linux' ? { kernel: kernelEvents.current } : { trace: trace.run.events }),
        })}
      />
      {summary.runtime === 'linux' ? (
        <KernelPanel runtime={showsKernelEvents(runtime) ? runtime : null} recorded={kernelEvents} />
      ) : opensSockets(summary, references) ? (
        <>
          <Checks summary={summary} events={trace.run.events} runNumber={trace.runNumber} />
          <Timeline
            processes={summary.processes}
            events={trace.run.events}
            carried={trace.run.carried}
            previous={trace.previous}
            onClear={trace.clear}
            recording={runtime?.tracesSockets ?? true}
          />
          <ReferencePanel
            key={trace.runNumber}
            summary={summary}
            references={references}
            run={trace.run}
            runtime={runtime}
            isRunning={(id) => controls.get(id)?.running ?? false}
            intended={intended}
          />
        </>
      ) : (
        <p className={styles.hint}>
          This program opens no sockets, so there is no socket timeline or real-Linux comparison here. In the labs of
          the next lessons, every socket event of your run appears below the terminals, beside what real Linux does.
        </p>
      )}
    </div>
  );
}
