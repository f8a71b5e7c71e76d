import type { PrismTheme } from 'prism-react-renderer';

/**
 * Code themes whose every token meets WCAG AA contrast (4.5:1) on the theme's background.
 * The stock themes have tokens as low as 2.6:1; each failing colour is moved toward black
 * (light themes) or white (dark themes) just far enough.
 */
type Rgb = readonly [number, number, number];

function parse(color: string): Rgb | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color.trim());
  if (rgb) {
    const [r, g, b] = rgb[1]!.split(',').map((v) => Number.parseFloat(v));
    return [r!, g!, b!];
  }
  return null;
}

function luminance([r, g, b]: Rgb): number {
  const f = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const toHex = (rgb: Rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** `color`, mixed toward black or white until it reaches `min` contrast on `background`. */
export function readableOn(color: string, background: string, min = 4.5): string {
  const fg = parse(color);
  const bg = parse(background);
  if (!fg || !bg || contrast(fg, bg) >= min) return color;
  const target: Rgb = luminance(bg) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = fg.map((v, i) => v + (target[i]! - v) * t) as unknown as Rgb;
    if (contrast(mixed, bg) >= min + 0.05) return toHex(mixed);
  }
  return toHex(target);
}

export function accessible(theme: PrismTheme, min = 4.5): PrismTheme {
  const background = theme.plain.backgroundColor ?? '#ffffff';
  return {
    plain: { ...theme.plain, ...(theme.plain.color ? { color: readableOn(theme.plain.color, background, min) } : {}) },
    styles: theme.styles.map((s) => ({
      ...s,
      style: {
        ...s.style,
        ...(s.style.color ? { color: readableOn(s.style.color, background, min) } : {}),
        // Faded tokens (opacity) lose contrast too.
        ...(s.style.opacity !== undefined ? { opacity: 1 } : {}),
      },
    })),
  };
}
