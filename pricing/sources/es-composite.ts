/**
 * The cost source's searches that group documents (usage, stored log bytes, damaged
 * documents) page through a composite aggregation named `groups`, a page of buckets at a
 * time from the `after_key` of the page before, so that memory stays flat however many
 * groups the cluster holds.
 */

/** One search body in, its response out; errors already say which index failed. */
export type Search = (body: Record<string, unknown>) => Promise<unknown>;

/** A composite bucket's key: one value per source, null for a missing one. */
export type CompositeKey = Record<string, string | number | boolean | null>;

export interface CompositeRequest {
  query: object;
  sources: object[];
  /** Sub-aggregations of each bucket. */
  aggs: object;
  pageSize: number;
}

/** Gives every bucket of the grouping to `each`, page after page, in the engine's order. */
export async function eachCompositeBucket<B extends { key: CompositeKey }>(
  search: Search,
  { query, sources, aggs, pageSize }: CompositeRequest,
  each: (bucket: B) => void,
): Promise<void> {
  let after: CompositeKey | undefined;
  do {
    const response = (await search({
      size: 0,
      query,
      aggs: { groups: { composite: { size: pageSize, ...(after ? { after } : {}), sources }, aggs } },
    })) as { aggregations?: { groups?: { buckets: B[]; after_key?: CompositeKey } } };
    const groups = response.aggregations?.groups;
    if (!groups) return;
    for (const bucket of groups.buckets) each(bucket);
    after = groups.buckets.length > 0 ? groups.after_key : undefined;
  } while (after);
}
