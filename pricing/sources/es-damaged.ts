/**
 * Invocation documents holding a REPORT figure Lambda cannot have billed, by the rules the
 * local files are read with (`reportValueProblem`): the Elasticsearch source leaves them out
 * of its sums and its percentiles with `damagedDocuments`, and `countDamagedDocuments` counts
 * them by function, figure and value, so the report names them as it names a damaged line
 * of a file, with the same message and the first few as examples. A figure is damaged when
 * it is out of its bound, or was written but not stored in its field (NaN, ±Infinity, or
 * past a `long`: stored null and named in `unreadable_figures`, es-unreadable.ts). All of it
 * runs in the search engine
 * (range and term clauses built from `REPORT_VALUE_BOUNDS`, composite aggregations paged),
 * so memory stays flat however many documents there are.
 */

import { figureProblem, REPORT_VALUE_BOUNDS } from '../../collectors/report-values.ts';
import { invalidReportMessage } from '../price-invocation.ts';
import { type CostAggregator, invocationExample, MAX_EXAMPLES } from '../report/aggregator.ts';
import { type CompositeKey, eachCompositeBucket, type Search } from './es-composite.ts';
import type { InvocationDocFields } from './es-fields.ts';
import { unreadableFigure } from './es-unreadable.ts';

type Bound = (typeof REPORT_VALUE_BOUNDS)[number];

/** A document with this figure outside its bound. */
function outside(field: string, bound: Bound): object {
  // Lucene orders -0.0 below 0.0, so `lt: 0` would take a Duration of -0, which is not
  // negative and which a file's line would have priced; the bound -0.0 leaves it out.
  const below = { range: { [field]: { lt: bound.min === 0 ? '-0.0' : bound.min } } };
  if (bound.max === null) return below;
  return { bool: { should: [below, { range: { [field]: { gt: bound.max } } }], minimum_should_match: 1 } };
}

/**
 * A document with this figure written but not stored in its field (unreadable, or past a
 * `long`): its field is null, its reading named.
 */
function unreadable(f: InvocationDocFields, bound: Bound): object {
  return { prefix: { [f.unreadableFigures]: unreadableFigure(bound.field, '') } };
}

/** A document with this figure out of its bound or unreadable: one `reportValueProblem` names. */
function damagedFigure(f: InvocationDocFields, bound: Bound): object {
  return { bool: { should: [outside(f[bound.key], bound), unreadable(f, bound)], minimum_should_match: 1 } };
}

/** A document that has the figure, readable or not (a line that wrote `NaN` has it). */
function written(f: InvocationDocFields, bound: Bound): object {
  return {
    bool: { should: [{ exists: { field: f[bound.key] } }, unreadable(f, bound)], minimum_should_match: 1 },
  };
}

/**
 * Documents the local path would refuse. Without Billed Duration or Memory Size a document
 * is not priceable for that reason first (as a line is), so only those with both count here.
 */
function billable(f: InvocationDocFields): object[] {
  return [written(f, BILLED), written(f, MEMORY)];
}

const boundOf = (key: Bound['key']) => REPORT_VALUE_BOUNDS.find((b) => b.key === key) as Bound;
const BILLED = boundOf('billedDurationMs');
const MEMORY = boundOf('memorySizeMB');

/** Every damaged document: the clause the sums put under `must_not`. */
export function damagedDocuments(f: InvocationDocFields): object {
  return {
    bool: {
      filter: billable(f),
      should: REPORT_VALUE_BOUNDS.map((b) => damagedFigure(f, b)),
      minimum_should_match: 1,
    },
  };
}

/**
 * Documents whose first damaged figure is the `at`-th: the one their message names, out of
 * its bound (`how: 'outside'`) or unreadable (`how: 'unreadable'`).
 */
function damagedFirstAt(f: InvocationDocFields, at: number, how: 'outside' | 'unreadable'): object {
  const bound = REPORT_VALUE_BOUNDS[at] as Bound;
  return {
    bool: {
      filter: [...billable(f), how === 'outside' ? outside(f[bound.key], bound) : unreadable(f, bound)],
      must_not: REPORT_VALUE_BOUNDS.slice(0, at).map((b) => damagedFigure(f, b)),
    },
  };
}

interface DamagedBucket {
  key: CompositeKey;
  doc_count: number;
  examples: { hits: { hits: Array<{ _source?: Record<string, unknown> }> } };
}

/**
 * Counts the damaged documents of the filter's scope into the aggregator as the local path
 * counts damaged lines: every one seen, those of the period recorded and not priced under
 * the message `reportValueProblem` gives their value. One search finds which figures are
 * damaged at all, and how; only those are grouped.
 */
