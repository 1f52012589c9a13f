/**
 * A bounded set of fingerprints, oldest out first: what "seen before" means when the input
 * is endless. Entries live in a ring (insertion order, with the event time of each) and an
 * open-addressing table over it, in typed arrays: 32 bytes an entry (and 4 a counter) whatever the events
 * look like, allocated as the window fills, never past `capacity`. Each table slot holds
 * a tag beside the ring index, so that a probe reads one cache line, not two.
 *
 * Each entry may carry a few 32-bit counters of its owner's (`lanes` of them, zero when
 * added), kept beside it in one typed array and moved with it when the ring is rebuilt: a
 * count of copies per fingerprint costs no map of objects.
 *
 * An entry may be let go of quietly once its event time is below `keepFrom` (its owner
 * knows no query can return it again); any other entry pushed out by the bound is counted
 * in `overflow`, and `lostBelow` remembers the newest event time so forgotten: below it,
 * "not seen" can no longer be told from "forgotten".
 */

const EMPTY = 0;
const FIRST_CAPACITY = 1024;

/** Where a fingerprint's probe starts, and the tag kept in its slot: both from both halves. */
function mixed(hi: number, lo: number): number {
  return Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0x9e3779b1);
}

export class FingerprintWindow {
  readonly capacity: number;
  /** Counters per entry (see `value`). */
  readonly lanes: number;
  /** Entries pushed out by the bound while still inside the kept range. */
  overflow = 0;
  /** One past the newest event time of an entry pushed out by the bound (-Infinity when none). */
  lostBelow = Number.NEGATIVE_INFINITY;
  /** Entries whose event time is below this may be reused without counting. */
  keepFrom = Number.NEGATIVE_INFINITY;
  private hi = new Uint32Array(0);
  private lo = new Uint32Array(0);
  private time = new Float64Array(0);
  /** `lanes` counters per ring entry, entry after entry. */
  private values = new Uint32Array(0);
  /** Pairs of (tag, ring index + 1), 0 = empty; twice as many slots as ring entries. */
  private table = new Int32Array(0);
  private mask = 0;
  private shift = 32;
  private head = 0;
  private count = 0;
  /** The `keepFrom` of the last compaction (see `compacted`). */
  private compactedAt = Number.NaN;

