/**
 * Counts the line documents in the undated index (no time of their own, no timed line
 * before them in their stream): they are kept there, at their invocation's time or with no
 * `@timestamp`, and the run says how many there were, since they are easily missed.
 */
import { isPlausibleTime } from './index-names.ts';

export interface UndatedCount {
  /** Undated line documents seen so far. */
  lines: number;
  /** Whether every document passed by was counted (rendered NDJSON chunks are not). */
  complete: boolean;
}

/** Passes the documents through unchanged, counting the undated lines among them into `count`. */
export async function* countingUndated<T>(
  documents: AsyncIterable<T>,
  count: UndatedCount,
): AsyncGenerator<T> {
  for await (const doc of documents) {
    const d = doc as { kind?: unknown; placement?: unknown };
    if (d.kind === 'line') {
      if (typeof d.placement === 'number' && !isPlausibleTime(d.placement)) count.lines++;
    } else if (d.kind !== 'invocation') {
      count.complete = false;
    }
    yield doc;
  }
}
