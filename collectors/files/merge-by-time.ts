/**
 * Local inputs read side by side and merged by event time: a folder of one file per
 * function replays as it happened (functions interleaved), not one file after another.
 * Each input is read in its own order, a batch at a time; only one batch per input is held,
 * so memory grows with the number of inputs, not their size. An event with no time keeps
 * its place after the last timed event of its own input.
 */

import { createEventDedupe } from '../dedupe/event-dedupe.ts';
import { MinHeap } from '../min-heap.ts';
import type { LogEvent } from '../model.ts';
import { listInputs } from './input-list.ts';
import {
  createInputReport,
  type InputSummary,
  type ReadOptions,
  readLogEventBatches,
} from './read-inputs.ts';

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
  const { files, repeats } = listInputs(inputs);
  if (files.length <= 1 || files.includes('-')) {
    // One input is already in its own order; stdin never ends, so nothing could be merged past it.
    yield* readLogEventBatches(inputs, options);
    return;
  }
  const report = options.report ?? createInputReport();
  report.repeats.push(...repeats);
  // Duplicates are dropped after the merge, by one check for all inputs: the readers' own
  // check reads earlier inputs again when it becomes unsure, which has no meaning once
  // inputs are read side by side. Fingerprinting from the start never becomes unsure.
  const dedupe = options.dedupe === undefined ? createEventDedupe() : options.dedupe;
  if (dedupe) {
    dedupe.fingerprintAll();
    report.dedupeWindow = dedupe.capacity;
  }
  const heap = new MinHeap<Head>(before);
  const perInput = { ...options, report, dedupe: false as const };
  const iterators = files.map((file) => readLogEventBatches([file], perInput)[Symbol.asyncIterator]());
  /** Each input's summary in the report, found when its reader starts. */
  const summaries: (InputSummary | undefined)[] = [];
  try {
    for (let order = 0; order < iterators.length; order++) {
      const h: Head = {
        it: iterators[order] as AsyncIterator<LogEvent[]>,
        batch: [],
        at: -1,
        last: Number.NEGATIVE_INFINITY,
        order,
      };
      const at = report.inputs.length;
      const more = await advance(h);
      summaries[order] = report.inputs[at];
      if (more) heap.push(h);
    }
    let out: LogEvent[] = [];
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      const event = top.batch[top.at] as LogEvent;
      // Each file is an input of its own (copies inside one are counted, not dropped). Its
      // events of one millisecond come out together, so its count there is not cut by another's.
      const verdict = dedupe ? dedupe.check(event, top.order) : 'new';
      const summary = summaries[top.order];
      if (verdict === 'duplicate') {
        if (summary) {
          summary.events--;
          summary.duplicates++;
        }
      } else {
        if (verdict === 'id-reused' && summary) summary.reusedIds++;
        out.push(event);
      }
      if (dedupe) report.dedupeOverflow = dedupe.overflow;
      if (await advance(top)) heap.topChanged();
      else heap.pop();
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
