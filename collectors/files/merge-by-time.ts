/**
 * Local inputs read side by side and merged by event time: a folder of one file per
 * function replays as it happened (functions interleaved), not one file after another.
 * Each input is read in its own order, a batch at a time; only one batch per input is held,
 * so memory grows with the number of inputs, not their size. An event with no time keeps
 * its place after the last timed event of its own input.
 */
import type { LogEvent } from '../model.ts';
import { expandInputs, type ReadOptions, readLogEventBatches } from './read-inputs.ts';

/** Events per merged batch handed on. */
const OUT_BATCH = 512;

interface Head {
  it: AsyncIterator<LogEvent[]>;
  batch: LogEvent[];
  at: number;
  /** Time of this input's last timed event (the sort key of an untimed one). */
  last: number;
  order: number;
}

const keyOf = (h: Head): number => {
  const ts = (h.batch[h.at] as LogEvent).timestamp;
  return Number.isFinite(ts) ? ts : h.last;
};

const before = (a: Head, b: Head): boolean => {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb || (ka === kb && a.order < b.order);
};

/** A binary heap of inputs by their next event's time. */
class HeadHeap {
  readonly items: Head[] = [];
  push(h: Head): void {
    const a = this.items;
    a.push(h);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i] as Head, a[p] as Head)) break;
      [a[p], a[i]] = [a[i] as Head, a[p] as Head];
      i = p;
    }
  }
  /** Restores the order after the top moved to a later event, or removes the top when it ended. */
  replaceTop(keep: boolean): void {
    const a = this.items;
    if (!keep) {
      const last = a.pop();
      if (a.length === 0 || last === undefined) return;
      a[0] = last;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && before(a[l] as Head, a[m] as Head)) m = l;
      if (r < a.length && before(a[r] as Head, a[m] as Head)) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i] as Head, a[m] as Head];
      i = m;
    }
  }
}

/** Moves `h` to its next event, pulling the next batch when this one is done; false at the end. */
async function advance(h: Head): Promise<boolean> {
  const ts = (h.batch[h.at] as LogEvent | undefined)?.timestamp;
  if (ts !== undefined && Number.isFinite(ts)) h.last = ts;
  h.at++;
  while (h.at >= h.batch.length) {
    const r = await h.it.next();
    if (r.done) return false;
    h.batch = r.value;
    h.at = 0;
  }
  return true;
}

/** Every input's events, merged by event time, a batch at a time (inputs read as `readLogEventBatches` reads them). */
export async function* readLogEventBatchesByTime(
  inputs: string[],
  options: ReadOptions = {},
): AsyncGenerator<LogEvent[]> {
  const files = expandInputs(inputs);
  if (files.length <= 1 || files.includes('-')) {
    // One input is already in its own order; stdin never ends, so nothing could be merged past it.
    yield* readLogEventBatches(inputs, options);
    return;
  }
  const heap = new HeadHeap();
  const iterators = files.map((file) => readLogEventBatches([file], options)[Symbol.asyncIterator]());
  try {
    for (let order = 0; order < iterators.length; order++) {
      const h: Head = {
        it: iterators[order] as AsyncIterator<LogEvent[]>,
        batch: [],
        at: -1,
        last: Number.NEGATIVE_INFINITY,
        order,
      };
      if (await advance(h)) heap.push(h);
    }
    let out: LogEvent[] = [];
    while (heap.items.length > 0) {
      const top = heap.items[0] as Head;
      out.push(top.batch[top.at] as LogEvent);
      heap.replaceTop(await advance(top));
      if (out.length >= OUT_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.allSettled(iterators.map((it) => it.return?.(undefined)));
  }
}
