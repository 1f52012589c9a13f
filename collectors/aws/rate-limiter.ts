import { type Clock, ConfigError, sleep as kernelSleep, type Sleep, systemClock } from '../kernel/index.ts';

/**
 * One budget shared by every log group and every AWS API the process calls: CloudWatch's
 * 5 TPS FilterLogEvents quota is per account and Region, so per-group budgets add up to a
 * throttle. Calls are spaced at least `1000 / ratePerSecond` ms (plus a small margin) apart,
 * so any one-second window holds at most `ratePerSecond` calls.
 */
export interface RateLimiter {
  /** Resolves when the caller may make one call. */
  acquire(api: string, signal?: AbortSignal): Promise<void>;
  /** Holds every caller back until `untilMs` (epoch ms): the server said slow down. */
  pauseUntil(untilMs: number): void;
  stats(): RateLimiterStats;
}

export interface RateLimiterStats {
  ratePerSecond: number;
  /** Calls granted, per API name. */
  calls: Record<string, number>;
  totalCalls: number;
  /** Total milliseconds callers spent waiting for a token. */
  waitedMs: number;
}

export interface RateLimiterConfig {
  /** Calls per second, default 4 (one below CloudWatch's 5 TPS to leave room for others). */
  ratePerSecond?: number;
  /** Extra spacing per call so network jitter cannot squeeze rate+1 calls into a second on the wire. Default 10 ms. */
  safetyMarginMs?: number;
  clock?: Clock;
  sleep?: Sleep;
}

export class RateLimiterConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimiterConfigError';
  }
}

/** Creates the process-wide limiter; pass the same instance to every collector. */
export function createRateLimiter(config: RateLimiterConfig = {}): RateLimiter {
  const ratePerSecond = config.ratePerSecond ?? 4;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new RateLimiterConfigError(
      `rate limiter: ratePerSecond must be a positive number, got ${ratePerSecond}`,
    );
  }
  const clock = config.clock ?? systemClock;
  const sleep = config.sleep ?? kernelSleep;
  const margin = config.safetyMarginMs ?? 10;
  if (!(margin >= 0))
    throw new RateLimiterConfigError(`rate limiter: safetyMarginMs must be >= 0, got ${margin}`);
  const spacing = 1000 / ratePerSecond + margin;
  let nextSlot = Number.NEGATIVE_INFINITY;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  const calls: Record<string, number> = {};
  let totalCalls = 0;
  let waitedMs = 0;

  async function acquire(api: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now();
      const slot = Math.max(now, nextSlot, pausedUntil);
      if (slot <= now) {
        nextSlot = now + spacing;
        calls[api] = (calls[api] ?? 0) + 1;
        totalCalls++;
        return;
      }
      // Reserve nothing while asleep: a pause may move the slot, so look again on waking.
      waitedMs += slot - now;
      await sleep(slot - now, signal);
    }
  }

  return {
    acquire,
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
    stats: () => ({ ratePerSecond, calls: { ...calls }, totalCalls, waitedMs }),
  };
}
