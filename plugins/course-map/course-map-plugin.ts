import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { Lab } from '../../src/labs/types';
import { buildCourseMap, parseMdx, type LessonSource } from './course-map';

/** What this plugin reads of the docs plugin's content (its own types are internal). */
interface DocsContent {
  readonly loadedVersions: readonly {
    readonly docs: readonly {
      readonly id: string;
      readonly title: string;
      readonly description: string;
      readonly permalink: string;
      readonly source: string;
      readonly frontMatter: { readonly sidebar_label?: string };
    }[];
    readonly sidebars: Readonly<Record<string, readonly SidebarItem[]>>;
  }[];
}
type SidebarItem = { readonly type: string; readonly id?: string; readonly items?: readonly SidebarItem[] };

const docIdsInOrder = (items: readonly SidebarItem[]): string[] =>
  items.flatMap((item) => (item.type === 'doc' && item.id ? [item.id] : docIdsInOrder(item.items ?? [])));

/**
 * The course map (plugins/course-map/course-map.ts) as the module `@course-map`, made once every
 * lesson is loaded, in the sidebar's order. A module, not global data: only the pages that import
 * it (the home page, an opened Node lab) load it, not every page's main bundle.
 */
export default function courseMapPlugin(context: LoadContext): Plugin {
  let mapPath = '';
  return {
    name: 'course-map',
    async allContentLoaded({ allContent, actions }) {
      const docs = (allContent['docusaurus-plugin-content-docs'] as Record<string, DocsContent> | undefined)?.[
        'default'
      ];
      const version = docs?.loadedVersions[0];
      if (!version) throw new Error('course-map: the docs plugin loaded no lessons');
      const byId = new Map(version.docs.map((doc) => [doc.id, doc]));
      const order = Object.values(version.sidebars).flatMap(docIdsInOrder);
      const lessons: LessonSource[] = await Promise.all(
        order.map(async (id) => {
          const doc = byId.get(id);
          if (!doc) throw new Error(`course-map: the sidebar names a lesson "${id}" the docs plugin did not load`);
          const file = path.join(context.siteDir, doc.source.replace(/^@site\//, ''));
          return {
            permalink: doc.permalink,
            title: doc.title,
            label: doc.frontMatter.sidebar_label ?? doc.title,
            description: doc.description,
            tree: await parseMdx(await readFile(file, 'utf8')),
          };
        }),
      );
      // The labs as the labs plugin loaded and checked them (its content), not read a second time.
      const labs = (allContent['labs-plugin'] as Record<string, readonly Lab[]> | undefined)?.['default'];
      if (!labs) throw new Error('course-map: the labs plugin loaded no labs');
      mapPath = await actions.createData('course-map.json', JSON.stringify(buildCourseMap(lessons, labs)));
    },
    configureWebpack() {
      return { resolve: { alias: { '@course-map': mapPath } } };
    },
  };
}
