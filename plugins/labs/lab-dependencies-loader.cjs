// Runs before the MDX loader on each lesson and changes nothing in it: it tells the bundler that
// the lesson depends on the folder of every lab it embeds (<Lab id="…">) and on the course
// folders a lab may take files from. A lab's summary is put into the page by a remark plugin
// (remark-lab-summaries.ts), and the bundler cannot see that plugin read lab.json: without this,
// an edited lab.json left the lesson's cached build (and the dev server's page) stale.
// Plain CommonJS: the bundler requires its loaders without a TypeScript hook.
'use strict';

const path = require('node:path');

/** @param {string} source */
module.exports = function labDependenciesLoader(source) {
  /** @type {{ labsDir: string, courseDirs: string[] }} */
  const { labsDir, courseDirs } = this.getOptions();
  const ids = new Set(Array.from(source.matchAll(/<Lab\s[^>]*\bid="([^"]+)"/g), (m) => m[1]));
  if (ids.size === 0) return source;
  for (const id of ids) this.addContextDependency(path.join(labsDir, id));
  for (const dir of courseDirs) this.addContextDependency(dir);
  return source;
};
