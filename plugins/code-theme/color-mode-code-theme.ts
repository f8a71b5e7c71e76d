import type { PrismTheme } from 'prism-react-renderer';

type Style = PrismTheme['plain'];
type Property = keyof Style;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const variable = (type: string, property: Property) => `--code-${type}-${kebab(property)}`;

/** What a token of one type looks like in a theme: every entry naming the type, in order. */
function styleOf(theme: PrismTheme, type: string): Style {
  return Object.assign({}, ...theme.styles.filter((s) => !s.languages && s.types.includes(type)).map((s) => s.style));
}

/**
 * `initial` where a theme leaves a property unset: the variable is then invalid, so the
 * property is not set either (the token inherits the code's colour, as in that theme).
 */
function declarations(values: [string, unknown][]): string {
  return values.map(([name, value]) => `${name}:${value === undefined ? 'initial' : String(value)};`).join('');
}

/**
 * One code theme for both colour modes: every token's style is a CSS variable, and the
 * variables take the light theme's values, or the dark theme's under `[data-theme='dark']`.
 *
 * Docusaurus styles code tokens inline from the theme of the current colour mode. The static
 * HTML is always rendered in the light theme, so on a dark page the inline styles would be
 * wrong after hydration; Docusaurus's CodeBlock therefore re-mounts every code block right
 * after hydration, tokenizing and building it a second time (a long main-thread task on every
 * page with code). With this theme the markup is the same in both modes, so the code blocks
 * hydrate once (src/theme/CodeBlock) and the colour mode is pure CSS.
 */
export function colorModeCodeTheme(light: PrismTheme, dark: PrismTheme): { theme: PrismTheme; css: string } {
  const types = [...new Set([...light.styles, ...dark.styles].flatMap((s) => s.types))].sort();
  const properties = (type: string) =>
    [...new Set([...Object.keys(styleOf(light, type)), ...Object.keys(styleOf(dark, type))])] as Property[];
  const plainProperties = [...new Set([...Object.keys(light.plain), ...Object.keys(dark.plain)])] as Property[];

  const theme: PrismTheme = {
    plain: Object.fromEntries(plainProperties.map((p) => [p, `var(${variable('plain', p)})`])),
    styles: types.map((type) => ({
      types: [type],
      style: Object.fromEntries(properties(type).map((p) => [p, `var(${variable(type, p)})`])),
    })),
  };
  const valuesOf = (source: PrismTheme) =>
    declarations([
      ...plainProperties.map((p): [string, unknown] => [variable('plain', p), source.plain[p]]),
      ...types.flatMap((type) => {
        const style = styleOf(source, type);
        return properties(type).map((p): [string, unknown] => [variable(type, p), style[p]]);
      }),
    ]);
  return { theme, css: `:root{${valuesOf(light)}}[data-theme='dark']{${valuesOf(dark)}}` };
}
