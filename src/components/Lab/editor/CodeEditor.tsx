import { useColorMode } from '@docusaurus/theme-common';
import { useEffect, useRef } from 'react';
import type { LabFile } from '../../../labs/types';
import { monaco } from './load-monaco';
import styles from './CodeEditor.module.css';

export interface CodeEditorProps {
  readonly labId: string;
  readonly files: readonly LabFile[];
  readonly activePath: string;
  /** Changes when `files` were changed from outside the editor (see useLabFiles). */
  readonly revision: number;
  readonly onChange: (path: string, content: string) => void;
}

/** Monaco with one model per lab file; the active tab picks the model on show. */
export function CodeEditor({ labId, files, activePath, revision, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const { colorMode } = useColorMode();
  const theme = colorMode === 'dark' ? 'vs-dark' : 'vs';

  useEffect(() => {
    const instance = monaco.editor.create(host.current!, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      theme,
      accessibilitySupport: 'auto',
      ariaLabel: 'Lab code editor',
    });
    editor.current = instance;
    const owned = models.current;
    return () => {
      instance.dispose();
      for (const model of owned.values()) model.dispose();
      owned.clear();
      editor.current = null;
    };
    // The editor is made once; theme and files are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // One model per file. Outside changes (a load, a reset) are written into the models; the
  // editor's own edits are not written back (that would race the learner's typing).
  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(() => {
    const files = filesRef.current;
    for (const file of files) {
      let model = models.current.get(file.path);
      if (!model) {
        const uri = monaco.Uri.parse(`file:///${labId}/${file.path}`);
        model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.content, 'javascript', uri);
        const path = file.path;
        const current = model;
        model.onDidChangeContent(() => onChangeRef.current(path, current.getValue()));
        models.current.set(file.path, model);
      } else if (model.getValue() !== file.content) {
        model.setValue(file.content);
      }
    }
  }, [revision, labId]);

  useEffect(() => {
    const model = models.current.get(activePath);
    if (editor.current && model && editor.current.getModel() !== model) {
      editor.current.setModel(model);
      editor.current.updateOptions({ ariaLabel: `${activePath} editor` });
    }
  }, [activePath, revision]);

  useEffect(() => monaco.editor.setTheme(theme), [theme]);

  return <div className={styles.editor} ref={host} data-testid="lab-editor" />;
}
