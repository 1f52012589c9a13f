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
  for await (const doc of documents) {
    const item = prepare(doc);
    if (batch.length > 0 && (batch.length >= bounds.maxDocs || bytes + item.bytes > bounds.maxBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += item.bytes;
  }
  if (batch.length > 0) yield batch;
}
