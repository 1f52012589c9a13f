/** Exponential backoff with "equal jitter": never zero, never more than the cap. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000, maxAttempts: 8 };

/** Delay before retry number `attempt` (1-based); half fixed, half random. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
