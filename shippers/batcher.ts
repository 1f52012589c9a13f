/** Groups documents into bulk-sized batches, bounded by count and by serialized bytes. */
import type { ShipDocument } from './types.ts';

export interface BatchBounds {
  maxDocs: number;
  maxBytes: number;
}

/** A document with its serialized form, computed once and reused by every retry. */
export interface Prepared<T = string> {
  doc: ShipDocument;
  payload: T;
  bytes: number;
}

export async function* batches<T>(
  documents: AsyncIterable<ShipDocument> | Iterable<ShipDocument>,
  bounds: BatchBounds,
  prepare: (doc: ShipDocument) => Prepared<T>,
): AsyncGenerator<Prepared<T>[]> {
  let batch: Prepared<T>[] = [];
  let bytes = 0;
  // A full batch is handed out before the document that would overflow it is added.
  const add = (doc: ShipDocument): Prepared<T>[] | null => {
    const item = prepare(doc);
    let full: Prepared<T>[] | null = null;
    if (batch.length > 0 && (batch.length >= bounds.maxDocs || bytes + item.bytes > bounds.maxBytes)) {
      full = batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += item.bytes;
    return full;
  };
  if (Symbol.iterator in documents) {
    // A synchronous source (a built batch) needs no await per document.
    for (const doc of documents) {
      const full = add(doc);
      if (full) yield full;
    }
  } else {
    for await (const doc of documents) {
      const full = add(doc);
      if (full) yield full;
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Takes batches from `source` ahead of its consumers, up to `depth` waiting, so that a
 * worker whose request comes back finds its next batch built instead of building it while
 * the cluster waits. It yields to the event loop between batches, so responses are taken
 * as they arrive. `take` resolves to undefined once the source is done; a source that
 * throws makes every later `take` reject with its error.
 */
export function readAhead<T>(source: AsyncIterator<T>, depth: number): { take(): Promise<T | undefined> } {
  const ready: T[] = [];
  const waiting: { resolve(value: T | undefined): void; reject(error: unknown): void }[] = [];
  let started = false;
  let finished = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;

  async function produce(): Promise<void> {
    try {
      for (;;) {
        while (ready.length >= depth && waiting.length === 0) await new Promise<void>((r) => (wake = r));
        const next = await source.next();
        if (next.done) break;
        const consumer = waiting.shift();
        if (consumer) consumer.resolve(next.value);
        else ready.push(next.value);
        await new Promise<void>((r) => setImmediate(r));
      }
    } catch (error) {
      failure = { error };
    }
    finished = true;
    for (const consumer of waiting.splice(0)) {
      if (failure) consumer.reject(failure.error);
      else consumer.resolve(undefined);
    }
  }

  return {
    take(): Promise<T | undefined> {
      if (!started) {
        started = true;
        void produce();
      }
      const value = ready.shift();
      if (wake) {
        const w = wake;
        wake = null;
        w();
      }
      if (value !== undefined) return Promise.resolve(value);
      if (finished) return failure ? Promise.reject(failure.error) : Promise.resolve(undefined);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}
