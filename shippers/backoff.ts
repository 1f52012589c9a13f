/** Exponential backoff with "equal jitter": never zero, never more than the cap. */
import { backoffDelay as equalJitterDelay } from '../collectors/aws/call.ts';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000, maxAttempts: 8 };

/** Delay before retry number `attempt` (1-based); half fixed, half random, as AWS calls back off. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  return equalJitterDelay(
    Math.max(0, attempt - 1),
    { baseMs: policy.initialMs, maxMs: policy.maxMs },
    random,
  );
}
