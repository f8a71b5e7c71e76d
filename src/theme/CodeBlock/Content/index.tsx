import { useLayoutEffect, useRef, useState } from 'react';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import type { WrapperProps } from '@docusaurus/types';
import Content from '@theme-original/CodeBlock/Content';
import type ContentType from '@theme/CodeBlock/Content';

type Props = WrapperProps<typeof ContentType>;

/** While React hydrates the server's HTML; Docusaurus marks the end on `<html>`. */
const hydrating = () =>
  process.env['NODE_ENV'] === 'production' &&
  typeof document !== 'undefined' &&
  document.documentElement.getAttribute('data-has-hydrated') !== 'true';

/**
 * A code block's highlighted lines, tokenized only where nothing did it already. The static
 * HTML holds the highlighted code, the same in both colour modes (plugins/code-theme), so on
 * hydration the block keeps those lines as they are instead of running Prism again: on a
 * phone, tokenizing a lesson's code blocks was one of the longest tasks of the page load. A
 * block mounted later (client-side navigation) is highlighted as usual, and so is one that
 * finds no server HTML to keep.
 */
export default function ContentHighlightedOnce(props: Props) {
  const [keepServerHtml, setKeepServerHtml] = useState(hydrating);
  const { wordWrap } = useCodeBlockContext();
  const pre = useRef<HTMLPreElement | null>(null);
  useLayoutEffect(() => {
    if (keepServerHtml && !pre.current?.firstChild) setKeepServerHtml(false);
  }, [keepServerHtml]);
  if (!keepServerHtml) return <Content {...props} />;
  return (
    <pre
      ref={(element) => {
        pre.current = element;
        wordWrap.codeBlockRef.current = element;
      }}
      tabIndex={0}
      suppressHydrationWarning
      // Empty and unchanging: React adopts the server's lines and never touches them.
      dangerouslySetInnerHTML={{ __html: '' }}
    />
  );
}
