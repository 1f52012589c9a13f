/**
 * A bounded hand-over from producers that run on their own (Live Tail sessions, backfills)
 * to one pull-based consumer: `push` waits while the channel is full, so a slow consumer
 * slows the producers instead of growing memory; `close` ends the iteration once drained
 * and releases every waiting producer.
 */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private head = 0;
  private closed = false;
  private failure: { error: unknown } | null = null;
  private readonly waitingProducers: (() => void)[] = [];
  private waitingConsumer: (() => void) | null = null;

  constructor(private readonly capacity: number) {}

  /** Resolves true once the item is queued, false when the channel closed first. */
  async push(item: T): Promise<boolean> {
    while (!this.closed && this.items.length - this.head >= this.capacity) {
      await new Promise<void>((resolve) => this.waitingProducers.push(resolve));
    }
    if (this.closed) return false;
    this.items.push(item);
    this.wakeConsumer();
    return true;
  }

  /** Ends the iteration after what is queued; with an error, the iteration throws it. */
  close(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (error !== undefined) this.failure = { error };
    for (const wake of this.waitingProducers.splice(0)) wake();
    this.wakeConsumer();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private wakeConsumer(): void {
    const wake = this.waitingConsumer;
    this.waitingConsumer = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head] as T;
        this.items[this.head] = undefined as T;
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items.splice(0, this.head);
          this.head = 0;
        }
        this.waitingProducers.shift()?.();
        yield item;
        continue;
      }
      if (this.closed) {
        if (this.failure) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.waitingConsumer = resolve;
      });
    }
  }
}
