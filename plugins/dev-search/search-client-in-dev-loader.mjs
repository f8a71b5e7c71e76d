// Loader for the dev server only (plugins/dev-search): the search plugin's client code answers
// "the index is only available after a build" whenever it is not a production bundle. The dev
// server serves a real index (dev-search-plugin.ts), so these files take their production path.
const PRODUCTION_CHECK = /process\.env\.NODE_ENV\s*===\s*["']production["']/g;

export default function searchClientInDevLoader(source) {
  const replaced = source.replace(PRODUCTION_CHECK, 'true');
  if (replaced === source) {
    this.emitError(
      new Error(`${this.resourcePath} no longer checks NODE_ENV: update plugins/dev-search for this version`),
    );
  }
  return replaced;
}
