/**
 * The injected context every AWS collector receives, so that retry, backoff, polling and
 * session expiry can run under fake timers and a test can watch the calls.
 */

/** Wall clock in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** Waits `ms`; rejects with the signal's reason when the signal aborts first. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Structured diagnostics; library code never writes to the console. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLogger: Logger = { debug: () => {}, warn: () => {} };

/** A timer-based sleep that honours abort signals. */
export const timerSleep: Sleep = (ms, signal) =>
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

/** Random source for jitter, injectable so backoff tests are deterministic. */
export type Random = () => number;
