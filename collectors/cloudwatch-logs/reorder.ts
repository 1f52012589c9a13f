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

/** Re-sorts a nearly sorted stream, holding at most `bound` events. */
export async function* reorder(
  source: AsyncIterable<LogEvent>,
  bound: number,
  stats: ReorderStats = { outOfOrder: 0 },
): AsyncGenerator<LogEvent> {
  const heap = new MinHeap<LogEvent>((a, b) => a.timestamp < b.timestamp);
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