export async function countDamagedDocuments(
  agg: CostAggregator,
  search: Search,
  filter: object[],
  f: InvocationDocFields,
  pageSize: number,
): Promise<void> {
  const kinds = REPORT_VALUE_BOUNDS.flatMap((_, at) => [
    { at, how: 'outside' as const },
    { at, how: 'unreadable' as const },
  ]);
  const counted = (await search({
    size: 0,
    query: { bool: { filter: [...filter, damagedDocuments(f)] } },
    aggs: {
      figures: { filters: { filters: kinds.map(({ at, how }) => damagedFirstAt(f, at, how)) } },
    },
  })) as { aggregations?: { figures?: { buckets: Array<{ doc_count: number }> } } };
  const figures = counted.aggregations?.figures?.buckets ?? [];
  for (const [i, { at, how }] of kinds.entries()) {
    if ((figures[i]?.doc_count ?? 0) === 0) continue;
    if (how === 'outside') await countFigure(agg, search, filter, f, at, pageSize);
    else await countUnreadable(agg, search, filter, f, at, pageSize);
  }
}

const examplesOf = (f: InvocationDocFields) => ({
  top_hits: {
    size: MAX_EXAMPLES,
    sort: [{ [f.timestamp]: 'asc' }],
    _source: { includes: [f.requestId, f.logGroup, f.logStream, f.end] },
  },
});

const byFunctionAndDay = (f: InvocationDocFields) => [
  { fn: { terms: { field: f.functionName } } },
  { day: { date_histogram: { field: f.timestamp, calendar_interval: '1d', time_zone: 'UTC' } } },
];

/** The documents whose first damaged figure is the `at`-th, out of its bound, by value. */
async function countFigure(
  agg: CostAggregator,
  search: Search,
  filter: object[],
  f: InvocationDocFields,
  at: number,
  pageSize: number,
): Promise<void> {
  const bound = REPORT_VALUE_BOUNDS[at] as Bound;
  await eachCompositeBucket<DamagedBucket>(
    search,
    {
      query: { bool: { filter: [...filter, damagedFirstAt(f, at, 'outside')] } },
      sources: [...byFunctionAndDay(f), { value: { terms: { field: f[bound.key] } } }],
      aggs: { examples: examplesOf(f) },
      pageSize,
    },
    (bucket) => addDamaged(agg, bound, bucket, Number(bucket.key.value), f),
  );
}

/**
 * The documents whose first damaged figure is the `at`-th, unreadable or past its field,
 * by how it read. A document may name several figures: grouped by every name it holds, it
 * falls in one bucket of this figure (it names it once) and in others of other figures,
 * which are passed over here.
 */
async function countUnreadable(
  agg: CostAggregator,
  search: Search,
  filter: object[],
  f: InvocationDocFields,
  at: number,
  pageSize: number,
): Promise<void> {
  const bound = REPORT_VALUE_BOUNDS[at] as Bound;
  const named = unreadableFigure(bound.field, '');
  await eachCompositeBucket<DamagedBucket>(
    search,
    {
      query: { bool: { filter: [...filter, damagedFirstAt(f, at, 'unreadable')] } },
      sources: [...byFunctionAndDay(f), { reading: { terms: { field: f.unreadableFigures } } }],
      aggs: { examples: examplesOf(f) },
      pageSize,
    },
    (bucket) => {
      const reading = String(bucket.key.reading);
      if (!reading.startsWith(named)) return;
      addDamaged(agg, bound, bucket, Number(reading.slice(named.length)), f);
    },
  );
}

function addDamaged(
  agg: CostAggregator,
  bound: Bound,
  bucket: DamagedBucket,
  value: number,
  f: InvocationDocFields,
): void {
  const functionName = String(bucket.key.fn);
  if (!agg.wants(functionName)) return;
  const target = agg.classify(Number(bucket.key.day));
  if (target === 'skip') return;
  agg.countRecords(target, bucket.doc_count);
  if (target !== 'current') return;
  const problem = figureProblem(bound.key, value) ?? {
    // Not reached while the bounds agree with reportValueProblem (a unit test holds them
    // together); if they ever part, the documents are still named, never lost.
    field: bound.field,
    value,
    problem: 'outside what Lambda bills',
  };
  const examples = bucket.examples.hits.hits.map((hit) => exampleOf(hit._source ?? {}, f));
  agg.skip(
    functionName,
    'invalid-report',
    invalidReportMessage(functionName, problem),
    bucket.doc_count,
    examples,
  );
}

/** A field of `_source` by its dotted path, written nested (as the shipper does) or flat. */
function valueAt(source: Record<string, unknown>, path: string): unknown {
  if (path in source) return source[path];
  let node: unknown = source;
  for (const segment of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function exampleOf(source: Record<string, unknown>, f: InvocationDocFields): string {
  const text = (path: string): string | null => {
    const v = valueAt(source, path);
    return typeof v === 'string' && v !== '' ? v : null;
  };
  return invocationExample({
    requestId: text(f.requestId) ?? '(no request ID)',
    logGroup: text(f.logGroup),
    logStream: text(f.logStream),
    end: text(f.end),
  });
}
