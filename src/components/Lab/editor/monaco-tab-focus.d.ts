/** Monaco's page-wide "Tab moves focus" switch (not in its public API; see load-monaco.ts). */
declare module 'monaco-editor/editor/browser/config/tabFocus' {
  export const TabFocus: {
    getTabFocusMode(): boolean;
    setTabFocusMode(tabFocusMode: boolean): void;
  };
}
