import path from 'node:path';
import { labSummary } from './lab-summary';
import { loadLab } from './load-labs';

/** The parts of an MDX syntax tree this plugin reads and writes. */
interface MdxNode {
  type: string;
  name?: string | null;
  attributes?: MdxAttribute[];
  children?: MdxNode[];
}
interface MdxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

function* labElements(node: MdxNode): Generator<MdxNode> {
  if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Lab') yield node;
  for (const child of node.children ?? []) yield* labElements(child);
}

/**
 * Gives each `<Lab id="…" />` in a lesson its lab's summary, as a `summaryJson` string
 * attribute, so a page carries only the labs it shows (not every lab's summary in a shared
 * chunk, which grew with each lab). A lab that does not exist fails the build, naming it.
 */
export default function remarkLabSummaries({ labsDir }: { labsDir: string }) {
  return async (tree: MdxNode, file: { path?: string }) => {
    for (const element of labElements(tree)) {
      const id = element.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id')?.value;
      if (typeof id !== 'string') {
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
