import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useColorMode } from '@docusaurus/theme-common';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { inSentence } from '../../../labs/in-sentence';
import { boundCounts } from './clamp-counts';
import { keyLeavesTerminal } from './keys';
import { LineEditor } from './line-editor';
import { noticeLines } from './notice-lines';
import { StackFolder } from './stack-folder';
import { Transcript } from './transcript';
import { TranscriptView } from './TranscriptView';
import styles from './ProcessTerminal.module.css';

export interface TerminalHandle {
  /** Program output, as it came. */
  write(text: string): void;
  /** A line from the course site itself (runtime messages), set apart in style. */
  notice(text: string): void;
  /** Starts the terminal afresh, after what was written so far has been shown. */
  clear(): void;
  /** What the terminal has shown since it was last cleared, as plain text (its "output as text"). */
  text(): string;
}

export interface ProcessTerminalProps {
  /** e.g. "Client": names the terminal for assistive technology. */
  readonly title: string;
  /** Whether typing sends lines to the process. */
  readonly acceptsInput: boolean;
  readonly onLine?: (line: string) => void;
  /**
   * When given, typing goes to it as it comes (keystrokes, not lines): the process has a real
   * terminal whose kernel echoes and edits the line, so this one does neither.
   */
  readonly onKeys?: (data: string) => void;
  readonly onEndOfInput?: () => void;
  readonly onInterrupt?: () => void;
}

/** A terminal grows with its output up to this many rows (the learner can drag it taller). */
const MAX_ROWS = 36;

/**
 * Makes the terminal's box taller when its output no longer fits, up to MAX_ROWS (and the CSS
 * max-height): a close run's own lines and its crash report stay in view together. It never
 * shrinks by itself, so the page does not jump back when a process starts again.
 */
function growToFit(term: Terminal, box: HTMLElement | null): void {
  const lines = term.buffer.active.length;
  if (!box || lines <= term.rows || term.rows >= MAX_ROWS) return;
  const screen = box.querySelector<HTMLElement>('.xterm-screen');
  if (!screen || screen.clientHeight === 0) return;
  const rowHeight = screen.clientHeight / term.rows;
  const extra = Math.ceil((Math.min(lines, MAX_ROWS) - term.rows) * rowHeight);
  box.style.height = `${box.getBoundingClientRect().height + extra}px`;
}

const themes: Record<'light' | 'dark', ITheme> = {
  light: { background: '#fbfbfd', foreground: '#1c1e21', cursor: '#1c1e21', selectionBackground: '#b3d4fc' },
  dark: { background: '#17181c', foreground: '#e3e3e3', cursor: '#e3e3e3', selectionBackground: '#3a4a66' },
};

