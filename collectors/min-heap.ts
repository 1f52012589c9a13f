/**
 * A binary min-heap over any order: what the bounded reorder buffer and the merge of
 * inputs by time both need (the smallest of a few, repeatedly, in O(log n)).
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  /** `before(a, b)`: a comes out first. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i] as T, a[p] as T)) break;
      [a[p], a[i]] = [a[i] as T, a[p] as T];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      this.siftDown();
    }
    return top;
  }

  /** Restores the order after the top item's key moved later (cheaper than pop and push). */
  topChanged(): void {
    this.siftDown();
  }

  private siftDown(): void {
    const a = this.items;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.before(a[l] as T, a[m] as T)) m = l;
      if (r < a.length && this.before(a[r] as T, a[m] as T)) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i] as T, a[m] as T];
      i = m;
    }
  }
}
