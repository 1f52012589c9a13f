/**
 * Memory advice reads the nearest-rank p99: a tail of slow invocations too small for an
 * interpolated or rank-q·(n−1) p99 to see (2 in 150: ranks 149 and 150, and ⌈0.99 × 150⌉ = 149)
 * keeps a size from being advised that would take them past the timeout.
 */
import { describe, expect, it } from 'vitest';
import { parsePrice } from '../../../pricing/money.ts';
import { QuantileSketch } from '../../../pricing/report/quantile-sketch.ts';
import { type MemoryUsage, memoryAdvice } from '../../../pricing/report/right-sizing.ts';

/** 148 invocations of `fastMs` and 2 of `slowMs` at one memory size. */
function usage(fastMs: number, slowMs: number): MemoryUsage {
  const durations = new QuantileSketch();
  durations.add(fastMs, 148);
  durations.add(slowMs, 2);
  return { count: 150, billedMs: BigInt(148 * fastMs + 2 * slowMs), durations, maxUsedMB: 100 };
}

const common = {
  configuredMB: 1024,
  timeouts: 0,
  ooms: 0,
  // p99 must stay under 80% of it: 8,000 ms.
  timeoutSeconds: 10,
  rate: parsePrice('0.0000166667'),
  headroomPct: 20,
};

describe('memory advice on a tail of 2 in 150', () => {
  it('with one size, goes no lower than keeps the slow ones inside the timeout if CPU-bound', () => {
    const byMemory = new Map([[1024, usage(500, 7_000)]]);
    expect(byMemory.get(1024)?.durations.quantile(0.99)).toBe(7_000);
    const advice = memoryAdvice({ ...common, byMemory });
    // 1024 × 7,000 / 8,000 = 896 MB; a p99 of 500 ms would have allowed 128 MB.
    expect(advice.recommendation).toBe('try 896 MB');
    expect(advice.note).toContain('p99 ≈ 8000 ms, inside the 10 s timeout');
  });

  it('with two sizes, fits the slow ones and stops where they would pass the timeout', () => {
    const byMemory = new Map([
      [512, usage(1_000, 7_400)],
      [1024, usage(500, 7_000)],
    ]);
    const advice = memoryAdvice({ ...common, byMemory });
    // p99 = 6,600 + 409,600 / MB: 7,880 ms at 320 MB, 8,200 at 256. With p99s of 1,000 and
    // 500 ms it would have been 512,000 / MB, inside 8,000 ms from 128 MB on.
    expect(advice.recommendation).toBe('lower to 320 MB');
    expect(advice.note).toContain('predicted p99 at 320 MB: 7880 ms');
  });
});
