/**
 * The one sleep of the project. Its abort rule: when the signal aborts (before or during
 * the wait) the promise rejects with the signal's reason, the way `timers/promises` does.
 * A caller that wants "stop waiting and carry on" catches; nobody mistakes a cancelled wait
 * for a finished one, which is what let a retry loop send one more request after Ctrl-C.
 */

/** Waits `ms` (at least 0); rejects with `signal.reason` when the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** True for the rejection of an aborted wait or call: the stop was asked for, not a failure. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