/** One xterm per process: shows its output and, when it reads input, takes the learner's typing. */
export const ProcessTerminal = forwardRef<TerminalHandle, ProcessTerminalProps>(function ProcessTerminal(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const controls = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const editor = useRef<LineEditor | null>(null);
  const [transcript] = useState(() => new Transcript());
  const [folder] = useState(
    () => new StackFolder((count) => `\x1b[2m    … ${count} more frame${count === 1 ? '' : 's'} in Node\x1b[0m\n`),
  );
  const latest = useRef(props);
  latest.current = props;
  /** Whether what the terminal shows ends its line: a notice starts on a line of its own. */
  const atLineStart = useRef(true);
  const { colorMode } = useColorMode();

  useEffect(() => {
    const term = new Terminal({
      convertEol: true,
      screenReaderMode: true,
      // A phone gets a few more columns: a crash report's paths wrap less.
      fontSize: window.matchMedia('(max-width: 600px)').matches ? 12 : 13,
      rows: 14,
      scrollback: 5000,
      cursorBlink: false,
      theme: themes[colorMode],
    });
    // A program's ESC [ 99999999 L would otherwise keep the page busy for minutes.
    boundCounts(term);
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    term.textarea?.setAttribute('aria-label', `${latest.current.title} terminal input`);
    // xterm reads new output out assertively, cutting off whatever the screen reader was saying
    // (two processes print at once in a lab): politely, it waits its turn.
    host.current!.querySelector('.xterm-accessibility .live-region')?.setAttribute('aria-live', 'polite');
    fit.fit();
    const lineEditor = new LineEditor({
      echo: (text) => term.write(text),
      submit: (line) => {
        transcript.append(`${line}\n`);
        latest.current.onLine?.(line);
      },
      endOfInput: () => latest.current.onEndOfInput?.(),
      interrupt: () => latest.current.onInterrupt?.(),
    });
    term.attachCustomKeyEventHandler((event) => {
      const leaves = keyLeavesTerminal(event);
      if (!leaves) return true;
      if (leaves === 'escape' && event.type === 'keydown') {
        event.preventDefault();
        controls.current?.focus();
      }
      return false; // not for the program: Tab goes on to the browser, which moves focus
    });
    const typing = term.onData((data) => {
      if (latest.current.acceptsInput && latest.current.onKeys) latest.current.onKeys(data);
      else if (latest.current.acceptsInput) lineEditor.feed(data);
      else if (data === '\x03') latest.current.onInterrupt?.();
    });
    const resize = new ResizeObserver(() => fit.fit());
    resize.observe(host.current!);
    terminal.current = term;
    editor.current = lineEditor;
    return () => {
      resize.disconnect();
      typing.dispose();
      term.dispose();
      terminal.current = null;
      editor.current = null;
    };
    // The terminal is made once; colour changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (terminal.current) terminal.current.options.theme = themes[colorMode];
  }, [colorMode]);

  useImperativeHandle(ref, () => {
    /**
     * Writes output without mixing it into a half-typed input line: the typed part is
     * erased, the output written, and the typed part shown again after it (as readline does).
     */
    const writeAround = (text: string) => {
      const term = terminal.current;
      if (!term) return;
      const pending = editor.current?.pending ?? '';
      if (pending) term.write(`\x1b[${[...pending].length}D\x1b[K`);
      if (text) atLineStart.current = text.endsWith('\n');
      term.write(text, () => growToFit(term, host.current));
      if (pending) term.write(pending);
    };
    return {
      write: (text) => {
        transcript.append(text);
        const shown = folder.push(text);
        if (shown) writeAround(shown);
      },
      notice: (text) => {
        transcript.append(`[${text}]\n`);
        const held = folder.flush();
        const apart = (held ? held.endsWith('\n') : atLineStart.current) ? '' : '\r\n';
        // Broken between words for the terminal's width, not by xterm wherever the last column falls.
        const lines = noticeLines(text, terminal.current?.cols ?? 80);
        writeAround(`${held}${apart}\x1b[2m\x1b[3m${lines.join('\r\n')}\x1b[0m\r\n`);
      },
      clear: () => {
        folder.flush();
        transcript.clear();
        editor.current?.reset();
        atLineStart.current = true;
        // Written after what is still queued: reset() would act at once, before the last
        // process's final lines were drawn, and those would then open the new terminal. Not
        // RIS (ESC c): xterm answers it with a full renderer reset and a forced layout of the
        // page, work that competed with the new process's start. Instead: leave the alternate
        // screen, soft reset (modes, colours, charsets), erase the screen and the scrollback.
        terminal.current?.write('\x1b[?1049l\x1b[!p\x1b[H\x1b[2J\x1b[3J');
      },
      text: () => transcript.toString(),
    };
  }, [transcript, folder]);

  const name = inSentence(props.title);
  const send = (data: string) => {
    if (props.acceptsInput && props.onKeys) props.onKeys(data);
    else if (props.acceptsInput) editor.current?.feed(data);
    else if (data === '\x03') props.onInterrupt?.();
  };
  return (
    <>
      <div className={styles.terminal} role="group" aria-label={`${props.title} terminal`} ref={host} />
      <div
        className={styles.controls}
        ref={controls}
        tabIndex={-1}
        role="group"
        aria-label={`${props.title} terminal controls`}
      >
        <button
          type="button"
          className="button button--sm button--link"
          onClick={() => terminal.current?.scrollToTop()}
        >
          Top of {name} output
        </button>
        {props.acceptsInput ? (
          <>
            <button type="button" className="button button--sm button--link" onClick={() => send('\x04')}>
              End {name} input (Ctrl-D)
            </button>
            <button type="button" className="button button--sm button--link" onClick={() => send('\x03')}>
              Interrupt {name} (Ctrl-C)
            </button>
            <button type="button" className="button button--sm button--link" onClick={() => controls.current?.focus()}>
              Done typing in {name}
            </button>
          </>
        ) : null}
      </div>
      <TranscriptView title={props.title} transcript={transcript} />
    </>
  );
});
