/**
 * The headers that make a page cross-origin isolated, which the in-browser runtime
 * (WebContainer, SharedArrayBuffer) needs. Every server and host config of this site uses
 * these: the dev server, the preview server, the `_headers` file, `vercel.json` (checked by a
 * test), the service worker for hosts without headers, and WebContainer's boot option.
 */
export const EMBEDDER_POLICY: 'require-corp' | 'credentialless' = 'require-corp';

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': EMBEDDER_POLICY,
} as const;

/** The `_headers` file Netlify and Cloudflare Pages read from the site's root. */
export function headersFile(): string {
  const lines = Object.entries(isolationHeaders).map(([name, value]) => `  ${name}: ${value}`);
  return `/*\n${lines.join('\n')}\n`;
}
