import { toBase64 } from '../../runtimes/local/size-checks';

/**
 * Text in a link: JSON compressed with the browser's own deflate (CompressionStream), in
 * base64url (RFC 4648 §5: no characters a URL fragment must escape). Decoding stops at
 * MAX_DECODED_BYTES, so a small link cannot unpack into a huge page (a "zip bomb").
 */
export const MAX_DECODED_BYTES = 4 * 1024 * 1024;

async function collect(stream: ReadableStream<Uint8Array>, cap: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw new Error(`it unpacks to more than ${Math.round(cap / 1024 / 1024)} MB`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

const through = (bytes: Uint8Array<ArrayBuffer>, transform: CompressionStream | DecompressionStream, cap = Infinity) =>
  collect(new Blob([bytes]).stream().pipeThrough(transform), cap);

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('it has characters a shared run never has');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function packJson(value: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  return toBase64Url(await through(json, new CompressionStream('deflate-raw')));
}

/** The JSON packed by packJson; throws with the reason in words when the text is not that. */
export async function unpackJson(text: string): Promise<unknown> {
  const packed = fromBase64Url(text);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await through(packed, new DecompressionStream('deflate-raw'), MAX_DECODED_BYTES);
  } catch (error) {
    const reason =
      error instanceof Error && error.message.startsWith('it ') ? error.message : 'it is not compressed data';
    throw new Error(reason);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw new Error('it is not readable text');
  }
}
