/**
 * The order invocations were opened in, to find the oldest still open when the bound is
 * reached. A Map's insertion order would do, but finding its first key walks past every
 * entry deleted since the Map last rehashed: with 10,000 open, a REPORT-only input (each
 * request waits for lines tagged with its ID until the bound lets it go) spent 60% of its
 * time there. This queue skips what was closed since, and is compacted once what it holds
 * is more than twice the bound, so each open costs O(1) on average and memory stays bounded.
 */
export class OpenOrder<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  constructor(private readonly bound: number) {}

  push(item: T, isOpen: (item: T) => boolean): void {
    this.items.push(item);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      // Mostly taken: drop the taken front.
      this.items = this.items.slice(this.head);
      this.head = 0;
    } else if (this.items.length - this.head > 2 * this.bound + 1024) {
      const kept: T[] = [];
      for (let i = this.head; i < this.items.length; i++) {
        const o = this.items[i] as T;
        if (isOpen(o)) kept.push(o);
      }
      this.items = kept;
      this.head = 0;
    }
  }

  /** The oldest item still open, taken out of the queue; undefined when none is. */
  takeOldest(isOpen: (item: T) => boolean): T | undefined {
    while (this.head < this.items.length) {
      const o = this.items[this.head] as T;
      this.items[this.head++] = undefined;
      if (isOpen(o)) return o;
    }
    this.items = [];
    this.head = 0;
    return undefined;
  }
}
