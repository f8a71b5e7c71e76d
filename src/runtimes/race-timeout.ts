/**
 * `promise`'s outcome, or, if it has not settled within `ms`, what `onTimeout` returns (or throws);
 * the timer never outlives the race. The promise itself goes on: a caller that wants it stopped
 * stops it in `onTimeout`. The one timeout of the runtimes (a boot, a self-check, a connection,
 * a worker's goodbye).
 */
export function raceTimeout<T, U>(promise: Promise<T>, ms: number, onTimeout: () => U): Promise<T | U> {
  return new Promise<T | U>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
