/**
 * The request IDs of waiting REPORTs, by their `tableHash` (request-id-hash.ts). A `Map`
 * keyed by the IDs (slices of their lines, as the parser cuts them) had V8 hash and compare
 * them through its sliced strings a character at a time: with the bookkeeping around it, a
 * third of what the REPORT-only reading cost.
 *
 * Open addressing with linear probing over slot numbers; an entry is removed by shifting
 * the entries after it back, so no tombstones pile up however many come and go. Each
 * position's slot and hash are side by side: a REPORT is looked up, filed and taken out at
 * random places of a table of 10,000 waiting, and one memory read where the two arrays
 * they were in took two was a third of the table's time.
 */

/** Where the table reads a stored slot's ID, to tell two IDs with one hash apart. */
export interface IdSource {
  idEquals(slot: number, id: string): boolean;
}

const INITIAL_CAPACITY = 1024;

export class WaitingIds {
  /** Per position, slot + 1 (0: empty) at 2 × position, and the entry's hash after it. */
  private entries = new Int32Array(INITIAL_CAPACITY * 2);
  private mask = INITIAL_CAPACITY - 1;
  size = 0;

  constructor(private readonly ids: IdSource) {}

  /** The slot waiting under this ID, or -1. */
  find(hash: number, id: string): number {
    const entries = this.entries;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const stored = entries[2 * i] as number;
      if (stored === 0) return -1;
      if (entries[2 * i + 1] === hash && this.ids.idEquals(stored - 1, id)) return stored - 1;
    }
  }

  /** Files `slot` under `hash`; the caller has checked its ID is not here. */
  add(hash: number, slot: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(hash, slot);
    this.size++;
  }

  /** Takes `slot` (filed under `hash`) out. */
  remove(hash: number, slot: number): void {
    const entries = this.entries;
    const mask = this.mask;
    let i = hash & mask;
    while (entries[2 * i] !== slot + 1) {
      if (entries[2 * i] === 0) return;
      i = (i + 1) & mask;
    }
    // Shift back each later entry of the cluster that its probe would not find past the hole.
    for (let j = (i + 1) & mask; entries[2 * j] !== 0; j = (j + 1) & mask) {
      const home = (entries[2 * j + 1] as number) & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      entries[2 * i] = entries[2 * j] as number;
      entries[2 * i + 1] = entries[2 * j + 1] as number;
      i = j;
    }
    entries[2 * i] = 0;
    this.size--;
  }

  clear(): void {
    this.entries.fill(0);
    this.size = 0;
  }

  private place(hash: number, slot: number): void {
    const entries = this.entries;
    let i = hash & this.mask;
    while (entries[2 * i] !== 0) i = (i + 1) & this.mask;
    entries[2 * i] = slot + 1;
    entries[2 * i + 1] = hash;
  }

  private grow(): void {
    const old = this.entries;
    this.entries = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0) this.place(old[i + 1] as number, (old[i] as number) - 1);
    }
  }
}
