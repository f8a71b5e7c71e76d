import { useColorMode } from '@docusaurus/theme-common';
import { memo, useEffect, useRef } from 'react';
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

/** A phone's width: the code wraps, and the gutter gives its room to the code. */
const NARROW = '(max-width: 600px)';

function layoutFor(narrow: boolean): monaco.editor.IEditorOptions {
  return narrow
    ? { wordWrap: 'on', wrappingIndent: 'indent', lineNumbersMinChars: 2, folding: false, lineDecorationsWidth: 4 }
    : { wordWrap: 'off', lineNumbersMinChars: 5, folding: true, lineDecorationsWidth: 10 };
}

/** Monaco with one model per lab file; the active tab picks the model on show. */
function CodeEditorView({ labId, files, activePath, revision, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const models = useRef(new Map<string, monaco.editor.ITextModel>());
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const { colorMode } = useColorMode();
  const theme = colorMode === 'dark' ? 'vs-dark' : 'vs';

  useEffect(() => {
    const narrow = window.matchMedia(NARROW);
    const instance = monaco.editor.create(host.current!, {
      ...layoutFor(narrow.matches),
      // The wheel scrolls the page unless the learner is working in the editor (below), and
      // even then passes on to the page at the editor's top and bottom.
      scrollbar: { handleMouseWheel: false, alwaysConsumeMouseWheel: false },
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
    const wheel = (handleMouseWheel: boolean) => () => instance.updateOptions({ scrollbar: { handleMouseWheel } });
    const focused = instance.onDidFocusEditorWidget(wheel(true));
    const blurred = instance.onDidBlurEditorWidget(wheel(false));
    const onWidth = (e: MediaQueryListEvent) => instance.updateOptions(layoutFor(e.matches));
    narrow.addEventListener('change', onWidth);
    const owned = models.current;
    return () => {
      narrow.removeEventListener('change', onWidth);
      focused.dispose();
      blurred.dispose();
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

/** Renders again only when its own props change, not with every change of the lab around it (a new run). */
export const CodeEditor = memo(CodeEditorView);
