import { useCallback, useEffect, useState } from 'react';
import { forgetEdits, keepEdit, readKeptEdit } from '../../../labs/kept-edits';
import type { LabFile } from '../../../labs/types';

export interface LabFilesState {
  /** Null until the lab's files have loaded. */
  readonly files: readonly LabFile[] | null;
  readonly edited: ReadonlySet<string>;
  readonly loadError: string | null;
  /**
   * Goes up when the files change from outside the editor (loaded, reset). The editor copies
   * file contents into its models only then: copying back its own edits would race the typing.
   */
  readonly revision: number;
  setContent(path: string, content: string): void;
  resetAll(): void;
}

/** The lab's files as the learner has them: the originals with their kept edits applied. */
export function useLabFiles(labId: string, load: () => Promise<readonly LabFile[]>): LabFilesState {
  const [originals, setOriginals] = useState<readonly LabFile[] | null>(null);
  const [files, setFiles] = useState<readonly LabFile[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let live = true;
    load().then(
      (loaded) => {
        if (!live) return;
        setOriginals(loaded);
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
    setRevision((r) => r + 1);
  }, [labId, originals]);

  const edited = new Set(
    (files ?? []).filter((f) => f.content !== originals?.find((o) => o.path === f.path)?.content).map((f) => f.path),
  );

  return { files, edited, loadError, revision, setContent, resetAll };
}
