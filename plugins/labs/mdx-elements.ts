/** The parts of an MDX syntax tree (remark-mdx) that the course's plugins read and write. */
export interface MdxNode {
  type: string;
  name?: string | null;
  attributes?: MdxAttribute[];
  children?: MdxNode[];
}
export interface MdxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

/** Every JSX element of `tree` named one of `names` (`<Lab …>`, `<ThinkQuestion …>`), in document order. */
export function* mdxElements(tree: MdxNode, names: readonly string[]): Generator<MdxNode> {
  if ((tree.type === 'mdxJsxFlowElement' || tree.type === 'mdxJsxTextElement') && names.includes(tree.name ?? ''))
    yield tree;
  for (const child of tree.children ?? []) yield* mdxElements(child, names);
}

/** An element's attribute written as a literal string (`id="…"`); undefined for none or an expression. */
export function literalAttribute(element: MdxNode, name: string): string | undefined {
  const value = element.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name)?.value;
  return typeof value === 'string' ? value : undefined;
}
