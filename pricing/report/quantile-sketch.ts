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

/**
 * A log-bucketed quantile sketch (the DDSketch idea): every value lands in a bucket whose
 * bounds differ by a fixed ratio, so any quantile is within `relativeAccuracy` of the true
 * value while memory stays bounded by the value range, not by how many values come in.
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

  constructor(relativeAccuracy = 0.01) {
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
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
    if (value < 1e-3) {
      this.zeros += count;
      return;
    }
    const index = Math.ceil(Math.log(value) / this.logGamma);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
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
    this.zeros += from.zeros;
    this.total += from.total;
    this.minValue = Math.min(this.minValue, from.minValue);
    this.maxValue = Math.max(this.maxValue, from.maxValue);
  }

  /** The q-quantile (0..1), or null when empty. Exact at the extremes. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    if (q <= 0) return this.minValue;
    if (q >= 1) return this.maxValue;
    const rank = q * (this.total - 1);
    let seen = this.zeros;
    if (rank < seen) return 0;
    const indexes = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      seen += this.buckets.get(index) ?? 0;
      if (rank < seen) {
        const estimate = (2 * this.gamma ** index) / (this.gamma + 1);
        return Math.min(this.maxValue, Math.max(this.minValue, estimate));
      }
    }
    return this.maxValue;
  }

  /** Bucket upper bounds and counts, ascending: the duration distribution for charts. */
  histogram(): Array<{ upperMs: number; count: number }> {
    const out: Array<{ upperMs: number; count: number }> = [];
    if (this.zeros > 0) out.push({ upperMs: 1e-3, count: this.zeros });
    const indexes = [...this.buckets.keys()].sort((a, b) => a - b);
    for (const index of indexes)
      out.push({ upperMs: this.gamma ** index, count: this.buckets.get(index) ?? 0 });
    return out;
  }
}
