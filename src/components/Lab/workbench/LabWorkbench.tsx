import { useCallback, useRef, useState } from 'react';
import type { LabContent, LabSummary } from '../../../labs/types';
import type { LabRuntime } from '../../../runtimes/runtime';
import { CodeEditor } from '../editor/CodeEditor';
import { ReferencePanel } from '../reference/ReferencePanel';
import { Checks } from '../timeline/Checks';
import { Timeline } from '../timeline/Timeline';
import { useTrace } from '../timeline/useTrace';
import { ProcessPanel } from './ProcessPanel';
import { useLabFiles } from './useLabFiles';
import styles from './LabWorkbench.module.css';

export interface LabWorkbenchProps {
  readonly summary: LabSummary;
  readonly loadContent: () => Promise<LabContent>;
  /** The runtime that runs the lab now, or null while none is ready. */
  readonly runtime: LabRuntime | null;
}

/** The opened lab's working parts: file tabs and editor, and a terminal per process. */
export default function LabWorkbench({ summary, loadContent, runtime }: LabWorkbenchProps) {
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
  } = useLabFiles(summary.id, loadContent);
  const [activePath, setActivePath] = useState(summary.filePaths[0] ?? '');
  const solution = solutionState(activePath);
  const trace = useTrace(() => edited.size > 0);

  // What each runtime has been given, so a run re-sends files only after an edit.
  const filesRef = useRef(files);
  filesRef.current = files;
  const mounted = useRef(new WeakMap<LabRuntime, string>());
  const ports = useRef(new WeakMap<LabRuntime, Promise<number>>());
  const prepare = useCallback(
    async (runtime: LabRuntime) => {
      const current = filesRef.current;
      if (!current) throw new Error('the lab files have not loaded yet');
      const fingerprint = JSON.stringify(current);
      if (mounted.current.get(runtime) !== fingerprint) {
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

  const onReset = () => {
    const names = [...edited].join(', ');
    if (edited.size === 0 || window.confirm(`Discard your changes to ${names} and go back to the lab's own code?`)) {
      resetAll();
    }
  };

  if (loadError) return <p role="alert">{loadError}</p>;
  if (!files) return <p role="status">Loading the lab's files…</p>;

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
        Edits are kept in this browser until you reset them. A process runs the files as they are when you start it. In
        the editor, Ctrl-M (Cmd-Shift-M on a Mac) lets Tab move focus instead of indenting.
      </p>
      <div className={styles.processes}>
        {summary.processes.map((spec) => (
          <ProcessPanel key={spec.id} spec={spec} runtime={runtime} prepare={prepare} hooks={trace.hooks} />
        ))}
      </div>
      <Checks summary={summary} events={trace.run.events} />
      <Timeline
        processes={summary.processes}
        events={trace.run.events}
        onClear={trace.clear}
        recording={runtime?.tracesSockets ?? true}
      />
      <ReferencePanel summary={summary} references={references} run={trace.run} runtime={runtime} />
    </div>
  );
}