  constructor(capacity: number, lanes = 0) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new RangeError(`dedupe window: capacity must be a whole number >= 1, got ${capacity}`);
    }
    this.capacity = capacity;
    this.lanes = lanes;
  }

  get size(): number {
    return this.count;
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi >>> 0, lo >>> 0) >= 0;
  }

  /** Adds the fingerprint; false (and nothing changes) when it is already there. */
  add(hi: number, lo: number, time = 0): boolean {
    if (this.find(hi >>> 0, lo >>> 0) >= 0) return false;
    this.put(hi, lo, time);
    return true;
  }

  /**
   * Where the fingerprint's entry is, for `value` and `setValue`, or -1. Valid until the next
   * `put`, `add` or `prune`, which may move entries.
   */
  locate(hi: number, lo: number): number {
    const slot = this.find(hi >>> 0, lo >>> 0);
    return slot < 0 ? -1 : (this.table[2 * slot + 1] as number) - 1;
  }

  /** Adds a fingerprint known not to be there, its counters zero; returns where it is (see `locate`). */
  put(hi: number, lo: number, time = 0): number {
    const h = hi >>> 0;
    const l = lo >>> 0;
    const ring = this.hi.length;
    if (ring === 0) {
      this.grow();
    } else if (this.count === ring && !this.compacted()) {
      const oldest = this.time[this.head] as number;
      const stillKept = !(oldest < this.keepFrom);
      if (ring < this.capacity && stillKept) {
        this.grow();
      } else {
        if (stillKept) {
          this.overflow++;
          if (oldest + 1 > this.lostBelow) this.lostBelow = oldest + 1;
        }
        this.evictHead();
      }
    }
    const at = (this.head + this.count) % this.hi.length;
    this.hi[at] = h;
    this.lo[at] = l;
    this.time[at] = time;
    this.values.fill(0, at * this.lanes, (at + 1) * this.lanes);
    this.count++;
    this.place(mixed(h, l), at);
    return at;
  }

  value(at: number, lane: number): number {
    return this.values[at * this.lanes + lane] as number;
  }

  setValue(at: number, lane: number, v: number): void {
    this.values[at * this.lanes + lane] = v;
  }

  /** Lets go of the oldest entries while their event time is below `keepFrom`. */
  prune(): void {
    while (this.count > 0 && (this.time[this.head] as number) < this.keepFrom) this.evictHead();
  }

  /**
   * When full, lets go of every entry below `keepFrom`, wherever it sits: one entry stamped
   * far ahead must not hold the ones behind it. Runs once per `keepFrom`, not on every add.
   */
  private compacted(): boolean {
    if (this.compactedAt === this.keepFrom) return false;
    this.compactedAt = this.keepFrom;
    const before = this.count;
    this.rebuild(this.hi.length, (t) => !(t < this.keepFrom));
    return this.count < before;
  }

  private place(m: number, at: number): void {
    const table = this.table;
    let slot = m >>> this.shift;
    while (table[2 * slot + 1] !== EMPTY) slot = (slot + 1) & this.mask;
    table[2 * slot] = m;
    table[2 * slot + 1] = at + 1;
  }

  /** The slot holding the fingerprint, or -1. */
  private find(hi: number, lo: number): number {
    if (this.count === 0) return -1;
    const table = this.table;
    const m = mixed(hi, lo);
    let slot = m >>> this.shift;
    for (;;) {
      const v = table[2 * slot + 1] as number;
      if (v === EMPTY) return -1;
      if (table[2 * slot] === m && this.hi[v - 1] === hi && this.lo[v - 1] === lo) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private evictHead(): void {
    const slot = this.find(this.hi[this.head] as number, this.lo[this.head] as number);
    if (slot >= 0) this.deleteSlot(slot);
    this.head = (this.head + 1) % this.hi.length;
    this.count--;
  }

  /** Linear probing's backward-shift delete: later entries of the probe run move up. */
  private deleteSlot(slot: number): void {
    const table = this.table;
    const mask = this.mask;
    let hole = slot;
    let j = slot;
    for (;;) {
      j = (j + 1) & mask;
      if (table[2 * j + 1] === EMPTY) break;
      const home = (table[2 * j] as number) >>> this.shift;
      // It stays unless its home lies cyclically outside (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!stays) {
        table[2 * hole] = table[2 * j] as number;
        table[2 * hole + 1] = table[2 * j + 1] as number;
        hole = j;
      }
    }
    table[2 * hole] = 0;
    table[2 * hole + 1] = EMPTY;
  }

  private grow(): void {
    this.rebuild(Math.min(this.capacity, Math.max(FIRST_CAPACITY, this.hi.length * 2)), () => true);
  }

  /** Copies the entries that `keep` accepts, in order, into a ring of `size`, and re-indexes them. */
  private rebuild(size: number, keep: (time: number) => boolean): void {
    const old = { hi: this.hi, lo: this.lo, time: this.time, values: this.values };
    const oldSize = old.hi.length;
    const lanes = this.lanes;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.time = new Float64Array(size);
    this.values = new Uint32Array(size * lanes);
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) % oldSize;
      const t = old.time[from] as number;
      if (!keep(t)) continue;
      this.hi[n] = old.hi[from] as number;
      this.lo[n] = old.lo[from] as number;
      this.time[n] = t;
      if (lanes > 0) this.values.set(old.values.subarray(from * lanes, (from + 1) * lanes), n * lanes);
      n++;
    }
    this.head = 0;
    this.count = n;
    let bits = 1;
    while (1 << bits < size * 2) bits++;
    this.table = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (let i = 0; i < n; i++) this.place(mixed(this.hi[i] as number, this.lo[i] as number), i);
  }
}
