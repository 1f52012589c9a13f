/**
 * A bounded reorder buffer: FilterLogEvents promises timestamp order, but emulators (and
 * pages that cross streams) do not always keep it. Holding up to `bound` events in a
 * min-heap restores order for any disorder within that bound; what still comes out of
 * order is counted, never dropped.
 */
import { MinHeap } from '../min-heap.ts';
import type { LogEvent } from '../model.ts';

export interface ReorderStats {
  /** Events emitted with a timestamp older than one already emitted. */
  outOfOrder: number;
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
  let heap: MinHeap<LogEvent> | null = null;
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
      heap = new MinHeap<LogEvent>((a, b) => a.timestamp < b.timestamp);
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
