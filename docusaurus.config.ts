import path from 'node:path';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import { localRunnerUrl } from './runner/address';
import { colorModeCodeTheme } from './plugins/code-theme/color-mode-code-theme';
import { accessible } from './src/prism/accessible-theme';
import { v86StaticDirectory } from './plugins/v86-static';
import remarkLabSummaries from './plugins/labs/remark-lab-summaries';

// One code theme for both colour modes, by CSS variables (see color-mode-code-theme.ts).
const codeTheme = colorModeCodeTheme(accessible(prismThemes.github), accessible(prismThemes.dracula));

const config: Config = {
  title: 'Closing TCP connections',
  tagline: 'Graceful or abrupt: close(), shutdown(), RST and SIGPIPE, proved by running real code',
  favicon: 'img/favicon.svg',
  url: 'http://localhost:3000',
  baseUrl: '/',
  trailingSlash: false,

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },

  // Rspack + SWC (Docusaurus Faster) and the other v4 defaults.
  future: { v4: true },

  i18n: { defaultLocale: 'en', locales: ['en'] },

  // static/ plus v86's module and wasm at /v86/ (the Linux runtime loads them when a lab opens).
  staticDirectories: ['static', v86StaticDirectory()],

  customFields: {
    // Where the page finds the local runner service ("on this computer").
    localRunnerUrl,
  },

  presets: [
    [
      'classic',
      {
        docs: {
          path: 'docs',
          routeBasePath: 'lessons',
          sidebarPath: './sidebars.ts',
          // Each <Lab id="…"> gets its lab's summary in its own page.
          remarkPlugins: [[remarkLabSummaries, { labsDir: path.join(__dirname, 'labs') }]],
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],

  plugins: [
    './plugins/labs-plugin.ts',
    // The lessons, their labs and questions, for the home page's map.
    './plugins/course-map/course-map-plugin.ts',
    './plugins/lab-bundling-plugin.ts',
    './plugins/isolation-plugin.ts',
    // Search under `npm start` too (the search plugin alone only searches built sites).
    './plugins/dev-search/dev-search-plugin.ts',
    ['./plugins/code-theme/code-theme-plugin.ts', { css: codeTheme.css }],
    // Prism loads in the browser only when a code block needs it, not with every page.
    './plugins/deferred-prism-plugin.ts',
  ],
  clientModules: ['./src/course-progress/track-visits.ts'],
  themes: [
    [
      // Search that runs in the browser on an index built with the site: works offline.
      '@easyops-cn/docusaurus-search-local',
      {
        hashed: true,
        indexBlog: false,
        indexPages: false,
        docsRouteBasePath: '/lessons',
        // Off: it put mark.js (33 KB) in every page's main bundle and walked the article after each load.
        highlightSearchTermsOnTargetPage: false,
        explicitSearchResultPath: true,
      },
    ],
  ],

  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Closing TCP connections',
      logo: { alt: 'Course logo', src: 'img/favicon.svg', width: 32, height: 32 },
      items: [{ type: 'docSidebar', sidebarId: 'course', position: 'left', label: 'Lessons' }],
    },
    footer: {
      style: 'dark',
      copyright: 'Every behaviour in this course was checked on Linux with real sockets.',
    },
    prism: {
      theme: codeTheme.theme,
      darkTheme: codeTheme.theme,
      // C is in prism-react-renderer's own bundle already (as a base of C++); only bash is added.
      additionalLanguages: ['bash'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
