import type { Plugin } from '@docusaurus/types';

/** Puts the code theme's colour-mode variables (color-mode-code-theme.ts) into every page's head. */
export default function codeThemePlugin(_context: unknown, options: { css: string }): Plugin {
  return {
    name: 'code-theme-plugin',
    injectHtmlTags() {
      return { headTags: [{ tagName: 'style', innerHTML: options.css }] };
    },
  };
}
