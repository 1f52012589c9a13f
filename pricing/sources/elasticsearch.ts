/**
 * Cost from invocation documents already shipped to Elasticsearch, aggregated server-side:
 * a composite aggregation groups documents by every attribute that changes the price and
 * sums billed ms (integers, so the sums are exact), then a percentiles pass per function
 * gives the duration quantiles.
 */

import type { Client } from '@elastic/elasticsearch';
import { LambdalensError } from '../../collectors/kernel/index.ts';
import type { Architecture, InvocationStatus } from '../../collectors/model.ts';
import { INVOCATION_STATUSES } from '../../collectors/model.ts';
import { isArchitecture, resolveContext } from '../context.ts';
import { type CostAggregator, missingReason } from '../report/aggregator.ts';
import { utcDay } from '../report/period.ts';
import { INVOCATION_DOC_FIELDS, type InvocationDocFields } from './es-fields.ts';

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
  /** Restrict to these function names. */
  functions?: string[] | undefined;
  fields?: InvocationDocFields | undefined;
  pageSize?: number | undefined;
}

export class ElasticsearchCostError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ElasticsearchCostError';
  }
}

type Key = Record<string, string | number | boolean | null>;

interface Bucket {
  key: Key;
  doc_count: number;
  billed: { value: number | null };
  maxUsed: { value: number | null };
}

/** Feeds the aggregator from Elasticsearch; the period (if any) is pushed down as a range filter. */
export async function aggregateFromElasticsearch(
  agg: CostAggregator,
  options: ElasticsearchSourceOptions,
): Promise<void> {
  const f = options.fields ?? INVOCATION_DOC_FIELDS;
  const filter: object[] = [];
  if (agg.period && agg.previous) {
    filter.push({
      range: {
        [f.timestamp]: { gte: agg.previous.period.fromMs, lt: agg.period.toMs, format: 'epoch_millis' },
      },
    });
  }
  if (options.functions && options.functions.length > 0)
    filter.push({ terms: { [f.functionName]: options.functions } });
  const query = { bool: { filter } };
  let after: Key | undefined;
  do {
    let response: { aggregations?: Record<string, unknown> };
    try {
      response = (await options.search(options.index, {
        size: 0,
        query,
        aggs: {
          groups: {
            composite: {
              size: options.pageSize ?? 1000,
              ...(after ? { after } : {}),
              sources: [
                { fn: { terms: { field: f.functionName } } },
                { region: { terms: { field: f.region, missing_bucket: true } } },
                { arch: { terms: { field: f.architecture, missing_bucket: true } } },
                {
                  day: { date_histogram: { field: f.timestamp, calendar_interval: '1d', time_zone: 'UTC' } },
                },
                { status: { terms: { field: f.status, missing_bucket: true } } },
                { memory: { terms: { field: f.memorySizeMB, missing_bucket: true } } },
                { cold: { terms: { field: f.coldStart, missing_bucket: true } } },
              ],
            },
            aggs: {
              billed: { sum: { field: f.billedDurationMs } },
              billedCount: { value_count: { field: f.billedDurationMs } },
              maxUsed: { max: { field: f.maxMemoryUsedMB } },
            },
          },
        },
      })) as { aggregations?: Record<string, unknown> };
    } catch (cause) {
      throw new ElasticsearchCostError(
        `aggregation over index "${options.index}" failed: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    const groups = response.aggregations?.groups as
      | { buckets: Array<Bucket & { billedCount: { value: number } }>; after_key?: Key }
      | undefined;
    if (!groups) break;
    for (const bucket of groups.buckets) addBucket(agg, bucket, bucket.billedCount.value);
    after = groups.buckets.length > 0 ? groups.after_key : undefined;
  } while (after);
  await addQuantiles(agg, options, query, f);
}

function addBucket(agg: CostAggregator, bucket: Bucket, billedCount: number): void {
  const key = bucket.key;
  const functionName = String(key.fn);
  const dayMs = Number(key.day);
  const target = agg.classify(dayMs);
  if (target === 'skip') return;
  agg.records += bucket.doc_count;
  const unbilled = bucket.doc_count - billedCount;
  if (unbilled > 0 || key.memory === null) {
    agg.skip(
      functionName,
      'no-billed-duration',
      `function "${functionName}": documents without billed duration or memory size (Lambda Managed Instances or incomplete): not priceable from logs`,
      key.memory === null ? bucket.doc_count : unbilled,
    );
  }
  if (billedCount === 0 || key.memory === null) return;
  const docArch = isArchitecture(key.arch) ? key.arch : undefined;
  const resolved = resolveContext(
    functionName,
    typeof key.region === 'string' ? key.region : null,
    agg.configs,
    {
      ...agg.defaults,
      ...(docArch ? { architecture: docArch } : {}),
    },
  );
  if (!resolved.ok) {
    agg.skip(functionName, missingReason(resolved.missing), resolved.message, billedCount);
    return;
  }
  const status = (INVOCATION_STATUSES as readonly string[]).includes(String(key.status))
    ? (key.status as InvocationStatus)
    : 'success';
  const cold = key.cold === true || key.cold === 'true';
  const group = {
    functionName,
    region: resolved.context.region,
    architecture: (docArch ?? resolved.context.architecture) as Architecture,
    ephemeralStorageMB: resolved.context.ephemeralStorageMB ?? 512,
    day: utcDay(dayMs),
    status,
    count: billedCount,
    memorySizeMB: Number(key.memory),
    billedMs: BigInt(Math.round(bucket.billed.value ?? 0)),
    coldStarts: cold ? billedCount : 0,
    // INIT's share of billed ms needs per-document arithmetic that plain aggregations lack.
    coldStartBilledMs: 0n,
    chargedRestores: 0,
    maxMemoryUsedMB: bucket.maxUsed.value,
  };
  if (target === 'previous') agg.addPrevious(group);
  else agg.addGroup(group);
}

async function addQuantiles(
  agg: CostAggregator,
  options: ElasticsearchSourceOptions,
  query: object,
  f: InvocationDocFields,
): Promise<void> {
  if (agg.functions.size === 0) return;
  const filter = [...((query as { bool: { filter: object[] } }).bool.filter ?? [])];
  if (agg.period) {
    filter.push({
      range: { [f.timestamp]: { gte: agg.period.fromMs, lt: agg.period.toMs, format: 'epoch_millis' } },
    });
  }
  const response = (await options.search(options.index, {
    size: 0,
    query: { bool: { filter } },
    aggs: {
      fn: {
        terms: { field: f.functionName, size: Math.max(10, agg.functions.size * 2) },
        aggs: { p: { percentiles: { field: f.durationMs, percents: [50, 95, 99] } } },
      },
    },
  })) as {
    aggregations?: { fn?: { buckets: Array<{ key: string; p: { values: Record<string, number | null> } }> } };
  };
  for (const bucket of response.aggregations?.fn?.buckets ?? []) {
    for (const totals of agg.functions.values()) {
      if (totals.functionName !== bucket.key) continue;
      totals.externalQuantiles = {
        p50: bucket.p.values['50.0'] ?? null,
        p95: bucket.p.values['95.0'] ?? null,
        p99: bucket.p.values['99.0'] ?? null,
      };
    }
  }
}
