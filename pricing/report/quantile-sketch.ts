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
 * The widest run of bucket indexes counted in place: 4096 buckets of 1% span 1 µs to past
 * 15 minutes (about 2,100) with room to spare, in 32 KiB.
 */
const MAX_WINDOW = 4096;
/** The first window's width: one function's durations widen it a few times at most. */
const FIRST_WINDOW = 64;

/**
 * Counts by bucket index. A cost report adds one duration per invocation, and looking its
 * bucket up in a Map and setting it again took twice what finding the bucket took: so the
 * buckets of a run of consecutive indexes are counted in a Float64Array, widened to take
 * each new index as long as the run stays within MAX_WINDOW. An index that would widen it
 * past that (a duration far from all the others) is counted in a Map: memory stays bounded
 * by the value range, as with the Map alone. The window only ever widens, so an index once
 * in the Map could never fit in it: each index is counted in one place.
 */
class BucketCounts {
  private window = new Float64Array(0);
  /** The index counted at `window[0]`. */
  private low = 0;
  private readonly outliers = new Map<number, number>();
  /** Buckets with a count. */
  size = 0;

  /** Adds `n` to the bucket's count; whether the bucket had none. */
  add(index: number, n: number): boolean {
    const at = index - this.low;
    const window = this.window;
    if (at >= 0 && at < window.length) {
      const had = window[at] as number;
      window[at] = had + n;
      if (had !== 0 || n === 0) return false;
      this.size++;
      return true;
    }
    if (this.widen(index)) return this.add(index, n);
    const had = this.outliers.get(index);
    this.outliers.set(index, (had ?? 0) + n);
    if (had !== undefined) return false;
    this.size++;
    return true;
  }

  get(index: number): number {
    const at = index - this.low;
    if (at >= 0 && at < this.window.length) return this.window[at] as number;
    return this.outliers.get(index) ?? 0;
  }

  /** The indexes with a count, ascending. */
  indexes(): number[] {
    const outliers = [...this.outliers.keys()].sort((a, b) => a - b);
    const out: number[] = [];
    let k = 0;
    while (k < outliers.length && (outliers[k] as number) < this.low) out.push(outliers[k++] as number);
    const window = this.window;
    for (let i = 0; i < window.length; i++) if (window[i] !== 0) out.push(this.low + i);
    while (k < outliers.length) out.push(outliers[k++] as number);
    return out;
  }

  /**
   * Makes the window take `index` when it stays within MAX_WINDOW, room to spare on the side
   * it grew towards; false when it would not.
   */
  private widen(index: number): boolean {
    const old = this.window;
    const first = old.length === 0;
    const from = first ? index : Math.min(this.low, index);
    const to = first ? index + 1 : Math.max(this.low + old.length, index + 1);
    if (to - from > MAX_WINDOW) return false;
    const width = Math.min(MAX_WINDOW, Math.max(to - from, 2 * old.length, FIRST_WINDOW));
    const low = first ? index - (width >> 1) : index < this.low ? to - width : this.low;
    const window = new Float64Array(width);
    if (!first) window.set(old, this.low - low);
    this.window = window;
    this.low = low;
    return true;
  }
}

/** Cell tables by relative accuracy. */
const CELL_TABLES = new Map<number, CellTable>();

/** A double's bits: its high 32 (sign, exponent and the top of the fraction) read after it is written. */
const DOUBLE = new Float64Array(1);
const WORDS = new Uint32Array(DOUBLE.buffer);
const HIGH_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Bits of the fraction that split each power of two into cells: 256 cells of at most 0.4%. */
const CELL_BITS = 8;
/** The powers of two the cells cover: 2^-10 ms (under 1 µs) to 2^20 ms (past 15 minutes). */
const CELLS_FROM = 2 ** -10;
const CELLS_TO = 2 ** 20;

/** The cell a positive double from CELLS_FROM to CELLS_TO is in: its exponent and the top of its fraction. */
function cellOf(value: number): number {
  DOUBLE[0] = value;
  return (WORDS[HIGH_WORD] as number) >>> (20 - CELL_BITS);
}

/**
 * Each cell's bucket, for finding a value's bucket without a logarithm: a cell spans less
 * than one bucket (0.4% against 1%), so a value is in its cell's first bucket (the one of
 * the cell's lowest value) or, above that bucket's upper bound, in the next one. The bounds
 * are the sketch's own (`bucketUpperBound`), so the bucket is the one the logarithm gives.
 * A log a duration was a fifth of what adding up a REPORT cost.
 */
