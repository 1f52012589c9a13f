/**
 * The order invocations were opened in, to find the oldest still open when the bound is
 * reached. A Map's insertion order would do, but finding its first key walks past every
 * entry deleted since the Map last rehashed: with 10,000 open, a REPORT-only input (each
 * request waits for lines tagged with its ID until the bound lets it go) spent 60% of its
 * time there (and streams holding init lines, the same way). This queue holds keys (request
 * IDs, streams) with the sequence number of their opening, not what they open (which would
 * keep closed invocations and their lines alive), skips what closed since, and is compacted once it holds more than twice the bound: O(1) an open on
 * average, and bounded.
 */
export type IsOpen<K = string> = (key: K, opened: number) => boolean;

export class OpenOrder<K = string> {
  private ids: (K | undefined)[] = [];
  private opened: number[] = [];
  private head = 0;

  constructor(private readonly bound: number) {}

  push(key: K, opened: number, isOpen: IsOpen<K>): void {
    this.ids.push(key);
    this.opened.push(opened);
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      // Mostly taken: drop the taken front.
      this.ids = this.ids.slice(this.head);
      this.opened = this.opened.slice(this.head);
      this.head = 0;
    } else if (this.ids.length - this.head > 2 * this.bound + 1024) {
      const ids: K[] = [];
      const opened: number[] = [];
      for (let i = this.head; i < this.ids.length; i++) {
        const id = this.ids[i] as K;
        const seq = this.opened[i] as number;
        if (isOpen(id, seq)) {
          ids.push(id);
          opened.push(seq);
        }
      }
      this.ids = ids;
      this.opened = opened;
      this.head = 0;
    }
  }

  /** The oldest key still open, taken out of the queue; undefined when none is. */
  takeOldest(isOpen: IsOpen<K>): K | undefined {
    while (this.head < this.ids.length) {
      const id = this.ids[this.head] as K;
      const seq = this.opened[this.head] as number;
      this.ids[this.head++] = undefined;
      if (isOpen(id, seq)) return id;
    }
    this.ids = [];
    this.opened = [];
    this.head = 0;
    return undefined;
  }

  /** Entries held, taken ones included: what the bound applies to. */
  get held(): number {
    return this.ids.length;
  }
}
