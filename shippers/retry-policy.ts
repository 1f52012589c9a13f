/**
 * When a request to a cluster is sent again, decided once for the bulk requests and for the
 * engine question asked before them (`GET /`): a cluster that is restarting or briefly
 * unreachable must not end a run at its first request when it would not end it at a later one.
 */
import type { BackoffPolicy } from '../collectors/kernel/index.ts';

/**
 * How long a request to a cluster may wait for its answer when the run names no time
 * (`--request-timeout`'s default): a request given up on is one of the tries above.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** 200 ms doubling to 10 s, eight tries in all. */
export const BULK_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000, maxAttempts: 8 };

/**
 * Statuses worth asking again: a timeout on the way (408), the engine busy (429), the
 * server or a gateway in front of it failing or starting (5xx).
 */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
