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

export function inputTooLarge(chars: number, limits: Pick<RunnerLimits, 'maxInputChars'>): string | null {
  return chars > limits.maxInputChars
    ? `input not sent: it is ${chars} characters, more than the ${limits.maxInputChars} the local runner takes at once`
    : null;
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
