import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lessons } from '../support/lessons';

/** The built site's HTML, as a browser with no JavaScript would get it. */
const siteDir = path.resolve(process.env['TEST_SITE_DIR'] ?? 'build');
const page = (route: string) => readFileSync(path.join(siteDir, `${route}.html`), 'utf8');

describe('lesson pages in the static HTML', () => {
  it('builds every lesson', () => {
    for (const { route } of lessons) assert.ok(existsSync(path.join(siteDir, `${route}.html`)), route);
  });

  it('draws each diagram as SVG in the page itself, with a text description', () => {
    for (const { route, diagrams } of lessons) {
      const html = page(route);
      const svgs = [...html.matchAll(/<svg[^>]*role=img[^>]*>([\s\S]*?)<\/svg>/g)].map((m) => m[1]!);
      for (const title of diagrams) {
        const svg = svgs.find((s) =>
          /<title[^>]*>([^<]*)<\/title>/.exec(s)?.[1]?.startsWith(title.replace(/&/g, '&amp;')),
        );
        assert.ok(svg, `${route}: no SVG titled "${title}"`);
        assert.match(svg, /<desc[^>]*>[^<]{40,}<\/desc>/, `${route}: "${title}" has a description`);
        assert.match(svg, /<line /, `${route}: "${title}" has arrows`);
      }
    }
  });

  it('puts the C reference programs in the page from their files', () => {
    const shown: Record<string, string> = {
      'lessons/close': 'reference/c/fork-refcount.c',
      'lessons/shutdown': 'reference/c/shut-rd.c',
      'lessons/select-client': 'reference/c/echo-client.c',
      'lessons/sigpipe-and-epipe': 'reference/c/delayed-echo-server.c',
      'lessons/time-wait-and-restart': 'reference/c/reuseaddr-restart.c',
      'lessons/leaving-a-blocked-call': 'reference/c/blocked-read.c',
    };
    for (const [route, file] of Object.entries(shown)) {
      const html = page(route);
      assert.ok(html.includes(file), `${route} names ${file}`);
      // A comment line of the file appears in the page's code block, as the file has it.
      const comment = readFileSync(path.resolve(__dirname, '../..', file), 'utf8')
        .split('\n')[0]!
        .slice(3, 40);
      const escaped = comment.replace(/'/g, '&#x27;');
      assert.ok(html.includes(comment) || html.includes(escaped), `${route} shows ${file} ("${comment}")`);
    }
  });

  it('has every think-question and its reference answer in the HTML, readable without JavaScript', () => {
    const html = page('lessons/close-vs-shutdown');
    assert.match(html, /why did the server(&#x27;|')s first write succeed/i);
    assert.match(html, /<details[^>]*><summary>Show the reference answer<\/summary>/);
  });

  it("has each lab scenario's outcome in the HTML, folded in a <details> a reader opens without JavaScript", () => {
    const html = page('lessons/close-vs-shutdown');
    const lookFor = [
      ...html.matchAll(
        /<details[^>]*><summary>What to look for \(the outcome: predict first[^<]*<\/summary>([\s\S]*?)<\/details>/g,
      ),
    ].map((m) => m[1]!);
    assert.ok(
      lookFor.some((list) => /the second fails with EPIPE/.test(list)),
      "the close run's outcome is in the page",
    );
    assert.doesNotMatch(html, /<details[^>]* open[^>]*><summary>What to look for/, 'and folded');
  });
});
