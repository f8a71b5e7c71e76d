import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import { localRunnerUrl } from './runner/address';
import { accessible } from './src/prism/accessible-theme';
import { v86StaticDirectory } from './plugins/v86-static';

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
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
      } satisfies Preset.Options,
    ],
  ],

  plugins: ['./plugins/labs-plugin.ts', './plugins/lab-bundling-plugin.ts', './plugins/isolation-plugin.ts'],
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
        highlightSearchTermsOnTargetPage: true,
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
      theme: accessible(prismThemes.github),
      darkTheme: accessible(prismThemes.dracula),
      additionalLanguages: ['c', 'bash'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
