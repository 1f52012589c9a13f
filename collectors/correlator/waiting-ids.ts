/**
 * The request IDs of waiting REPORTs, by their `tableHash` (request-id-hash.ts). A `Map`
 * keyed by the IDs (slices of their lines, as the parser cuts them) had V8 hash and compare
 * them through its sliced strings a character at a time: with the bookkeeping around it, a
 * third of what the REPORT-only reading cost.
 *
 * Open addressing with linear probing over slot numbers; an entry is removed by shifting
 * the entries after it back, so no tombstones pile up however many come and go.
 */

/** Where the table reads a stored slot's ID, to tell two IDs with one hash apart. */
export interface IdSource {
  idEquals(slot: number, id: string): boolean;
}

const INITIAL_CAPACITY = 1024;

export class WaitingIds {
  /** Slot + 1 per position (0: empty), and the entry's hash. */
  private slots = new Int32Array(INITIAL_CAPACITY);
  private hashes = new Int32Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  size = 0;

  constructor(private readonly ids: IdSource) {}

  /** The slot waiting under this ID, or -1. */
  find(hash: number, id: string): number {
    const slots = this.slots;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const stored = slots[i] as number;
      if (stored === 0) return -1;
      if (this.hashes[i] === hash && this.ids.idEquals(stored - 1, id)) return stored - 1;
    }
  }

  /** Files `slot` under `hash`; the caller has checked its ID is not here. */
  add(hash: number, slot: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    this.place(hash, slot);
    this.size++;
  }

  /** Takes `slot` (filed under `hash`) out. */
  remove(hash: number, slot: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    while (slots[i] !== slot + 1) {
      if (slots[i] === 0) return;
      i = (i + 1) & mask;
    }
    // Shift back each later entry of the cluster that its probe would not find past the hole.
    for (let j = (i + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const home = (this.hashes[j] as number) & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      slots[i] = slots[j] as number;
      this.hashes[i] = this.hashes[j] as number;
      i = j;
    }
    slots[i] = 0;
    this.size--;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private place(hash: number, slot: number): void {
    let i = hash & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = slot + 1;
    this.hashes[i] = hash;
  }

  private grow(): void {
    const slots = this.slots;
    const hashes = this.hashes;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] !== 0) this.place(hashes[i] as number, (slots[i] as number) - 1);
    }
  }
}
