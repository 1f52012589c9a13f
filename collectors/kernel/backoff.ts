/**
 * The one retry policy: exponential backoff with "equal jitter" (half the capped delay
 * fixed, half random), so waits never collapse to zero and never pass the cap. AWS calls,
 * follow polling and Elasticsearch bulk requests all back off with it.
 */
import type { Random } from './random.ts';

export interface BackoffPolicy {
  /** Ceiling of the delay before the first retry, ms. */
  initialMs: number;
  /** Ceiling of any delay, ms. */
  maxMs: number;
  /** Tries in all, the first included; `Infinity` never gives up (follow mode). */
  maxAttempts: number;
}

/** Delay before retry number `retry` (1-based): within [ceiling/2, ceiling] of the capped exponential. */
export function backoffDelay(
  policy: Pick<BackoffPolicy, 'initialMs' | 'maxMs'>,
  retry: number,
  random: Random,
): number {
  const exponent = Math.min(Math.max(0, retry - 1), 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
