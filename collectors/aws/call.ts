/**
 * Every AWS call goes through `callAws`: it takes a token from the shared limiter, and on
 * throttling pauses the whole process with exponential backoff and jitter, then tries
 * again. Callers that must never give up (follow mode) pass `maxRetries: Infinity`.
 */
import type { Clock, Logger, Random, Sleep } from './context.ts';
import { classifyAwsError, isRetryableError, isThrottlingError } from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface CallContext {
  limiter: RateLimiter;
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  random?: Random;
  signal?: AbortSignal | undefined;
}

export interface BackoffPolicy {
  /** First backoff after a throttle, default 500 ms. */
  baseMs?: number;
  /** Backoff ceiling, default 20 s. */
  maxMs?: number;
  /** Retries of one call before giving up, default 8; Infinity for follow mode. */
  maxRetries?: number;
}

export interface CallObserver {
  onThrottled?(api: string, backoffMs: number): void;
  onSuccess?(api: string): void;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so waits never collapse to zero. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const base = policy.baseMs ?? 500;
  const max = policy.maxMs ?? 20_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs one AWS call under the limiter. `api` is the IAM action (`logs:FilterLogEvents`),
 * used for accounting and for AccessDenied messages.
 */
export async function callAws<T>(
  ctx: CallContext,
  api: string,
  run: (signal: AbortSignal | undefined) => Promise<T>,
  options: { policy?: BackoffPolicy; resource?: string; observer?: CallObserver } = {},
): Promise<T> {
  const policy = options.policy ?? {};
  const maxRetries = policy.maxRetries ?? 8;
  const random = ctx.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    await ctx.limiter.acquire(api, ctx.signal);
    try {
      const result = await run(ctx.signal);
      options.observer?.onSuccess?.(api);
      return result;
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? err;
      if (!isRetryableError(err) || attempt >= maxRetries) {
        throw classifyAwsError(err, api, options.resource);
      }
      const delay = backoffDelay(attempt, policy, random);
      if (isThrottlingError(err)) {
        // The quota is account-wide: everyone in this process waits, not just this caller.
        ctx.limiter.pauseUntil(ctx.clock.now() + delay);
        options.observer?.onThrottled?.(api, delay);
        ctx.logger.debug('throttled', { api, attempt, delayMs: delay });
      } else {
        ctx.logger.debug('retrying after transient error', { api, attempt, delayMs: delay });
        await ctx.sleep(delay, ctx.signal);
      }
    }
  }
}
