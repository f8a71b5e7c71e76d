/**
 * Monaco with only what editing a small Node program needs. Importing all of Monaco would
 * add its TypeScript language service (megabytes); basic JavaScript colouring is enough.
 * This module is only reached through the lab's lazy chunk.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/javascript/register';
// Not in Monaco's public API: the page-wide switch that the Ctrl-M action toggles.
import { TabFocus } from 'monaco-editor/editor/browser/config/tabFocus';

// Tab moves focus out of the editor until the learner asks for indenting (Ctrl-M, Cmd-Shift-M on
// a Mac, toggles it): a keyboard user tabbing through the page must not get stuck in the editor,
// nor change the lab's code by passing through it. Set once per page, so a toggle lasts.
TabFocus.setTabFocusMode(true);

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

// Monaco's editor worker (diffing, word ranges), bundled from our own origin so that it
// loads under cross-origin isolation and offline.
window.MonacoEnvironment = {
  getWorker: () => new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module' }),
};

export { monaco };
