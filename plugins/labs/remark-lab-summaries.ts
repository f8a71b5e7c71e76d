import path from 'node:path';
import { labSummary } from './lab-summary';
import { loadLab } from './load-labs';
import { literalAttribute, mdxElements, type MdxNode } from './mdx-elements';

/**
 * Gives each `<Lab id="…" />` in a lesson its lab's summary, as a `summaryJson` string
 * attribute, so a page carries only the labs it shows (not every lab's summary in a shared
 * chunk, which grew with each lab). A lab that does not exist fails the build, naming it.
 */
export default function remarkLabSummaries({ labsDir }: { labsDir: string }) {
  return async (tree: MdxNode, file: { path?: string }) => {
    for (const element of mdxElements(tree, ['Lab'])) {
      const id = literalAttribute(element, 'id');
      if (id === undefined) {
        throw new Error(`${file.path ?? 'a lesson'}: <Lab> needs a literal id="…"`);
      }
      const lab = await loadLab(path.resolve(labsDir), id);
      element.attributes = [
        ...(element.attributes ?? []).filter((a) => a.name !== 'summaryJson'),
        { type: 'mdxJsxAttribute', name: 'summaryJson', value: JSON.stringify(labSummary(lab)) },
      ];
    }
  };
}
