import { nearestRank } from './percentile-rule.ts';

/**
 * Everything a sketch holds, as plain data: it survives a structured clone (another
 * thread), where a sketch instance would lose its private fields.
 */
export interface QuantileSketchSnapshot {
  relativeAccuracy: number;
  /** Bucket index → count. */
  buckets: Map<number, number>;
  zeros: number;
  total: number;
  /** Infinity and -Infinity while empty, as in the sketch. */
  minValue: number;
  maxValue: number;
}

/** Values below this (ms) are counted as 0. */
export const ZERO_BELOW_MS = 1e-3;

/**
 * A log-bucketed quantile sketch (the DDSketch idea): every value lands in a bucket whose
 * bounds differ by a fixed ratio, so memory stays bounded by the value range, not by how many
 * values come in (with the default 1%, at most about 2,100 buckets from 1 µs to 15 minutes).
 *
 * Quantiles follow the product's rule, nearest rank (`percentile-rule.ts`): the bucket that
 * holds the value of rank ⌈q·n⌉ is found exactly, and its upper bound (or the largest value
 * seen, if lower) is given. So a quantile is never below the exact nearest-rank value and at
 * most `relativeAccuracy` above it, for any n and any distribution; the one exception is
 * values under 1 µs, counted as 0 (Lambda reports durations to 10 µs, so only 0 lands there).
 */
export class QuantileSketch {
  readonly relativeAccuracy: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly buckets = new Map<number, number>();
  private zeros = 0;
  private total = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;
  /** The bucket indexes in order, kept between reads: a report asks p50, p95 and p99 in turn. */
  private sortedIndexes: number[] | null = null;

  constructor(relativeAccuracy = 0.01) {
    this.relativeAccuracy = relativeAccuracy;
    // Bucket i holds (γ^(i-1), γ^i]: its upper bound is within γ - 1 = relativeAccuracy of
    // anything in it, on the side that never under-states a tail.
    this.gamma = 1 + relativeAccuracy;
    this.logGamma = Math.log(this.gamma);
  }

  get count(): number {
    return this.total;
  }

  get bucketCount(): number {
    return this.buckets.size + (this.zeros > 0 ? 1 : 0);
  }

  add(value: number, count = 1): void {
    if (!Number.isFinite(value) || value < 0 || count <= 0) return;
    this.total += count;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    if (value < ZERO_BELOW_MS) {
      this.zeros += count;
      return;
    }
    const index = this.bucketIndex(value);
    const had = this.buckets.get(index);
    if (had === undefined) this.sortedIndexes = null;
    this.buckets.set(index, (had ?? 0) + count);
  }

  /**
   * The bucket a value of at least `ZERO_BELOW_MS` lands in: the i with γ^(i-1) < value ≤ γ^i,
   * γ^i as `bucketUpperBound` computes it (the log's rounding corrected), so a server counting
   * values between those bounds fills the buckets this sketch would.
   */
  bucketIndex(value: number): number {
    const steps = Math.log(value) / this.logGamma;
    const index = Math.ceil(steps);
    // The log is off by far less than 1e-7 of a step (about 1e-12 at 15 minutes), so only a
    // value that close to a bound needs the bound computed: this keeps `add` at one log.
    if (index - steps > 1e-7 && steps - (index - 1) > 1e-7) return index;
    if (value > this.bucketUpperBound(index)) return index + 1;
    if (value <= this.bucketUpperBound(index - 1)) return index - 1;
    return index;
  }

  bucketUpperBound(index: number): number {
    return this.gamma ** index;
  }

  merge(other: QuantileSketch): void {
    const { buckets, zeros, total, minValue, maxValue } = other;
    this.addCounts({ buckets, zeros, total, minValue, maxValue });
  }

  /** A copy of the sketch's state, independent of later adds. */
  snapshot(): QuantileSketchSnapshot {
    return {
      relativeAccuracy: this.relativeAccuracy,
      buckets: new Map(this.buckets),
      zeros: this.zeros,
      total: this.total,
      minValue: this.minValue,
      maxValue: this.maxValue,
    };
  }

  /**
   * Adds a snapshot's values, exactly as if they had been added here: bucket counts add up.
   * Sketches of different accuracies bucket differently, so they cannot be merged.
   */
  mergeSnapshot(snap: QuantileSketchSnapshot): void {
    if (snap.relativeAccuracy !== this.relativeAccuracy) {
      throw new RangeError(
        `cannot merge a sketch of relative accuracy ${snap.relativeAccuracy} into one of ${this.relativeAccuracy}`,
      );
    }
    this.addCounts(snap);
  }

  /** Bucket counts add up: the merge of one sketch's state into another, exact. */
  private addCounts(from: Omit<QuantileSketchSnapshot, 'relativeAccuracy'>): void {
    for (const [index, n] of from.buckets) this.buckets.set(index, (this.buckets.get(index) ?? 0) + n);
    this.sortedIndexes = null;
    this.zeros += from.zeros;
    this.total += from.total;
    this.minValue = Math.min(this.minValue, from.minValue);
    this.maxValue = Math.max(this.maxValue, from.maxValue);
  }

  /**
   * The nearest-rank q-quantile (0..1): never below the value of rank ⌈q·n⌉, at most
   * `relativeAccuracy` above it; null when empty. Exact at the extremes.
   */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    if (q <= 0) return this.minValue;
    if (q >= 1) return this.maxValue;
    const rank = nearestRank(q, this.total);
    let seen = this.zeros;
    if (rank <= seen) return 0;
    for (const index of this.indexesInOrder()) {
      seen += this.buckets.get(index) ?? 0;
      if (rank <= seen) return Math.min(this.maxValue, this.bucketUpperBound(index));
    }
    return this.maxValue;
  }

  private indexesInOrder(): number[] {
    if (this.sortedIndexes === null) this.sortedIndexes = [...this.buckets.keys()].sort((a, b) => a - b);
    return this.sortedIndexes;
  }

  /** Bucket upper bounds and counts, ascending: the duration distribution for charts. */
  histogram(): Array<{ upperMs: number; count: number }> {
    const out: Array<{ upperMs: number; count: number }> = [];
    if (this.zeros > 0) out.push({ upperMs: ZERO_BELOW_MS, count: this.zeros });
    for (const index of this.indexesInOrder())
      out.push({ upperMs: this.bucketUpperBound(index), count: this.buckets.get(index) ?? 0 });
    return out;
  }
}
