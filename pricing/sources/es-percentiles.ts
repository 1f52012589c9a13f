/**
 * Duration quantiles from the search engine by the product's rule, nearest rank
 * (`percentile-rule.ts`), with the very sketch the files fill.
 *
 * The engines' `percentiles` cannot give that rule: t-digest (the default) interpolates, which
 * puts a p99 between a fast body and a tail of timeouts (payments-webhook of the examples:
 * 10,524 ms on Elasticsearch, 23,599 on OpenSearch, where rank 371 of 374 is a 30,003 ms
 * timeout); HDR ranks by a rounding that differs between them (HdrHistogram 2.1.9 in
 * Elasticsearch rounds q·n to the nearest count, 2.2 in OpenSearch takes its ceiling) and
 * gives a bucket's value that can fall up to 0.1% below the one ranked. Instead the engine
 * counts durations between the sketch's own bucket bounds (a `range` aggregation) and those
 * counts, with the exact min and max, are the sketch's state: the same sketch a file of the
 * same invocations gives, so both sources report the same quantiles to the bit, memory advice
 * included. One pass learns each function's and memory size's range of durations, the next
 * counts its buckets: at most about 2,100 per group (1 µs to 15 minutes at 1%), packed a few
 * thousand to a request, so neither side holds more than the sketch.
 */

import type { CostAggregator } from '../report/aggregator.ts';
import { QuantileSketch, ZERO_BELOW_MS } from '../report/quantile-sketch.ts';
import type { Search } from './es-composite.ts';
import { ElasticsearchCostError } from './es-cost-error.ts';
import { damagedDocuments } from './es-damaged.ts';
import type { InvocationDocFields } from './es-fields.ts';

/** Ranges one request counts: well under the engines' default `search.max_buckets` (65,536). */
const RANGES_PER_REQUEST = 8_000;
/** Memory sizes per function, as many as the sums read. */
const MEMORY_SIZES = 50;

/** The smallest double above x (x ≥ 0): a range's `to` is exclusive, a bucket's upper bound inclusive. */
function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = (bits[0] as bigint) + 1n;
  return f[0] as number;
}

/** A function's durations at one memory size, as the first pass found them. */
interface Group {
  functionName: string;
  memoryMB: number;
  n: number;
  min: number;
  max: number;
}

interface Range {
  key: string;
  from?: number;
  to: number;
}

/** The ranges that count a group's durations into the sketch's buckets: the zero bucket, then min's to max's. */
function bucketRanges(sketch: QuantileSketch, g: Group): Range[] {
  const out: Range[] = [];
  if (g.min < ZERO_BELOW_MS) out.push({ key: 'zero', to: ZERO_BELOW_MS });
  if (g.max < ZERO_BELOW_MS) return out;
  const first = sketch.bucketIndex(Math.max(g.min, ZERO_BELOW_MS));
  const last = sketch.bucketIndex(g.max);
  for (let i = first; i <= last; i++) {
    out.push({
      key: String(i),
      from: Math.max(ZERO_BELOW_MS, nextUp(sketch.bucketUpperBound(i - 1))),
      to: nextUp(sketch.bucketUpperBound(i)),
    });
  }
  return out;
}

