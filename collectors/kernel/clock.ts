/**
 * Time as an injected dependency, so polling, retry, expiry and deadlines run under fake
 * timers and a test can set the hour. Every layer reads the wall clock through a `Clock`.
 */

/** Wall clock in epoch milliseconds. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
