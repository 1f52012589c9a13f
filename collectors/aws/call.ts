/**
 * Every AWS call goes through `callAws`: it takes a token from the shared limiter, and on
 * throttling pauses the whole process with exponential backoff and jitter, then tries
 * again. Callers that must never give up (follow mode) pass `maxAttempts: Infinity`.
 */
import {
  type BackoffPolicy,
  backoffDelay,
  type Clock,
  type Logger,
  type Random,
  type Sleep,
} from '../kernel/index.ts';
import { classifyAwsError, isRetryableError, isThrottlingError } from './errors.ts';
import type { AwsSettingOrigins } from './origins.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface CallContext {
  limiter: RateLimiter;
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  random?: Random;
  signal?: AbortSignal | undefined;
  /** Where the clients' endpoints and Region came from, named when an endpoint cannot be reached. */
  origins?: AwsSettingOrigins | undefined;
}

export interface CallObserver {
  onThrottled?(api: string, backoffMs: number): void;
  onSuccess?(api: string): void;
}

/** AWS calls: 500 ms doubling to 20 s, nine tries in all. */
export const AWS_CALL_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 20_000, maxAttempts: 9 };

/**
 * Runs one AWS call under the limiter. `api` is the IAM action (`logs:FilterLogEvents`),
 * used for accounting and for AccessDenied messages.
 */
export async function callAws<T>(
  ctx: CallContext,
  api: string,
  run: (signal: AbortSignal | undefined) => Promise<T>,
  options: { policy?: Partial<BackoffPolicy>; resource?: string; observer?: CallObserver } = {},
): Promise<T> {
  const policy: BackoffPolicy = { ...AWS_CALL_BACKOFF, ...options.policy };
  const random = ctx.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    await ctx.limiter.acquire(api, ctx.signal);
    try {
      const result = await run(ctx.signal);
      options.observer?.onSuccess?.(api);
      return result;
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? err;
      if (!isRetryableError(err) || attempt + 1 >= policy.maxAttempts) {
        throw classifyAwsError(err, api, options.resource, ctx.origins);
      }
      const delay = backoffDelay(policy, attempt + 1, random);
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
