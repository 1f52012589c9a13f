/**
 * Cost from invocation documents already shipped to Elasticsearch, aggregated server-side:
 * a composite aggregation groups documents by every attribute that changes the price and
 * sums billed ms (integers, so the sums are exact), then a percentiles pass per function
 * gives the duration quantiles by the product's nearest-rank rule (`es-percentiles.ts`). Documents with a figure Lambda cannot have billed are left
 * out of both and counted as damaged, as a file's line is (`es-damaged.ts`). The logs'
 * ingestion is summed from the line documents' stored sizes (`es-log-bytes.ts`).
 */

import type { Client } from '@elastic/elasticsearch';
import type { InvocationStatus } from '../../collectors/model.ts';
import { INVOCATION_STATUSES } from '../../collectors/model.ts';
import { isArchitecture } from '../context.ts';
import type { CostAggregator } from '../report/aggregator.ts';
import { type CompositeKey, eachCompositeBucket, type Search } from './es-composite.ts';
import { ElasticsearchCostError } from './es-cost-error.ts';
import { noteStoredDays } from './es-coverage.ts';
import { countDamagedDocuments, damagedDocuments } from './es-damaged.ts';
import { INVOCATION_DOC_FIELDS, type InvocationDocFields } from './es-fields.ts';
import { addStoredLogBytes } from './es-log-bytes.ts';
import { addQuantiles } from './es-percentiles.ts';
import { countUndated, type UndatedStored, undatedDocuments } from './es-undated.ts';

/**
 * Runs one `_search` body against an index and gives back the response body; any engine
 * (Elasticsearch, OpenSearch, Amazon OpenSearch signed) can stand behind it.
 */
export type SearchIndex = (index: string, body: Record<string, unknown>) => Promise<unknown>;

/** A `SearchIndex` over the Elasticsearch client. */
export function searchWithClient(client: Client): SearchIndex {
  return (index, body) => client.search({ index, ...body });
}

export interface ElasticsearchSourceOptions {
  search: SearchIndex;
  index: string;
  /** Index or pattern of the line documents whose bytes price the logs' ingestion; absent: not measured. */
  linesIndex?: string | undefined;
  /** Restrict to these function names. */
  functions?: string[] | undefined;
  fields?: InvocationDocFields | undefined;
  pageSize?: number | undefined;
}

interface Bucket {
  key: CompositeKey;
  doc_count: number;
  billed: { value: number | null };
  billedCount: { value: number };
  maxUsed: { value: number | null };
  coldBilled: { value: number | null };
  /** Cold starts shipped before documents carried their INIT's billed ms: estimated from Init Duration. */
  olderCold: { doc_count: number; init: { value: number | null } };
  restores: { value: number };
  traced: { value: number };
}

/**
 * Feeds the aggregator from Elasticsearch; the period (if any) is pushed down as a range
 * filter. Gives back the invocation documents without a time, which no period holds, by
 * index, for the caller to say.
 */
