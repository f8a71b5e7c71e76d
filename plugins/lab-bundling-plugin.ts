import type { Plugin } from '@docusaurus/types';
import { isolationHeaders } from './isolation-headers';

/**
 * Packages that only the opened lab uses. Their CSS must stay in the lab's lazy chunk:
 * Docusaurus's `styles` cache group would otherwise merge it into the one global CSS file
 * that every page loads.
 */
const LAB_ONLY_PACKAGES = /^(?!.*[\\/]node_modules[\\/](monaco-editor|@xterm)[\\/])/;

interface CacheGroup {
  test?: unknown;
  chunks?: unknown;
}

/**
 * Docusaurus's route chunks are named (by route hash); the lab's lazy `import()` chunks and
 * Monaco's worker are not. The `common` group may only gather modules from route chunks:
 * otherwise modules shared between Monaco and its worker land in the chunk every page loads.
 */
const onlyRouteChunks = (chunk: { name?: string | null }) => Boolean(chunk.name);

export default function labBundlingPlugin(): Plugin {
  return {
    name: 'lab-bundling-plugin',
    configureWebpack(config, isServer) {
      if (!isServer) {
        const splitChunks = config.optimization?.splitChunks;
        const groups =
          splitChunks && typeof splitChunks === 'object'
            ? (splitChunks.cacheGroups as Record<string, CacheGroup | false> | undefined)
            : undefined;
        const styles = groups?.['styles'];
        if (styles) {
          styles.test = LAB_ONLY_PACKAGES;
          // Nor the CSS that only the opened lab's lazy chunks use: in the one global file, that
          // file's chunk joined the lab's chunk group, and prefetching the lab then asked for
          // it by a CSS name that does not exist (/assets/css/<id>.css, a 404: the CSS extract
          // runtime prefetches initial chunks' CSS as if they were lazy ones).
          styles.chunks = onlyRouteChunks;
        }
        const common = groups?.['common'];
        if (common) common.chunks = onlyRouteChunks;
      }
      return {
        devServer: { headers: { ...isolationHeaders } },
        // `import source from './program.c?raw'`: a file's text, so lessons show the C
        // reference programs from the files the tests compile, not from pasted copies.
        module: { rules: [{ resourceQuery: /raw/, type: 'asset/source' }] },
      } as Record<string, unknown>;
    },
  };
}
