import type { RunnerLimits } from './protocol';

/**
 * The runner's size limits, checked in the page before anything is sent, so that a lab or a
 * paste the runner would refuse gets a clear message instead of a closed connection.
 */
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

export function tooManyFiles(count: number, limits: Pick<RunnerLimits, 'maxFiles'>): string | null {
  return count > limits.maxFiles
    ? `the lab has ${count} files; the local runner takes at most ${limits.maxFiles}`
    : null;
}

export function fileTooLarge(path: string, bytes: number, limits: Pick<RunnerLimits, 'maxFileBytes'>): string | null {
  return bytes > limits.maxFileBytes
    ? `${path} is ${kib(bytes)}, larger than ${kib(limits.maxFileBytes)}, the local runner's limit for one lab file`
    : null;
}

/** A paste is sent in pieces, but never more than the runner holds for a program that has not read it. */
export function inputTooLarge(chars: number, limits: Pick<RunnerLimits, 'maxPendingInputBytes'>): string | null {
  return chars > limits.maxPendingInputBytes
    ? `input not sent: it is ${chars} characters, more than the ${kib(limits.maxPendingInputBytes)} the local runner holds for a program`
    : null;
}

/** `text` in pieces of at most `max` characters, never splitting a surrogate pair. */
export function splitInput(text: string, max: number): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(at + max, text.length);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && end - at > 1 && code >= 0xd800 && code <= 0xdbff) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}

/** Base64 of `bytes`, in the page and in Node alike (btoa takes at most a few MiB of string at once). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}
