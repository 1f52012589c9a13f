/**
 * A read from a search engine that waits out a busy or absent cluster instead of ending a
 * long report on the first refusal: the engine's "busy" (429), "unavailable" (503), a
 * gateway's timeout (504), a request that timed out or a connection that failed are tried
 * again with backoff, as the shipper's bulk requests are. Other answers (a 500, a proxy's
 * 502 error page, a 200 that is not the engine's) are faults a wait rarely mends: they end
 * the read at once, quoted. Each retry is told before its wait, with the engine's own words,
 * so the caller can say it; those words may quote the request (a proxy echoing the
 * Authorization header), and the caller that prints them scrubs them.
 */
import {
  type BackoffPolicy,
  backoffDelay,
  sleep as kernelSleep,
  type Random,
  type Sleep,
  systemRandom,
} from '../../collectors/kernel/index.ts';
import {
  type SearchClient,
  type SearchRequest,
  SearchRequestError,
  type SearchRequestOptions,
  type SearchResponse,
} from './search-client.ts';

/** Up to about a quarter of a minute of waiting in all (15.5 s at most) before the read is given up. */
export const SEARCH_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 10_000, maxAttempts: 6 };

const BUSY_STATUSES = new Set([429, 503, 504]);

/** True for a failure that waiting may mend. */
function worthWaiting(err: unknown): err is SearchRequestError {
  if (!(err instanceof SearchRequestError)) return false;
  if (err.kind === 'timeout' || err.kind === 'connection') return true;
  return err.kind === 'response' && err.status !== null && BUSY_STATUSES.has(err.status);
}

export interface SearchRetry {
  /** The try that failed, 1-based; the next is `attempt + 1`. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: SearchRequestError;
}

export interface SearchRetryOptions extends SearchRequestOptions {
  policy?: BackoffPolicy | undefined;
  onRetry?: ((retry: SearchRetry) => void) | undefined;
  sleep?: Sleep | undefined;
  random?: Random | undefined;
}

/** `client.request`, tried again while the failure is retryable and tries are left. */
export async function requestWithRetries<T>(
  client: SearchClient,
  request: SearchRequest,
  options: SearchRetryOptions = {},
): Promise<SearchResponse<T>> {
  const policy = options.policy ?? SEARCH_BACKOFF;
  const sleep = options.sleep ?? kernelSleep;
  const random = options.random ?? systemRandom;
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.request<T>(request, { timeoutMs: options.timeoutMs, signal: options.signal });
    } catch (err) {
      if (!worthWaiting(err) || attempt >= policy.maxAttempts || options.signal?.aborted) throw err;
      const delayMs = backoffDelay(policy, attempt, random);
      options.onRetry?.({ attempt, maxAttempts: policy.maxAttempts, delayMs, error: err });
      // A stop while waiting rejects with the stop's reason, as the request would have.
      await sleep(delayMs, options.signal);
    }
  }
}
