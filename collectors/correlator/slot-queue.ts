/**
 * The slots of waiting REPORTs (report-run.ts), oldest first, in one Int32Array: entries
 * before `head`, and those let go of out of turn (-1), are done.
 *
 * An array of numbers grown by `push` and cut down by `slice` as its front was let go of
 * allocated about 40 bytes a line in its copies. Each allocation brings the next young-
 * generation collection nearer, and each collection copies the REPORTs still waiting: here
 * the entries move within the array, which grows only while more are waiting.
 */
export class SlotQueue {
  private entries = new Int32Array(1024);
  /** Where the entries not yet done start, and where they end. */
  head = 0;
  end = 0;

  push(slot: number): void {
    if (this.end === this.entries.length) this.makeRoom();
    this.entries[this.end++] = slot;
  }

  /** The oldest slot not let go of, taken out; -1 when none is left. */
  shift(): number {
    while (this.head < this.end) {
      const slot = this.entries[this.head++] as number;
      if (slot >= 0) return slot;
    }
    return -1;
  }

  /** The entry at `i` (from `head` to `end`): a slot, or -1 when it was let go of. */
  at(i: number): number {
    return this.entries[i] as number;
  }

  /** Lets go of the entry at `i` out of turn. */
  drop(i: number): void {
    this.entries[i] = -1;
  }

  /** Takes out the entries let go of out of turn, the rest in their order. */
  compact(): void {
    const entries = this.entries;
    let kept = 0;
    for (let i = this.head; i < this.end; i++) {
      const slot = entries[i] as number;
      if (slot >= 0) entries[kept++] = slot;
    }
    this.head = 0;
    this.end = kept;
  }

  clear(): void {
    this.head = 0;
    this.end = 0;
  }

  /** Moves the entries not done to the front, into an array twice the size when they fill half. */
  private makeRoom(): void {
    const live = this.entries.subarray(this.head, this.end);
    if (live.length * 2 > this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(live);
      this.entries = grown;
    } else {
      this.entries.copyWithin(0, this.head, this.end);
    }
    this.end -= this.head;
    this.head = 0;
  }
}
