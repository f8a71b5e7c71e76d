import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { themes, type PrismTheme } from 'prism-react-renderer';
import { colorModeCodeTheme } from '../../plugins/code-theme/color-mode-code-theme';
import { accessible } from '../../src/prism/accessible-theme';

const light = accessible(themes.github);
const dark = accessible(themes.dracula);
const { theme, css } = colorModeCodeTheme(light, dark);

/** The custom properties a page in that colour mode ends up with (the dark rule overrides :root). */
function variablesIn(mode: 'light' | 'dark'): Map<string, string> {
  const blocks = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].map(([, selector, body]) => ({
    selector: selector!,
    body: body!,
  }));
  const variables = new Map<string, string>();
  for (const { selector, body } of blocks) {
    if (selector === ':root' || (mode === 'dark' && selector === "[data-theme='dark']")) {
      for (const [, name, value] of body.matchAll(/(--[\w-]+):([^;]+);/g)) variables.set(name!, value!);
    }
  }
  return variables;
}

/** A token type's style: the theme's entries naming it, with var() resolved as the browser does. */
function computed(source: PrismTheme, type: string, variables?: Map<string, string>): Record<string, string> {
  const style: Record<string, unknown> = Object.assign(
    {},
    ...source.styles.filter((s) => s.types.includes(type)).map((s) => s.style),
  );
  const out: Record<string, string> = {};
  for (const [property, value] of Object.entries(style)) {
    const resolved = variables ? variables.get(/^var\((--[\w-]+)\)$/.exec(String(value))![1]!) : String(value);
    // `initial` makes the var() invalid: the property is then not set at all.
    if (resolved !== undefined && resolved !== 'initial') out[property] = resolved;
  }
  return out;
}

describe('one code theme for both colour modes', () => {
  const types = [...new Set([...light.styles, ...dark.styles].flatMap((s) => s.types))];

  for (const [mode, original] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`gives every token type the ${mode} theme's style in ${mode} mode`, () => {
      const variables = variablesIn(mode);
      for (const type of types) assert.deepEqual(computed(theme, type, variables), computed(original, type), type);
      assert.equal(variables.get('--code-plain-color'), original.plain.color);
      assert.equal(variables.get('--code-plain-background-color'), original.plain.backgroundColor);
    });
  }

  it('renders the same markup in both modes: the theme itself holds only variables', () => {
    const values = [theme.plain, ...theme.styles.map((s) => s.style)].flatMap((style) => Object.values(style));
    assert.ok(values.length > 10);
    for (const value of values) assert.match(String(value), /^var\(--code-[\w-]+\)$/);
  });
});
