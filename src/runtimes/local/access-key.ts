/**
 * The local runner's access key, when it was started with one (`npm start -- --with-key`):
 * the learner opens the link it printed, `…#runner-key=<key>`; the page keeps the key in this
 * browser (localStorage) and takes it out of the address bar.
 */
const PARAM = 'runner-key';
const STORAGE = 'tcp-course:runner-key';

export function accessKeyFromPage(): string | null {
  const location = globalThis.location as Location | undefined;
  if (!location) return null;
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get(PARAM);
  try {
    if (fromHash) {
      localStorage.setItem(STORAGE, fromHash);
      history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      return fromHash;
    }
    return localStorage.getItem(STORAGE);
  } catch {
    return fromHash;
  }
}
