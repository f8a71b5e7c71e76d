import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { themes } from 'prism-react-renderer';
import { accessible, contrast } from '../../src/prism/accessible-theme';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

describe('accessible code themes', () => {
  for (const name of ['github', 'dracula'] as const) {
    it(`${name}: every token reaches 4.5:1 on the background`, () => {
      const theme = accessible(themes[name]);
      const bg = theme.plain.backgroundColor!;
      const toRgb = (c: string) =>
        c.startsWith('#')
          ? rgb(c)
          : (c
              .match(/[\d.]+/g)!
              .slice(0, 3)
              .map(Number) as [number, number, number]);
      for (const style of theme.styles) {
        if (!style.style.color) continue;
        const ratio = contrast(toRgb(style.style.color), toRgb(bg));
        assert.ok(ratio >= 4.5, `${style.types.join(',')}: ${style.style.color} is ${ratio.toFixed(2)}:1`);
      }
    });
  }
});