/** Feeds each function's per-memory sketch (empty until now: the sums carry no durations). */
export async function addQuantiles(
  agg: CostAggregator,
  search: Search,
  scope: object[],
  f: InvocationDocFields,
): Promise<void> {
  if (agg.functions.size === 0) return;
  const filter = [...scope, { exists: { field: f.billedDurationMs } }, { exists: { field: f.memorySizeMB } }];
  if (agg.period) {
    filter.push({
      range: { [f.timestamp]: { gte: agg.period.fromMs, lt: agg.period.toMs, format: 'epoch_millis' } },
    });
  }
  // The invocations a file's sketch holds: billable, not damaged, in the period.
  const query = { bool: { filter, must_not: [damagedDocuments(f)] } };
  const groups = await durationGroups(agg, search, query, f);
  // Sketches of the reports' accuracy, for their bucket bounds.
  const sketches = groups.map(() => new QuantileSketch());
  const counts = groups.map(() => ({ zeros: 0, buckets: new Map<number, number>() }));
  // Each group's ranges, cut into pieces no request outgrows, packed into requests.
  const pieces = groups.flatMap((g, gi) => {
    const ranges = bucketRanges(sketches[gi] as QuantileSketch, g);
    const out: Array<{ gi: number; ranges: Range[] }> = [];
    for (let i = 0; i < ranges.length; i += RANGES_PER_REQUEST)
      out.push({ gi, ranges: ranges.slice(i, i + RANGES_PER_REQUEST) });
    return out;
  });
  let batch: typeof pieces = [];
  let size = 0;
  const send = async () => {
    if (batch.length === 0) return;
    await countBuckets(search, query, f, groups, batch, counts);
    batch = [];
    size = 0;
  };
  for (const piece of pieces) {
    if (size + piece.ranges.length > RANGES_PER_REQUEST) await send();
    batch.push(piece);
    size += piece.ranges.length;
  }
  await send();
  groups.forEach((g, gi) => {
    const c = counts[gi] as (typeof counts)[number];
    const total = c.zeros + [...c.buckets.values()].reduce((a, b) => a + b, 0);
    if (total !== g.n) {
      throw new ElasticsearchCostError(
        `function "${g.functionName}" at ${g.memoryMB} MB: ${g.n} durations, but their buckets counted ${total}`,
      );
    }
    const bounds = sketches[gi] as QuantileSketch;
    const snapshot = {
      relativeAccuracy: bounds.relativeAccuracy,
      ...c,
      total,
      minValue: g.min,
      maxValue: g.max,
    };
    // Two usages of one name (accounts, Regions) share its durations: fed once each. Usages
    // that differ by log group alone join one row, which must hold the durations once.
    const fed = new Set<string>();
    for (const usage of agg.functions.values()) {
      if (usage.functionName !== g.functionName) continue;
      const row = `${usage.accountId}\u0000${usage.region}\u0000${usage.architecture}`;
      const sketch = usage.byMemory.get(g.memoryMB)?.durations;
      if (sketch?.count !== 0 || fed.has(row)) continue;
      fed.add(row);
      sketch.mergeSnapshot(snapshot);
    }
  });
}

async function countBuckets(
  search: Search,
  query: object,
  f: InvocationDocFields,
  groups: readonly Group[],
  batch: ReadonlyArray<{ gi: number; ranges: Range[] }>,
  counts: Array<{ zeros: number; buckets: Map<number, number> }>,
): Promise<void> {
  const aggs: Record<string, object> = {};
  batch.forEach((piece, pi) => {
    const g = groups[piece.gi] as Group;
    aggs[`g${pi}`] = {
      filter: {
        bool: {
          filter: [
            { term: { [f.functionName]: g.functionName } },
            { term: { [f.memorySizeMB]: g.memoryMB } },
          ],
        },
      },
      aggs: { b: { range: { field: f.durationMs, keyed: true, ranges: piece.ranges } } },
    };
  });
  const response = (await search({ size: 0, query, aggs })) as {
    aggregations?: Record<string, { b?: { buckets: Record<string, { doc_count: number }> } }>;
  };
  batch.forEach((piece, pi) => {
    const c = counts[piece.gi] as (typeof counts)[number];
    for (const [key, bucket] of Object.entries(response.aggregations?.[`g${pi}`]?.b?.buckets ?? {})) {
      if (bucket.doc_count === 0) continue;
      if (key === 'zero') c.zeros += bucket.doc_count;
      else c.buckets.set(Number(key), (c.buckets.get(Number(key)) ?? 0) + bucket.doc_count);
    }
  });
}

/** How many durations each function has at each memory size, and their least and greatest. */
async function durationGroups(
  agg: CostAggregator,
  search: Search,
  query: object,
  f: InvocationDocFields,
): Promise<Group[]> {
  type Value = { value: number | null };
  const response = (await search({
    size: 0,
    query,
    aggs: {
      fn: {
        terms: { field: f.functionName, size: Math.max(10, agg.functions.size * 2) },
        aggs: {
          memory: {
            terms: { field: f.memorySizeMB, size: MEMORY_SIZES },
            aggs: {
              n: { value_count: { field: f.durationMs } },
              min: { min: { field: f.durationMs } },
              max: { max: { field: f.durationMs } },
            },
          },
        },
      },
    },
  })) as {
    aggregations?: {
      fn?: {
        buckets: Array<{
          key: string;
          memory: { buckets: Array<{ key: number; n: Value; min: Value; max: Value }> };
        }>;
      };
    };
  };
  const reported = new Set([...agg.functions.values()].map((u) => u.functionName));
  const out: Group[] = [];
  for (const b of response.aggregations?.fn?.buckets ?? []) {
    if (!reported.has(b.key)) continue;
    for (const m of b.memory.buckets) {
      const n = m.n.value ?? 0;
      if (n === 0 || m.min.value === null || m.max.value === null) continue;
      out.push({ functionName: b.key, memoryMB: Number(m.key), n, min: m.min.value, max: m.max.value });
    }
  }
  return out;
}
