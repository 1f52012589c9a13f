/**
 * The sketch against the exact nearest-rank quantile (the value of rank ⌈q·n⌉): never below
 * it and at most the sketch's relative accuracy above it, for small n, skewed data and every
 * accuracy, with seeded data so a failure can be replayed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPercentileStandIns, nearestRank } from '../../../pricing/report/percentile-rule.ts';
import { QuantileSketch } from '../../../pricing/report/quantile-sketch.ts';

/** mulberry32: a small seeded generator, so every run sees the same values. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Durations as Lambda reports them: whole hundredths of a millisecond. */
const hundredths = (ms: number) => Math.round(ms * 100) / 100;

type Distribution = (random: () => number, n: number) => number[];

const DISTRIBUTIONS: Record<string, Distribution> = {
  uniform: (r, n) => Array.from({ length: n }, () => hundredths(1 + r() * 2000)),
  'log-normal': (r, n) =>
    Array.from({ length: n }, () => {
      const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      return hundredths(Math.exp(5 + 1.2 * z));
    }),
  exponential: (r, n) => Array.from({ length: n }, () => hundredths(-300 * Math.log(1 - r()) + 0.01)),
  // A few huge outliers over a tight body: timeouts over a fast API.
  'timeouts over a fast body': (r, n) =>
    Array.from({ length: n }, (_, i) =>
      i % 97 === 13 ? hundredths(30_000 + r() * 60) : hundredths(400 + r() * 300),
    ),
  'one huge outlier': (r, n) =>
    Array.from({ length: n }, (_, i) => (i === 0 ? 900_000 : hundredths(1 + r() * 5))),
  'many ties': (r, n) => Array.from({ length: n }, () => [5, 50, 500, 5000][Math.floor(r() * 4)] as number),
  'with zeros': (r, n) => Array.from({ length: n }, () => (r() < 0.3 ? 0 : hundredths(r() * 100))),
  'fifteen minutes wide': (r, n) => Array.from({ length: n }, () => hundredths(0.01 * 9e7 ** r())),
};

const SIZES = [1, 2, 3, 4, 5, 10, 19, 20, 21, 99, 100, 101, 199, 200, 374, 1000, 10_007];
const QUANTILES = [0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999];

function exactNearestRank(sorted: readonly number[], q: number): number {
  return sorted[nearestRank(q, sorted.length) - 1] as number;
}

/** Never below the exact value, at most `accuracy` above it; 0 stays 0. */
function expectWithin(estimate: number | null, exact: number, accuracy: number, what: string): void {
  expect(estimate, what).not.toBeNull();
  expect(estimate as number, what).toBeGreaterThanOrEqual(exact);
  expect(estimate as number, what).toBeLessThanOrEqual(exact * (1 + accuracy));
}

