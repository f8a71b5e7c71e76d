import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useColorMode } from '@docusaurus/theme-common';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { LineEditor } from './line-editor';
import styles from './ProcessTerminal.module.css';

export interface TerminalHandle {
  /** Program output, as it came. */
  write(text: string): void;
  /** A line from the course site itself (runtime messages), set apart in colour. */
  notice(text: string): void;
  clear(): void;
}

export interface ProcessTerminalProps {
  /** e.g. "Client": names the terminal for assistive technology. */
  readonly title: string;
  /** Whether typing sends lines to the process. */
  readonly acceptsInput: boolean;
  readonly onLine?: (line: string) => void;
  readonly onEndOfInput?: () => void;
  readonly onInterrupt?: () => void;
}

const themes: Record<'light' | 'dark', ITheme> = {
  light: { background: '#fbfbfd', foreground: '#1c1e21', cursor: '#1c1e21', selectionBackground: '#b3d4fc' },
  dark: { background: '#17181c', foreground: '#e3e3e3', cursor: '#e3e3e3', selectionBackground: '#3a4a66' },
};

/** One xterm per process: shows its output and, when it reads input, takes the learner's typing. */
export const ProcessTerminal = forwardRef<TerminalHandle, ProcessTerminalProps>(function ProcessTerminal(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const editor = useRef<LineEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const { colorMode } = useColorMode();

  useEffect(() => {
    const term = new Terminal({
      convertEol: true,
      screenReaderMode: true,
      fontSize: 13,
      rows: 14,
      scrollback: 5000,
      cursorBlink: false,
      disableStdin: false,
      theme: themes[colorMode],
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    term.textarea?.setAttribute('aria-label', `${latest.current.title} terminal input`);
    fit.fit();
    const lineEditor = new LineEditor({
      echo: (text) => term.write(text),
      submit: (line) => latest.current.onLine?.(line),
      endOfInput: () => latest.current.onEndOfInput?.(),
      interrupt: () => latest.current.onInterrupt?.(),
    });
    const typing = term.onData((data) => {
      if (latest.current.acceptsInput) lineEditor.feed(data);
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
    };
    // The terminal is made once; colour changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (terminal.current) terminal.current.options.theme = themes[colorMode];
  }, [colorMode]);

  useImperativeHandle(
    ref,
    () => ({
      write: (text) => terminal.current?.write(text),
      notice: (text) => terminal.current?.write(`\x1b[2m\x1b[3m[${text}]\x1b[0m\r\n`),
      clear: () => {
        editor.current?.reset();
        terminal.current?.reset();
      },
    }),
    [],
  );

  return (
    <div
      className={styles.terminal}
      role="group"
      aria-label={`${props.title} terminal`}
      ref={host}
      data-testid={`terminal-${props.title.toLowerCase()}`}
    />
  );
});