export async function aggregateFromElasticsearch(
  agg: CostAggregator,
  options: ElasticsearchSourceOptions,
): Promise<UndatedStored[]> {
  const f = options.fields ?? INVOCATION_DOC_FIELDS;
  const filter: object[] = [];
  if (agg.period && agg.previous) {
    filter.push({
      range: {
        [f.timestamp]: { gte: agg.previous.period.fromMs, lt: agg.period.toMs, format: 'epoch_millis' },
      },
    });
  }
  const ofFunctions =
    options.functions && options.functions.length > 0
      ? [{ terms: { [f.functionName]: options.functions } }]
      : [];
  filter.push(...ofFunctions);
  // Without a time no month holds them (nor do sums, damaged counts or percentiles): said below.
  filter.push({ bool: { must_not: [undatedDocuments(f)] } });
  const search = searchOf(options, options.index);
  const pageSize = options.pageSize ?? 1000;
  // Damaged documents are summed nowhere: they are counted apart, below.
  const query = { bool: { filter, must_not: [damagedDocuments(f)] } };
  const optional = (name: string, field: string) => ({ [name]: { terms: { field, missing_bucket: true } } });
  await eachCompositeBucket<Bucket>(
    search,
    {
      query,
      sources: [
        { fn: { terms: { field: f.functionName } } },
        // The log group, as files key usage by it: the group's logs then belong to the function's row.
        optional('group', f.logGroup),
        optional('account', f.accountId),
        optional('region', f.region),
        optional('arch', f.architecture),
        {
          day: { date_histogram: { field: f.timestamp, calendar_interval: '1d', time_zone: 'UTC' } },
        },
        optional('status', f.status),
        optional('memory', f.memorySizeMB),
        optional('cold', f.coldStart),
        optional('init', f.initializationType),
        optional('runtime', f.runtimeVersion),
      ],
      aggs: {
        billed: { sum: { field: f.billedDurationMs } },
        billedCount: { value_count: { field: f.billedDurationMs } },
        maxUsed: { max: { field: f.maxMemoryUsedMB } },
        coldBilled: { sum: { field: f.coldStartBilledMs } },
        olderCold: {
          filter: { bool: { must_not: { exists: { field: f.coldStartBilledMs } } } },
          aggs: { init: { sum: { field: f.initDurationMs } } },
        },
        restores: { value_count: { field: f.restoreDurationMs } },
        traced: { value_count: { field: f.traceId } },
      },
      pageSize,
    },
    (bucket) => addBucket(agg, bucket),
  );
  await countDamagedDocuments(agg, search, filter, f, pageSize);
  await addQuantiles(agg, search, filter, f);
  await noteStoredDays(agg, search, options.index, options.functions, f);
  const undated = await countUndated(search, ofFunctions, f);
  for (const stored of undated) agg.undated += stored.count;
  if (options.linesIndex !== undefined) {
    await addStoredLogBytes(agg, searchOf(options, options.linesIndex), {
      functions: options.functions,
      pageSize,
    });
  }
  return undated;
}

/** Searches of one index, whose failures name it. */
function searchOf(options: ElasticsearchSourceOptions, index: string): Search {
  return async (body) => {
    try {
      return await options.search(index, body);
    } catch (cause) {
      throw new ElasticsearchCostError(
        `aggregation over index "${index}" failed: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function addBucket(agg: CostAggregator, bucket: Bucket): void {
  const key = bucket.key;
  const functionName = String(key.fn);
  if (!agg.wants(functionName)) return;
  const dayMs = Number(key.day);
  const target = agg.classify(dayMs);
  if (target === 'skip') return;
  agg.countRecords(target, bucket.doc_count);
  const billedCount = bucket.billedCount.value;
  const unbilled = bucket.doc_count - billedCount;
  if ((unbilled > 0 || key.memory === null) && target === 'current') {
    agg.skip(
      functionName,
      'no-billed-duration',
      `function "${functionName}": documents without billed duration or memory size (Lambda Managed Instances or incomplete): not priceable from logs`,
      key.memory === null ? bucket.doc_count : unbilled,
    );
  }
  if (billedCount === 0 || key.memory === null) return;
  const status = (INVOCATION_STATUSES as readonly string[]).includes(String(key.status))
    ? (key.status as InvocationStatus)
    : 'success';
  const cold = key.cold === true || key.cold === 'true';
  agg.addUsage(target, {
    functionName,
    groupKey: text(key.group) ?? functionName,
    region: text(key.region),
    accountId: text(key.account),
    architecture: isArchitecture(key.arch) ? key.arch : null,
    runtime: text(key.runtime),
    dayMs,
    status,
    count: billedCount,
    memorySizeMB: Number(key.memory),
    billedMs: Math.round(bucket.billed.value ?? 0),
    coldStarts: cold ? billedCount : 0,
    coldStartBilledMs: cold
      ? Math.round(bucket.coldBilled.value ?? 0) + Math.round(bucket.olderCold.init.value ?? 0)
      : 0,
    restores: bucket.restores.value,
    traced: bucket.traced.value,
    provisioned: key.init === 'provisioned-concurrency',
    maxMemoryUsedMB: bucket.maxUsed.value,
  });
}
