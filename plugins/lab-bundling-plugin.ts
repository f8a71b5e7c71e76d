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
}

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
        if (styles) styles.test = LAB_ONLY_PACKAGES;
      }
      return {
        devServer: { headers: { ...isolationHeaders } },
      } as Record<string, unknown>;
    },
  };
}
