/**
 * Groups documents into bulk-sized batches, bounded by count and by serialized bytes, and,
 * for a live source (a pipe, a follower: one that may wait for hours), by time: a batch is
 * handed out once its first document has waited `lingerMs` and the source has nothing more
 * to give at that moment. A finished file takes no linger, so its batches stay full even
 * when a loaded machine makes building one take longer than the linger.
 */
import type { ShipDocument } from './types.ts';

/** How long the first document of a batch may wait for company while the source is waiting. */
export const BATCH_LINGER_MS = 500;

export interface BatchBounds {
  maxDocs: number;
  maxBytes: number;
  /** For live sources (BATCH_LINGER_MS); 0, the default, waits for a full batch or the end. */
  lingerMs?: number | undefined;
}

const LINGERED: unique symbol = Symbol('lingered');

/** A document with its serialized form, computed once and reused by every retry. */
export interface Prepared<T = Buffer> {
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
    if (batch.length > 0) yield batch;
    return;
  }
  const lingerMs = bounds.lingerMs ?? 0;
  const it = documents[Symbol.asyncIterator]();
  // One timer per batch, armed by its first document, rather than one per document.
  let lingered: Promise<typeof LINGERED> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const disarm = () => {
    clearTimeout(timer);
    lingered = null;
  };
  // The document asked for: kept across a lingered hand-out, since the source still owes it.
  let pending: Promise<IteratorResult<ShipDocument>> | null = null;
  let done = false;
  try {
    for (;;) {
      pending ??= it.next();
      // `pending` first: a document already there wins over a linger that ran out meanwhile.
      const result = lingered ? await Promise.race([pending, lingered]) : await pending;
      if (result === LINGERED) {
        const out = batch;
        batch = [];
        bytes = 0;
        disarm();
        yield out;
        continue;
      }
      pending = null;
      if (result.done) {
        done = true;
        break;
      }
      const full = add(result.value);
      if (full) disarm();
      if (lingerMs > 0 && lingered === null) {
        lingered = new Promise((resolve) => {
          timer = setTimeout(() => resolve(LINGERED), lingerMs);
        });
      }
      if (full) yield full;
    }
  } finally {
    disarm();
    // A consumer that stops early lets the source go; one that read it all has nothing to close.
    if (!done) void it.return?.()?.catch(() => {});
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
