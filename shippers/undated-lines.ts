/**
 * Counts the documents in the undated indices: lines with no time of their own and no timed
 * line before them in their stream (kept at their invocation's time or with no `@timestamp`),
 * and invocations whose lines carry no time (kept with no `@timestamp`, in no month's cost
 * report). The run says how many there were, since they are easily missed.
 */
import { isPlausibleTime } from './index-names.ts';

export interface UndatedCount {
  /** Undated line documents seen so far. */
  lines: number;
  /** Undated invocation documents seen so far. */
  invocations: number;
  /** Whether every document passed by was counted (rendered NDJSON chunks are not). */
  complete: boolean;
}

/** Passes the documents through unchanged, counting the undated ones among them into `count`. */
export async function* countingUndated<T>(
  documents: AsyncIterable<T>,
  count: UndatedCount,
): AsyncGenerator<T> {
  for await (const doc of documents) {
    const d = doc as { kind?: unknown; placement?: unknown };
    const undated = typeof d.placement === 'number' && !isPlausibleTime(d.placement);
    if (d.kind === 'line') {
      if (undated) count.lines++;
    } else if (d.kind === 'invocation') {
      if (undated) count.invocations++;
    } else {
      count.complete = false;
    }
    yield doc;
  }
}
