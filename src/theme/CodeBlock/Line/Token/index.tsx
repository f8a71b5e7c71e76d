import Token from '@theme-original/CodeBlock/Line/Token';
import type { Props } from '@theme/CodeBlock/Line/Token';

/**
 * A code token, without a span of its own when it is plain text: "plain" tokens (spaces,
 * identifiers the grammar does not name) have no colour of their own (the block's colour is
 * theirs, plugins/code-theme), and they were 855 of /lessons/close's 3,163 elements: each one
 * styled and laid out on a phone for nothing (issue 24).
 */
export default function TokenWithoutPlainSpans(props: Props) {
  const { token, style } = props;
  const plain = token.types.length === 1 && token.types[0] === 'plain' && !style;
  return plain ? <>{props.children}</> : <Token {...props} />;
}
