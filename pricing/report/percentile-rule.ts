/**
 * The one percentile rule of the product, whatever the source: nearest rank. The q-quantile
 * of n values is the smallest value with at least q·n of the values at or below it, i.e. the
 * value of rank ⌈q·n⌉ in ascending order. It is always a value that was seen, never an
 * interpolation between two, so a p99 over a tail of timeouts is a timeout: memory advice
 * built on it cannot be talked into a size by a tail it averaged away.
 */

/** The 1-based rank of the q-quantile among n values (0 < q < 1, n ≥ 1). */
export function nearestRank(q: number, n: number): number {
  // q·n in floating point can land a hair above a whole number (0.07 × 100 gives
  // 7.000000000000001), which must not push the rank up by one.
  const exact = q * n;
  const rank = Math.ceil(exact - exact * 1e-12);
  return Math.min(n, Math.max(1, rank));
}

export interface ReportPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Anything that takes values with a count: a quantile sketch. */
interface CountedValues {
  add(value: number, count: number): void;
}

/**
 * Where a server gives only n values' p50/p95/p99, they stand in for the n values in whole
 * counts: p50 for the first ⌈n/2⌉, p95 up to rank ⌈0.95·n⌉, p99 for the rest and always for
 * at least one. A nearest-rank sketch then gives each back as its own p50/p95/p99 (within its
 * accuracy; where n is too small for ranks ⌈0.95·n⌉ and ⌈0.99·n⌉ to differ, its p95 is the
 * server's p99, which a nearest-rank server gives as the same value), and its p99 is the
 * server's p99 exactly, being its largest value.
 */
export function addPercentileStandIns(sketch: CountedValues, n: number, p: ReportPercentiles): void {
  if (n < 1) return;
  const at99 = Math.max(1, n - nearestRank(0.95, n));
  const at95 = Math.max(0, n - at99 - nearestRank(0.5, n));
  sketch.add(p.p50, n - at99 - at95);
  sketch.add(p.p95, at95);
  sketch.add(p.p99, at99);
}
