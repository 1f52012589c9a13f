import { type Clock, ConfigError, sleep as kernelSleep, type Sleep, systemClock } from '../kernel/index.ts';

/**
 * One budget shared by every log group and every AWS API the process calls: CloudWatch's
 * 5 TPS FilterLogEvents quota is per account and Region, so per-group budgets add up to a
 * throttle. Any window of one second (plus a margin) holds at most `ratePerSecond` calls:
 * a call waits only for the one `ratePerSecond` calls before it to leave the window. Calls
 * spaced evenly instead kept the same bound but made a run of pages wait out a quarter of a
 * second before nearly every call, even its second (reading 100,000 events of history: 11
 * calls over 3.2 s, most of it that wait).
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
  /**
   * How much longer than a second the window is, so that network jitter cannot squeeze
   * rate+1 calls into a second on the wire. Default 100 ms: a whole window's calls can go
   * together, so one window's late arrival must not meet the next one's early one.
   */
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
  const margin = config.safetyMarginMs ?? 100;
  if (!(margin >= 0))
    throw new RateLimiterConfigError(`rate limiter: safetyMarginMs must be >= 0, got ${margin}`);
  // A rate below one a second is one call in a longer window.
  const perWindow = Math.max(1, Math.floor(ratePerSecond));
  const windowMs = (1000 * perWindow) / ratePerSecond + margin;
  // The times of the last `perWindow` calls granted, a ring: `granted[oldest]` is the one
  // the next call waits to leave the window.
  const granted = new Array<number>(perWindow).fill(Number.NEGATIVE_INFINITY);
  let oldest = 0;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  const calls: Record<string, number> = {};
  let totalCalls = 0;
  let waitedMs = 0;

  async function acquire(api: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now();
      const slot = Math.max(now, (granted[oldest] as number) + windowMs, pausedUntil);
      if (slot <= now) {
        granted[oldest] = now;
        oldest = (oldest + 1) % perWindow;
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
