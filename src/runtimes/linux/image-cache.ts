/** The Cache API store that keeps the guest image between visits (guest-image.ts writes it). */
export const imageCacheName = 'linux-in-your-browser';

/**
 * Whether this browser keeps a guest image from an earlier visit (a C lab ran here before),
 * asked without creating the store or contacting the server.
 */
export async function hasCachedImage(): Promise<boolean> {
  try {
    if (typeof caches === 'undefined' || !(await caches.has(imageCacheName))) return false;
    return (await (await caches.open(imageCacheName)).keys()).length > 0;
  } catch {
    return false; // e.g. storage disabled
  }
}
