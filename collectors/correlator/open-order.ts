/**
 * Open invocations in the order they were opened, so that the bound on open invocations
 * lets the oldest go. A Map's own first key is not asked for that: after many deletions at
 * its front, V8 steps over every deleted slot to find the first live one until the table
 * is rebuilt, so each eviction cost as much as the bound (200,000 REPORT lines at 10,000
 * open took 6 s instead of 0.15 s).
 */
/**
 * Items let go of that may wait in the queue, beyond a quarter of the live ones. Few: each
 * keeps what its item holds alive, so with 1,024 every young-generation collection copied
 * a text copy's last thousand invocations; at 64 those collections took 30-40% less time
 * (600,000 lines: 181 ms, then 106-126 ms), for a filter of the queue every 64 adds. (The
 * correlator now also empties what it lets go of, keeping only a husk: see RELEASED.)
 */
const MIN_SLACK = 64;

export class OpenOrder<T> {
  /** Items in the order they were added; entries behind `head` are done (null). */
  private queue: (T | null)[] = [];
  private head = 0;

  /** `isLive` tells whether an item is still open: items let go of are skipped lazily. */
  constructor(private readonly isLive: (item: T) => boolean) {}

  /** Adds a newly opened item; `liveCount` is how many are open, to keep the queue near that size. */
  add(item: T, liveCount: number): void {
    this.queue.push(item);
    // The done front is dropped once it is most of the array, or it would grow with every
    // item ever added while the bound keeps evicting (a REPORT-only input).
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    // Items let go of pile up behind one that stays open, and keep what they hold alive:
    // dropped once they outnumber a quarter of the live ones (each add pays for a few).
    if (this.queue.length - this.head > liveCount + Math.max(MIN_SLACK, liveCount >> 2)) {
      this.queue = this.queue.filter((x, i) => i >= this.head && x !== null && this.isLive(x));
      this.head = 0;
    }
  }

  /** The item opened first of those still open. */
  oldest(): T | undefined {
    const queue = this.queue;
    while (this.head < queue.length) {
      const item = queue[this.head] as T;
      if (this.isLive(item)) return item;
      queue[this.head] = null;
      this.head++;
    }
    return undefined;
  }

  /** Entries held, live or not yet skipped: stays within a small multiple of the live ones. */
  get held(): number {
    return this.queue.length - this.head;
  }

  /** The array's length, done front included: what the queue costs in memory. */
  get allocated(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }
}
