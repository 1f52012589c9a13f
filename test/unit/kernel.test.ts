import { describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  ConfigError,
  isAbortError,
  isRetryable,
  LambdalensError,
  sleep,
  UsageError,
} from '../../collectors/kernel/index.ts';

describe('kernel sleep', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const p = sleep(1000).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await p;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects with the signal reason when aborted during the wait, and at once when already aborted', async () => {
    const during = new AbortController();
    const waiting = sleep(60_000, during.signal);
    during.abort();
    const err = await waiting.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);

    const before = new AbortController();
    const reason = new Error('stop now');
    before.abort(reason);
    await expect(sleep(0, before.signal)).rejects.toBe(reason);
  });
});

describe('kernel backoff', () => {
  it('stays within [half, full] of the capped exponential delay', () => {
    const policy = { initialMs: 100, maxMs: 1_000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 3, () => 0)).toBe(200);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 1_000, () => 0.5)).toBe(750);
  });
});

describe('kernel errors', () => {
  it('carries name, cause, retryable and hint; usage and config errors sit beneath the base', () => {
    const cause = new Error('socket hang up');
    const e = new LambdalensError('bulk failed', { cause, retryable: true, hint: 'check --es-url' });
    expect([e.name, e.cause, e.retryable, e.hint]).toEqual([
      'LambdalensError',
      cause,
      true,
      'check --es-url',
    ]);
    expect(isRetryable(e)).toBe(true);
    const usage = new UsageError('--since: cannot read "x"');
    const config = new ConfigError('--config: not JSON');
    expect([usage.name, usage instanceof LambdalensError, usage.retryable]).toEqual([
      'UsageError',
      true,
      false,
    ]);
    expect([config.name, config instanceof LambdalensError, isRetryable(config)]).toEqual([
      'ConfigError',
      true,
      false,
    ]);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});
