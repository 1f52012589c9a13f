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

/**
 * Re-sorts a nearly sorted stream of pages, holding at least the last `bound` events back.
 * FilterLogEvents sorts its pages by timestamp, so while pages go on in order they are held
 * and passed on whole, with one comparison an event and no heap; the first page out of
 * order sends everything held into a heap, and from there on events are sorted through it.
 * Either way disorder within `bound` events is repaired; what comes out of order all the
 * same is counted, never dropped. Events of one millisecond keep the order the API gave them.
 */
export async function* reorderBatches(
  source: AsyncIterable<LogEvent[]>,
  bound: number,
  stats: ReorderStats = { outOfOrder: 0 },
): AsyncGenerator<LogEvent[]> {
  let last = Number.NEGATIVE_INFINITY;
  const pending: LogEvent[][] = [];
  let held = 0;
  let heldLast = Number.NEGATIVE_INFINITY;
  let heap: MinHeap | null = null;
  for await (const batch of source) {
    if (heap === null) {
      let sorted = true;
      let previous = heldLast;
      for (const e of batch) {
        if (e.timestamp < previous) {
          sorted = false;
          break;
        }
        previous = e.timestamp;
      }
      if (sorted) {
        if (batch.length === 0) continue;
        pending.push(batch);
        held += batch.length;
        heldLast = previous;
        // A page goes once the pages after it hold the bound on their own.
        while (pending.length > 1 && held - (pending[0] as LogEvent[]).length >= bound) {
          const page = pending.shift() as LogEvent[];
          held -= page.length;
          last = (page[page.length - 1] as LogEvent).timestamp;
          yield page;
        }
        continue;
      }
      heap = new MinHeap();
      for (const page of pending.splice(0)) for (const e of page) heap.push(e);
    }
    const out: LogEvent[] = [];
    for (const e of batch) {
      heap.push(e);
      if (heap.size > bound) out.push(emitted(heap.pop() as LogEvent));
    }
    if (out.length > 0) yield out;
  }
  if (heap === null) {
    for (const page of pending) yield page;
    return;
  }
  const out: LogEvent[] = [];
  while (heap.size > 0) out.push(emitted(heap.pop() as LogEvent));
  if (out.length > 0) yield out;

  function emitted(e: LogEvent): LogEvent {
    if (e.timestamp < last) stats.outOfOrder++;
    else last = e.timestamp;
    return e;
  }
}
