import { useCallback, useEffect, useState } from 'react';
import { forgetEdits, keepEdit, putAsideMine, readKeptEdit, readMine } from '../../../labs/kept-edits';
import type { ReferenceTrace } from '../../../labs/reference/reference-trace';
import type { LabContent, LabFile } from '../../../labs/types';

export interface LabFilesState {
  /** Null until the lab's files have loaded. */
  readonly files: readonly LabFile[] | null;
  readonly edited: ReadonlySet<string>;
  readonly loadError: string | null;
  /** The real-Linux reference of each scenario that has one. */
  readonly references: readonly ReferenceTrace[];
  /**
   * Goes up when the files change from outside the editor (loaded, reset). The editor copies
   * file contents into its models only then: copying back its own edits would race the typing.
   */
  readonly revision: number;
  setContent(path: string, content: string): void;
  resetAll(): void;
  /** Whether `path` has a solution, and whether the learner's own version is put aside for it. */
  solutionState(path: string): 'none' | 'available' | 'applied';
  /** Shows the solution in place of the learner's version, which is kept. */
  applySolution(path: string): void;
  /** Brings the learner's own version back. */
  backToMine(path: string): void;
  /**
   * Shows a shared run's files in place of the learner's (only files the lab has). A file the
   * learner had changed is put aside, as for a solution ("Back to my version" brings it back).
   * Returns the paths put aside.
   */
  applyShared(files: readonly LabFile[]): string[];
}

/** The lab's files as the learner has them: the originals with their kept edits applied. */
export function useLabFiles(labId: string, load: () => Promise<LabContent>): LabFilesState {
  const [originals, setOriginals] = useState<readonly LabFile[] | null>(null);
  const [solutions, setSolutions] = useState<readonly LabFile[]>([]);
  const [references, setReferences] = useState<readonly ReferenceTrace[]>([]);
  const [asideFor, setAsideFor] = useState<ReadonlySet<string>>(new Set());
  const [files, setFiles] = useState<readonly LabFile[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      ({ files: loaded, solutions: loadedSolutions, references: loadedReferences }) => {
        if (!live) return;
        setReferences(loadedReferences);
        setOriginals(loaded);
        setSolutions(loadedSolutions);
        setAsideFor(new Set(loaded.filter((f) => readMine(labId, f.path) !== null).map((f) => f.path)));
        setFiles(loaded.map((f) => ({ path: f.path, content: readKeptEdit(labId, f.path) ?? f.content })));
        setRevision((r) => r + 1);
      },
      (err: unknown) => live && setLoadError(`the lab's files could not be loaded: ${(err as Error).message}`),
    );
    return () => {
      live = false;
    };
  }, [labId, load]);

  const setContent = useCallback(
    (path: string, content: string) => {
      const original = originals?.find((f) => f.path === path)?.content ?? '';
      keepEdit(labId, path, content, original);
      setFiles((current) => current?.map((f) => (f.path === path ? { path, content } : f)) ?? current);
    },
    [labId, originals],
  );

  const resetAll = useCallback(() => {
    if (!originals) return;
    forgetEdits(
      labId,
      originals.map((f) => f.path),
    );
    setFiles(originals);
    setAsideFor(new Set());
    setRevision((r) => r + 1);
  }, [labId, originals]);

  const replace = useCallback(
    (path: string, content: string) => {
      setContent(path, content);
      setRevision((r) => r + 1); // a change from outside the editor
    },
    [setContent],
  );

  const applySolution = useCallback(
    (path: string) => {
      const solution = solutions.find((f) => f.path === path);
      const current = files?.find((f) => f.path === path);
      if (!solution || !current) return;
      putAsideMine(labId, path, current.content);
      setAsideFor((set) => new Set([...set, path]));
      replace(path, solution.content);
    },
    [files, labId, replace, solutions],
  );

  const backToMine = useCallback(
    (path: string) => {
      const mine = readMine(labId, path, true);
      setAsideFor((set) => new Set([...set].filter((p) => p !== path)));
      if (mine !== null) replace(path, mine);
    },
    [labId, replace],
  );

  const applyShared = useCallback(
    (shared: readonly LabFile[]) => {
      const aside: string[] = [];
      for (const file of shared) {
        const original = originals?.find((f) => f.path === file.path);
        const current = files?.find((f) => f.path === file.path);
        if (!original || !current || current.content === file.content) continue;
        if (current.content !== original.content) {
          putAsideMine(labId, file.path, current.content);
          aside.push(file.path);
        }
        replace(file.path, file.content);
      }
      if (aside.length > 0) setAsideFor((set) => new Set([...set, ...aside]));
      return aside;
    },
    [files, labId, originals, replace],
  );

  const solutionState = (path: string) =>
    asideFor.has(path) ? 'applied' : solutions.some((f) => f.path === path) ? 'available' : 'none';

  const edited = new Set(
    (files ?? []).filter((f) => f.content !== originals?.find((o) => o.path === f.path)?.content).map((f) => f.path),
  );

  return {
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
  };
}
