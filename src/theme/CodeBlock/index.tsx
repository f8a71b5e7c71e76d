import { Children, isValidElement, type ReactNode } from 'react';
import type { Props } from '@theme/CodeBlock';
import ElementContent from '@theme/CodeBlock/Content/Element';
import StringContent from '@theme/CodeBlock/Content/String';

function maybeStringifyChildren(children: ReactNode): ReactNode {
  if (Children.toArray(children).some((el) => isValidElement(el))) return children;
  return Array.isArray(children) ? children.join('') : children;
}

/**
 * Docusaurus's CodeBlock without its re-mount after hydration (`key={isBrowser}`), which
 * existed to swap the light theme's inline token styles for the dark theme's. Our code theme
 * is the same in both colour modes (plugins/code-theme), so a code block hydrates once.
 */
export default function CodeBlock({ children: rawChildren, ...props }: Props) {
  const children = maybeStringifyChildren(rawChildren);
  return typeof children === 'string' ? (
    <StringContent {...props}>{children}</StringContent>
  ) : (
    <ElementContent {...props}>{children}</ElementContent>
  );
}
