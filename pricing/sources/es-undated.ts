/**
 * Invocation documents with no time: shipped from lines that carry none, they have no
 * `@timestamp` (see the shipper's documents.ts) and sit in `<prefix>-invocations-undated`.
 * No month holds them, so the sums leave them out, and the report says how many there are
 * and where, rather than dropping them without a word. Documents shipped before the shipper
 * kept them without a time carry the time they were shipped as `@timestamp` and neither a
 * start nor an end: they are the same documents, and are treated the same way.
 */

import type { Search } from './es-composite.ts';
import { INVOCATION_DOC, type InvocationDocFields } from './es-fields.ts';

/** Where undated invocation documents are stored, and how many of them each index holds. */
export interface UndatedStored {
  index: string;
  count: number;
}

/** Every undated document: the clause the sums put under `must_not`. */
export function undatedDocuments(f: InvocationDocFields): object {
  return {
    bool: {
      should: [
        { bool: { must_not: { exists: { field: f.timestamp } } } },
        {
          bool: {
            filter: [{ term: { [INVOCATION_DOC.doc.path]: 'invocation' } }],
            must_not: [{ exists: { field: INVOCATION_DOC.start.path } }, { exists: { field: f.end } }],
          },
        },
      ],
      minimum_should_match: 1,
    },
  };
}

interface IndicesResponse {
  aggregations?: { indices?: { buckets?: { key: string; doc_count: number }[] } };
}

/** The undated documents of the functions asked for (all without `filter`), by index. */
export async function countUndated(
  search: Search,
  filter: readonly object[],
  f: InvocationDocFields,
): Promise<UndatedStored[]> {
  const response = (await search({
    size: 0,
    query: { bool: { filter: [...filter, undatedDocuments(f)] } },
    aggs: { indices: { terms: { field: '_index', size: 100, order: { _key: 'asc' } } } },
  })) as IndicesResponse;
  return (response.aggregations?.indices?.buckets ?? []).map((b) => ({ index: b.key, count: b.doc_count }));
}
