import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packJson, toBase64Url } from '../../src/labs/share/link-codec';
import { MAX_PACKED_CHARS, openSharedRun, shareLink, sharedRunInFragment } from '../../src/labs/share/share-link';
import type { SharedRun } from '../../src/labs/share/shared-run';

const run: SharedRun = {
  v: 1,
  lab: 'close-vs-shutdown-c',
  files: [{ path: 'delayed-echo-server.c', content: '/* edited */\nint main(void) { return 0; }\n' }],
  outputs: [
    { process: 'server', text: '$ ./delayed-echo-server 7000 5000 default\nserver: listening\n' },
    { process: 'client', text: 'client: connected\ndata1\n' },
  ],
  kernel: [
    {
      kind: 'segment',
      timeUs: 1_000_000,
      from: { address: '127.0.0.1', port: 40000 },
      to: { address: '127.0.0.1', port: 7000 },
      flags: { syn: true, fin: false, rst: false, psh: false, ack: false },
      seq: 123,
      ack: 0,
      length: 0,
      window: 65495,
    },
    {
      kind: 'tcp-state',
      timeUs: 1_000_100,
      local: { address: '127.0.0.1', port: 40000 },
      remote: { address: '127.0.0.1', port: 7000 },
      from: 'SYN_SENT',
      to: 'ESTABLISHED',
      seenIn: 'tracepoint',
    },
  ],
};
const page = 'http://localhost:3000/lessons/close#lab-close-vs-shutdown-c';
const fragmentOf = (url: string) => url.slice(url.indexOf('#'));

describe('a run shared by link', () => {
  it('comes back as it was shared, from the link of the lesson page', async () => {
    const link = await shareLink(run, page);
    assert.ok(link.ok);
    assert.ok(link.url.startsWith('http://localhost:3000/lessons/close#share=close-vs-shutdown-c.'));
    assert.deepEqual(link.trimmed, []);
    const found = sharedRunInFragment(fragmentOf(link.url));
    assert.ok(found);
    assert.equal(found.lab, 'close-vs-shutdown-c');
    assert.deepEqual(await openSharedRun(found.packed, found.lab), run);
  });

  it('fits a link: long output keeps its end, then the events go, each said', async () => {
    // Output that does not compress (random), far beyond what a link holds.
    const noise = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 3)).join('');
    const long: SharedRun = {
      ...run,
      outputs: ['server', 'client', 'other'].map((process) => ({ process, text: noise(30_000) + 'the end\n' })),
    };
    const link = await shareLink(long, page);
    assert.ok(link.ok);
    assert.deepEqual(link.trimmed, ['the start of long terminal output']);
    assert.ok(link.chars <= MAX_PACKED_CHARS + page.length);
    const back = await openSharedRun(sharedRunInFragment(fragmentOf(link.url))!.packed, run.lab);
    assert.ok(back.outputs[0]!.text.endsWith('the end\n'));
    assert.equal(back.outputs[0]!.text.length, 2_000);
    assert.deepEqual(back.trimmed, ['the start of long terminal output']);
  });

  it('refuses files too large for a link, and says how large', async () => {
    const noise = Array.from({ length: 60_000 }, () => Math.random().toString(36).slice(2, 3)).join('');
    const link = await shareLink({ ...run, files: [{ path: 'a.c', content: noise }] }, page);
    assert.equal(link.ok, false);
    if (!link.ok)
      assert.match(
        link.error,
        new RegExp(
          `too large for a link: [\\d,]+ characters packed, and a link holds ${MAX_PACKED_CHARS.toLocaleString('en')}`,
        ),
      );
  });

  it('reads no run from other fragments', () => {
    for (const hash of [
      '',
      '#lab-close',
      '#share=',
      '#share=Lab.abc',
      '#share=lab.ab+c',
      '#share=lab',
      '#share=lab.abc#x',
    ])
      assert.equal(sharedRunInFragment(hash), null, hash);
  });

  it('says why a hostile or broken link carries no run, and shows nothing of it', async () => {
    const cases: [string, Promise<string>, RegExp][] = [
      ['not compressed', Promise.resolve(toBase64Url(new TextEncoder().encode('hello'))), /not compressed data/],
      [
        'not JSON',
        packJson(undefined).then(() => toBase64Url(new Uint8Array([1, 2, 3]))),
        /not compressed data|not readable/,
      ],
      ['another shape', packJson({ v: 2, lab: 'x' }), /not a shared run of this course/],
      ['another lab', packJson({ ...run, lab: 'other-lab' }), /carries a run of another/],
      ['a script for a lab id', packJson({ ...run, lab: '<script>' }), /not a shared run/],
      ['a bad event', packJson({ ...run, kernel: [{ kind: 'segment', timeUs: -1 }] }), /not a shared run/],
      [
        'too many files',
        packJson({ ...run, files: Array.from({ length: 21 }, (_, i) => ({ path: `f${i}`, content: '' })) }),
        /not a shared run/,
      ],
    ];
    for (const [what, packed, why] of cases) await assert.rejects(openSharedRun(await packed, run.lab), why, what);
  });

  it('stops unpacking a small link that would unpack to megabytes (a zip bomb)', async () => {
    const bomb = await packJson({ ...run, outputs: [{ process: 'server', text: 'a'.repeat(6 * 1024 * 1024) }] });
    assert.ok(bomb.length < 20_000, `${bomb.length} characters`);
    await assert.rejects(openSharedRun(bomb, run.lab), /unpacks to more than 4 MB/);
  });
});