describe('nearest rank', () => {
  it('is ⌈q·n⌉, clamped to 1..n, with no rank pushed up by floating point', () => {
    expect(nearestRank(0.99, 374)).toBe(371);
    expect(nearestRank(0.99, 100)).toBe(99);
    expect(nearestRank(0.99, 101)).toBe(100);
    expect(nearestRank(0.5, 10)).toBe(5);
    expect(nearestRank(0.5, 1)).toBe(1);
    expect(nearestRank(0.001, 3)).toBe(1);
    expect(nearestRank(0.95, 20)).toBe(19);
    expect(nearestRank(0.95, 19)).toBe(19);
    // 0.07 × 100 is 7.000000000000001 in floating point.
    expect(0.07 * 100).toBeGreaterThan(7);
    expect(nearestRank(0.07, 100)).toBe(7);
    expect(nearestRank(0.57, 100)).toBe(57);
    const wrong: string[] = [];
    for (let n = 1; n <= 2000; n++) {
      for (let percent = 1; percent < 100; percent++) {
        // The exact ⌈percent·n / 100⌉ in integers.
        const rank = nearestRank(percent / 100, n);
        if (rank !== Math.ceil((percent * n) / 100)) wrong.push(`${percent}% of ${n}: ${rank}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('quantile sketch', () => {
  for (const [name, generate] of Object.entries(DISTRIBUTIONS)) {
    it(`is within its accuracy of the exact nearest rank: ${name}`, () => {
      const random = seeded(0x5eed ^ name.length);
      for (const n of SIZES) {
        const values = generate(random, n);
        const sorted = [...values].sort((a, b) => a - b);
        for (const accuracy of [0.01, 0.005, 0.02]) {
          const sketch = new QuantileSketch(accuracy);
          for (const v of values) sketch.add(v);
          expect(sketch.count).toBe(n);
          expect(sketch.quantile(0)).toBe(sorted[0]);
          expect(sketch.quantile(1)).toBe(sorted[n - 1]);
          for (const q of [...QUANTILES, random()]) {
            expectWithin(
              sketch.quantile(q),
              exactNearestRank(sorted, q),
              accuracy,
              `${name} n=${n} α=${accuracy} q=${q}`,
            );
          }
        }
      }
    });
  }

  it('is within its accuracy for any values (property, seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 90_000_000 }), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0.0001, max: 0.9999, noNaN: true }),
        (hundredthsOfMs, q) => {
          const values = hundredthsOfMs.map((h) => h / 100);
          const sketch = new QuantileSketch();
          for (const v of values) sketch.add(v);
          const sorted = [...values].sort((a, b) => a - b);
          expectWithin(sketch.quantile(q), exactNearestRank(sorted, q), 0.01, `q=${q}`);
        },
      ),
      { seed: 20261031, numRuns: 2000 },
    );
  });

  it('gives a tail of timeouts as p99: 4 timeouts in 374 are ranks 371-374', () => {
    const sketch = new QuantileSketch();
    for (let i = 0; i < 370; i++) sketch.add(500 + i);
    for (const t of [30_003.66, 30_047.24, 30_052.34, 30_054.44]) sketch.add(t);
    // Rank ⌈0.99 × 374⌉ = 371 is the first timeout; its bucket's upper bound is above the
    // largest value, so the largest value is given.
    expect(sketch.quantile(0.99)).toBe(30_054.44);
    // Rank ⌈0.98 × 374⌉ = 367 is 866 ms: 1.01^680, the upper bound of its bucket.
    expect(sketch.quantile(0.98)).toBe(1.01 ** 680);
    expect(1.01 ** 679).toBeLessThan(866);
    expect(1.01 ** 680).toBeGreaterThanOrEqual(866);
  });

  it('gives the values themselves for one, two and three values', () => {
    const one = new QuantileSketch();
    one.add(1234.56);
    for (const q of QUANTILES) expect(one.quantile(q)).toBe(1234.56);
    const two = new QuantileSketch();
    two.add(1);
    two.add(100);
    // Rank ⌈0.5 × 2⌉ = 1: the smaller, 1 = 1.01^0 exactly; p99 is rank 2, the larger.
    expect(two.quantile(0.5)).toBe(1);
    expect(two.quantile(0.51)).toBe(100);
    expect(two.quantile(0.99)).toBe(100);
    const three = new QuantileSketch();
    for (const v of [0, 7, 3000]) three.add(v);
    expect(three.quantile(0.33)).toBe(0);
    expect(three.quantile(0.34)).toBe(1.01 ** 196);
    expect(three.quantile(0.67)).toBe(3000);
  });

  it('answers reads between adds and merges as a sketch built at once does', () => {
    // The bucket order is kept between reads: a new bucket, or a merge, must be seen.
    const sketch = new QuantileSketch();
    sketch.add(10);
    sketch.add(20);
    expect(sketch.quantile(0.99)).toBe(20);
    sketch.add(5000);
    expect(sketch.quantile(0.99)).toBe(5000);
    expect(sketch.histogram().map((b) => b.count)).toEqual([1, 1, 1]);
    const other = new QuantileSketch();
    for (const v of [1, 2, 3, 4]) other.add(v);
    sketch.merge(other);
    // Seven values: rank ⌈0.5 × 7⌉ = 4 is the value 4.
    expect(sketch.quantile(0.5)).toBe(1.01 ** Math.ceil(Math.log(4) / Math.log(1.01)));
    expect(sketch.histogram().length).toBe(7);
  });

  it('puts a bucket bound in its bucket and the next double above it in the next one', () => {
    const sketch = new QuantileSketch();
    const above = (x: number) => {
      const f = new Float64Array([x]);
      const bits = new BigInt64Array(f.buffer);
      bits[0] = (bits[0] as bigint) + 1n;
      return f[0] as number;
    };
    const wrong: number[] = [];
    for (let i = -694; i <= 1378; i++) {
      const bound = sketch.bucketUpperBound(i);
      if (sketch.bucketIndex(bound) !== i || sketch.bucketIndex(above(bound)) !== i + 1) wrong.push(i);
    }
    expect(wrong).toEqual([]);
  });

  it('counts every bucket once, however far apart the values and in whatever order they come', () => {
    // Buckets are counted in a window of consecutive indexes and, far from it, apart: every
    // value lands in its bucket either way, merged or added, with the same histogram.
    const random = seeded(11);
    const values = Array.from({ length: 5_000 }, (_, i) => {
      const r = random();
      // Mostly 1 ms to 15 minutes, now and then 1e-3 ms or up to 1e300 ms, beyond any window.
      if (i % 50 === 7) return 10 ** (300 * r);
      if (i % 50 === 9) return 0.001 + r * 0.001;
      return 900_000 ** r;
    });
    const sketch = new QuantileSketch();
    const expected = new Map<number, number>();
    for (const v of values) {
      sketch.add(v);
      const index = sketch.bucketIndex(v);
      expected.set(index, (expected.get(index) ?? 0) + 1);
    }
    const histogram = [...expected]
      .sort((a, b) => a[0] - b[0])
      .map(([index, count]) => ({ upperMs: sketch.bucketUpperBound(index), count }));
    expect(sketch.histogram()).toEqual(histogram);
    expect(sketch.bucketCount).toBe(expected.size);
    // Halves in the other order, merged: the same buckets.
    const late = new QuantileSketch();
    const early = new QuantileSketch();
    for (let i = values.length - 1; i >= 0; i--) (i < 2_500 ? early : late).add(values[i] as number);
    late.merge(early);
    expect(late.histogram()).toEqual(histogram);
    expect(late.quantile(0.5)).toBe(sketch.quantile(0.5));
    expect(late.quantile(0.999)).toBe(sketch.quantile(0.999));
  });

  it('finds every value’s bucket by its bounds, around each bound and each power of two', () => {
    // Buckets are found by cells of the value's bits below 2^20 ms, by the log above: both
    // must give the i with bound(i - 1) < value <= bound(i), the buckets a server counts.
    const random = seeded(5);
    const next = (x: number, by: number) => {
      const f = new Float64Array([x]);
      const bits = new BigInt64Array(f.buffer);
      bits[0] = (bits[0] as bigint) + BigInt(by);
      return f[0] as number;
    };
    for (const accuracy of [0.01, 0.02, 0.005]) {
      const sketch = new QuantileSketch(accuracy);
      const values = Array.from({ length: 100_000 }, () => 0.001 * 1e12 ** random());
      for (let i = -800; i <= 2_000; i++) {
        const bound = sketch.bucketUpperBound(i);
        values.push(bound, next(bound, 1), next(bound, -1));
      }
      for (let e = -10; e <= 21; e++) values.push(2 ** e, next(2 ** e, -1), next(2 ** e, 1));
      const wrong = values.filter((v) => {
        if (v < 0.001) return false;
        const i = sketch.bucketIndex(v);
        return !(sketch.bucketUpperBound(i - 1) < v && v <= sketch.bucketUpperBound(i));
      });
      expect(wrong, `accuracy ${accuracy}`).toEqual([]);
    }
  });

  it('keeps memory bounded by the value range: one bucket per 1% step, however many values', () => {
    const sketch = new QuantileSketch();
    for (let i = 0; i < 1_000_000; i++) sketch.add(1 + (i % 900_000));
    // 1 ms to 900,000 ms is buckets 1.01^0 to 1.01^1378 (below 100 ms whole numbers skip some).
    expect(Math.ceil(Math.log(900_000) / Math.log(1.01))).toBe(1378);
    expect(sketch.bucketCount).toBeLessThanOrEqual(1379);
    expect(sketch.bucketCount).toBeGreaterThan(1000);
    const wide = new QuantileSketch();
    const random = seeded(7);
    for (let i = 0; i < 200_000; i++) wide.add(random() < 0.01 ? 0 : 0.001 * 9e8 ** random());
    // 0.001 ms to 15 minutes is buckets 1.01^-694 to 1.01^1378; and the zero bucket.
    expect(Math.ceil(Math.log(0.001) / Math.log(1.01))).toBe(-694);
    expect(wide.bucketCount).toBeLessThanOrEqual(2074);
    expect(wide.bucketCount).toBeGreaterThan(2000);
  });
});

describe('percentile stand-ins', () => {
  it('give a server’s nearest-rank p50/p95/p99 back, p99 exactly, for every n', () => {
    const random = seeded(95);
    for (const n of [...SIZES, 37, 57]) {
      const sorted = DISTRIBUTIONS['timeouts over a fast body']!(random, n).sort((a, b) => a - b);
      const p = {
        p50: exactNearestRank(sorted, 0.5),
        p95: exactNearestRank(sorted, 0.95),
        p99: exactNearestRank(sorted, 0.99),
      };
      const sketch = new QuantileSketch();
      addPercentileStandIns(sketch, n, p);
      expect(sketch.count, `n=${n}`).toBe(n);
      expect(sketch.quantile(0.99), `n=${n}`).toBe(p.p99);
      expectWithin(sketch.quantile(0.95), p.p95, 0.01, `p95 n=${n}`);
      expectWithin(sketch.quantile(0.5), p.p50, 0.01, `p50 n=${n}`);
    }
  });
});
