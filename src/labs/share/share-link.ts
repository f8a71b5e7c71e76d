import { packJson, unpackJson } from './link-codec';
import { readSharedRun, SHARE_LIMITS, type SharedRun } from './shared-run';

export { sharedRunInFragment } from './share-fragment';

/**
 * The longest packed run a link carries. Browsers take far longer addresses; forums, chat apps
 * and mail clients cut some links near 32,000 characters or before, so a run is trimmed to fit.
 */
export const MAX_PACKED_CHARS = 32_000;

/** The shared run a fragment carries, checked; throws with the reason in words. */
export async function openSharedRun(packed: string, lab: string): Promise<SharedRun> {
  if (packed.length > MAX_PACKED_CHARS * 2) throw new Error('the link is longer than any this site makes');
  const read = readSharedRun(await unpackJson(packed));
  if (!read.ok) throw new Error(read.error);
  if (read.run.lab !== lab) throw new Error('the link names one lab and carries a run of another');
  return read.run;
}

const TAIL_CHARS = 2_000;

/** The run with only its files and terminals (what is left when the events do not fit). */
const withoutEvents = ({ v, lab, files, outputs }: SharedRun): SharedRun => ({ v, lab, files, outputs });

/** Smaller and smaller versions of a run, each saying what it left out. */
function* fittings(whole: SharedRun): Generator<SharedRun> {
  const capped = whole.outputs.some((o) => o.text.length > SHARE_LIMITS.outputChars);
  const run: SharedRun = capped
    ? {
        ...whole,
        outputs: whole.outputs.map((o) => ({ ...o, text: o.text.slice(-SHARE_LIMITS.outputChars) })),
        trimmed: ['the start of long terminal output'],
      }
    : whole;
  yield run;
  const tails = run.outputs.map((o) => ({ ...o, text: o.text.slice(-TAIL_CHARS) }));
  const cut = run.outputs.some((o) => o.text.length > TAIL_CHARS);
  const shortened: SharedRun = cut ? { ...run, outputs: tails, trimmed: ['the start of long terminal output'] } : run;
  if (cut) yield shortened;
  const events = run.kernel?.length ? 'the packets and socket states' : run.trace?.length ? 'the socket events' : null;
  if (events) yield { ...withoutEvents(shortened), trimmed: [...(shortened.trimmed ?? []), events] };
  if (run.outputs.length > 0)
    yield { ...withoutEvents(shortened), outputs: [], trimmed: ['the terminals’ output', ...(events ? [events] : [])] };
}

export type ShareLink =
  | { readonly ok: true; readonly url: string; readonly chars: number; readonly trimmed: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** The link to `run` on the page at `pageUrl` (its fragment replaced), trimmed to fit MAX_PACKED_CHARS. */
export async function shareLink(run: SharedRun, pageUrl: string): Promise<ShareLink> {
  let chars = 0;
  for (const fitting of fittings(run)) {
    const packed = await packJson(fitting);
    chars = packed.length;
    if (chars <= MAX_PACKED_CHARS) {
      const url = `${pageUrl.replace(/#.*$/, '')}#share=${run.lab}.${packed}`;
      return { ok: true, url, chars: url.length, trimmed: fitting.trimmed ?? [] };
    }
  }
  return {
    ok: false,
    error: `your changed files are too large for a link: ${chars.toLocaleString('en')} characters packed, and a link holds ${MAX_PACKED_CHARS.toLocaleString('en')}. Copy the files themselves instead.`,
  };
}
