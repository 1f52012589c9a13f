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
