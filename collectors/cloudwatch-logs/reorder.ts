/**
 * A bounded reorder buffer: FilterLogEvents promises timestamp order, but emulators (and
 * pages that cross streams) do not always keep it. Holding up to `bound` events in a
 * min-heap restores order for any disorder within that bound; what still comes out of
 * order is counted, never dropped.
 */
import type { LogEvent } from '../model.ts';

export interface ReorderStats {
  /** Events emitted with a timestamp older than one already emitted. */
  outOfOrder: number;
}

class MinHeap {
  private readonly items: LogEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: LogEvent): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.timestamp <= a[i]!.timestamp) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): LogEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.timestamp < a[m]!.timestamp) m = l;
        if (r < a.length && a[r]!.timestamp < a[m]!.timestamp) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** Re-sorts a nearly sorted stream, holding at most `bound` events. */
export async function* reorder(
  source: AsyncIterable<LogEvent>,
  bound: number,
  stats: ReorderStats = { outOfOrder: 0 },
): AsyncGenerator<LogEvent> {
  const heap = new MinHeap();
  let last = Number.NEGATIVE_INFINITY;
  const emit = (e: LogEvent) => {
    if (e.timestamp < last) stats.outOfOrder++;
    else last = e.timestamp;
    return e;
  };
  for await (const e of source) {
    heap.push(e);
    if (heap.size > bound) yield emit(heap.pop()!);
  }
  while (heap.size > 0) yield emit(heap.pop()!);
}
