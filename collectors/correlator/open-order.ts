/**
 * The order invocations were opened in, to find the oldest still open when the bound is
 * reached. A Map's insertion order would do, but finding its first key walks past every
 * entry deleted since the Map last rehashed: with 10,000 open, a REPORT-only input (each
 * request waits for lines tagged with its ID until the bound lets it go) spent 60% of its
 * time there. This queue holds request IDs with the sequence number of their opening (not
 * the invocations, which would keep closed ones and their lines alive), skips what closed
 * since, and is compacted once it holds more than twice the bound: O(1) an open on
 * average, and bounded.
 */
export type IsOpen = (requestId: string, opened: number) => boolean;

export class OpenOrder {
  private ids: (string | undefined)[] = [];
  private opened: number[] = [];
  private head = 0;

  constructor(private readonly bound: number) {}

  push(requestId: string, opened: number, isOpen: IsOpen): void {
    this.ids.push(requestId);
    this.opened.push(opened);
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      // Mostly taken: drop the taken front.
      this.ids = this.ids.slice(this.head);
      this.opened = this.opened.slice(this.head);
      this.head = 0;
    } else if (this.ids.length - this.head > 2 * this.bound + 1024) {
      const ids: string[] = [];
      const opened: number[] = [];
      for (let i = this.head; i < this.ids.length; i++) {
        const id = this.ids[i] as string;
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

  /** The request ID of the oldest invocation still open, taken out of the queue; undefined when none is. */
  takeOldest(isOpen: IsOpen): string | undefined {
    while (this.head < this.ids.length) {
      const id = this.ids[this.head] as string;
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
