/**
 * The headers that make a page cross-origin isolated, which the in-browser runtime
 * (WebContainer, SharedArrayBuffer) needs. Every server and host config of this site uses
 * these: the dev server, the preview server and the static host files.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
