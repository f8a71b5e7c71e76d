import { useEffect, useSyncExternalStore, type CSSProperties } from 'react';
import clsx from 'clsx';
import type { Highlight as RealHighlight, PrismTheme } from 'prism-react-renderer';
import { deferredPrism } from './deferred-marker';
import { loadPrism, loadedPrism, onPrismLoaded } from './load-prism';

/** `prism-react-renderer` in the browser bundle: Prism loads when a code block first needs it. */
export const Prism = deferredPrism;

type Props = Parameters<typeof RealHighlight>[0];
type RenderProps = Parameters<Props['children']>[0];
type Token = RenderProps['tokens'][number][number];

const subscribe = (changed: () => void) => onPrismLoaded(changed);

/**
 * Prism's `Highlight`: the real one once Prism has loaded; until then the same markup with
 * each line as one plain token (the code readable at once, coloured a moment later).
 */
export function Highlight(props: Props) {
  const prism = useSyncExternalStore(subscribe, loadedPrism, () => null);
  useEffect(() => {
    if (!prism) loadPrism().catch(() => {});
  }, [prism]);
  if (prism) return <prism.Highlight {...props} />;
  return props.children(plainRender(props.code, props.language, props.theme));
}

function plainRender(code: string, language: string, theme: PrismTheme | undefined): RenderProps {
  const plain: CSSProperties = { ...theme?.plain };
  const tokens: Token[][] = code
    .split(/\r\n|\r|\n/)
    .map((content) => [content ? { types: ['plain'], content } : { types: ['plain'], content: '\n', empty: true }]);
  return {
    tokens,
    className: `prism-code language-${language.toLowerCase()}`,
    style: plain,
    getLineProps: ({ className, style, line: _line, ...rest }) => ({
      ...rest,
      className: clsx('token-line', className),
      style: { ...plain, backgroundColor: undefined, ...style },
    }),
    getTokenProps: ({ token, className, style, ...rest }) => ({
      ...rest,
      className: clsx('token', ...token.types, className),
      children: token.content,
      ...(token.empty || style ? { style: { ...(token.empty ? { display: 'inline-block' } : {}), ...style } } : {}),
    }),
  };
}