interface CellTable {
  firstCell: number;
  /** By cell from `firstCell`: the bucket of the cell's lowest value. */
  buckets: Int32Array;
  /** Upper bounds of buckets from `low` on. */
  bounds: Float64Array;
  low: number;
}

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
  private readonly buckets = new BucketCounts();
  private zeros = 0;
  private total = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;
  /** The bucket indexes in order, kept between reads: a report asks p50, p95 and p99 in turn. */
  private sortedIndexes: number[] | null = null;
  /** Shared by the sketches of one accuracy; none for a finer one than the cells can tell apart. */
  private readonly cells: CellTable | null;

  constructor(relativeAccuracy = 0.01) {
    this.relativeAccuracy = relativeAccuracy;
    // Bucket i holds (γ^(i-1), γ^i]: its upper bound is within γ - 1 = relativeAccuracy of
    // anything in it, on the side that never under-states a tail.
    this.gamma = 1 + relativeAccuracy;
    this.logGamma = Math.log(this.gamma);
    this.cells = this.cellTable();
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
    if (this.buckets.add(this.bucketIndex(value), count)) this.sortedIndexes = null;
  }

  /**
   * The bucket a value of at least `ZERO_BELOW_MS` lands in: the i with γ^(i-1) < value ≤ γ^i,
   * γ^i as `bucketUpperBound` computes it (the log's rounding corrected), so a server counting
   * values between those bounds fills the buckets this sketch would.
   */
  bucketIndex(value: number): number {
    const cells = this.cells;
    if (cells !== null && value >= CELLS_FROM && value < CELLS_TO) {
      const index = cells.buckets[cellOf(value) - cells.firstCell] as number;
      return value > (cells.bounds[index - cells.low] as number) ? index + 1 : index;
    }
    return this.bucketIndexByLog(value);
  }

  /** `bucketIndex` by the logarithm of the value. */
  private bucketIndexByLog(value: number): number {
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

  /** The cells of this sketch's accuracy (see CellTable), made once for all its sketches. */
  private cellTable(): CellTable | null {
    // A cell spans up to 2^-CELL_BITS: it must stay within two buckets.
    if (!(this.gamma >= 1 + 2 ** (1 - CELL_BITS))) return null;
    let table = CELL_TABLES.get(this.relativeAccuracy);
    if (table !== undefined) return table;
    const firstCell = cellOf(CELLS_FROM);
    const count = cellOf(CELLS_TO) - firstCell;
    const buckets = new Int32Array(count);
    for (let c = 0; c < count; c++) {
      // The cell's lowest value: its power of two and the top of the fraction, the rest zero.
      WORDS[HIGH_WORD] = (firstCell + c) << (20 - CELL_BITS);
      WORDS[1 - HIGH_WORD] = 0;
      buckets[c] = this.bucketIndexByLog(DOUBLE[0] as number);
    }
    const low = buckets[0] as number;
    const bounds = new Float64Array((buckets[count - 1] as number) - low + 1);
    for (let i = 0; i < bounds.length; i++) bounds[i] = this.bucketUpperBound(low + i);
    table = { firstCell, buckets, bounds, low };
    CELL_TABLES.set(this.relativeAccuracy, table);
    return table;
  }

  merge(other: QuantileSketch): void {
    this.addCounts(other.snapshot());
  }

  /** A copy of the sketch's state, independent of later adds. */
  snapshot(): QuantileSketchSnapshot {
    return {
      relativeAccuracy: this.relativeAccuracy,
      buckets: new Map(this.indexesInOrder().map((index) => [index, this.buckets.get(index)])),
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
    for (const [index, n] of from.buckets) this.buckets.add(index, n);
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
      seen += this.buckets.get(index);
      if (rank <= seen) return Math.min(this.maxValue, this.bucketUpperBound(index));
    }
    return this.maxValue;
  }

  private indexesInOrder(): number[] {
    if (this.sortedIndexes === null) this.sortedIndexes = this.buckets.indexes();
    return this.sortedIndexes;
  }

  /** Bucket upper bounds and counts, ascending: the duration distribution for charts. */
  histogram(): Array<{ upperMs: number; count: number }> {
    const out: Array<{ upperMs: number; count: number }> = [];
    if (this.zeros > 0) out.push({ upperMs: ZERO_BELOW_MS, count: this.zeros });
    for (const index of this.indexesInOrder())
      out.push({ upperMs: this.bucketUpperBound(index), count: this.buckets.get(index) });
    return out;
  }
}
