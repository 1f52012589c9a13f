/**
 * A map that keeps what was used lately and forgets the rest, in bounded memory.
 *
 * Two generations instead of a strict LRU: a hit in the young map costs one lookup and no
 * reordering, and forgetting drops the old generation whole. A Map's own first key is not
 * used to evict: after many deletions at its front V8 steps over every deleted slot to find
 * it (see collectors/correlator/open-order.ts), so each eviction would cost the bound.
 */
export class RecentMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;
  /** Entries forgotten so far (a key kept in both generations counts once, when it goes). */
  forgotten = 0;

  /**
   * Holds at most `bound` entries: the last `bound / 2` used are always among them.
   * `onForget` is told of each entry as it is forgotten, so that its owner can keep what
   * the entry bounded (the newest time forgotten, say) without the entry.
   */
  constructor(
    bound: number,
    private readonly onForget?: (value: V, key: K) => void,
  ) {
    if (!(bound >= 2)) throw new RangeError('a recent map holds at least 2 entries');
    this.generation = Math.floor(bound / 2);
  }

  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    // Used again: it moves to the young generation, so that it outlives the next turnover
    // (and is not told forgotten by the turnover its move may begin).
    if (aged !== undefined) {
      this.old.delete(key);
      this.set(key, aged);
    }
    return aged;
  }

  set(key: K, value: V): void {
    if (!this.young.has(key) && this.young.size >= this.generation) {
      this.forgetOld();
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** Entries held. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Counts (and tells) the old generation's entries not used again, which go now. */
  private forgetOld(): void {
    if (this.onForget === undefined) {
      for (const key of this.old.keys()) if (!this.young.has(key)) this.forgotten++;
      return;
    }
    for (const [key, value] of this.old) {
      if (this.young.has(key)) continue;
      this.forgotten++;
      this.onForget(value, key);
    }
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
