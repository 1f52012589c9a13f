/**
 * What CloudWatch Logs ingested, from the line documents `ship` stored: each carries its
 * message's bytes as CloudWatch counted them (`lambdalens.message_bytes`), which a composite
 * aggregation sums per log group and UTC day in the search engine, paged, so memory stays
 * flat however many lines there are. The sums reach the aggregator as the local files' do
 * (`aggregateEvents` in local.ts): keyed by the log group, else the function, and whole
 * unless the group's lines are REPORT lines alone. Lines shipped before documents carried
 * their size are counted, by group and day, and the report says how many it could not price.
 */
import { UNKNOWN_FUNCTION } from '../context.ts';
import type { CostAggregator } from '../report/aggregator.ts';
import { type CompositeKey, eachCompositeBucket, type Search } from './es-composite.ts';
import { LINE_DOC } from './es-fields.ts';

interface Bucket {
  key: CompositeKey;
  doc_count: number;
  bytes: { value: number | null };
  sized: { value: number };
  notReport: { doc_count: number };
}

export interface LogBytesOptions {
  /** Restrict to these function names (a line's `faas.name`). */
  functions?: readonly string[] | undefined;
  pageSize?: number | undefined;
}

/** Sums the stored lines' bytes of the period and the one before (every line without a period) into `agg`. */
export async function addStoredLogBytes(
  agg: CostAggregator,
  search: Search,
  options: LogBytesOptions = {},
): Promise<void> {
  const filter: object[] = [];
  // The period before too, as files give it: the change against it includes its logs.
  if (agg.period && agg.previous) {
    filter.push({
      range: {
        [LINE_DOC.timestamp.path]: {
          gte: agg.previous.period.fromMs,
          lt: agg.period.toMs,
          format: 'epoch_millis',
        },
      },
    });
  }
  if (options.functions && options.functions.length > 0)
    filter.push({ terms: { [LINE_DOC.functionName.path]: options.functions } });
  const optional = (field: string) => ({ terms: { field, missing_bucket: true } });
  await eachCompositeBucket<Bucket>(
    search,
    {
      query: { bool: { filter } },
      sources: [
        { group: optional(LINE_DOC.logGroup.path) },
        { fn: optional(LINE_DOC.functionName.path) },
        {
          // Lines without a time (the undated index) fall in a null day: no month holds them.
          day: {
            date_histogram: {
              field: LINE_DOC.timestamp.path,
              calendar_interval: '1d',
              time_zone: 'UTC',
              missing_bucket: true,
            },
          },
        },
      ],
      aggs: {
        bytes: { sum: { field: LINE_DOC.messageBytes.path } },
        sized: { value_count: { field: LINE_DOC.messageBytes.path } },
        // A group seen only through its REPORT lines (a query's result was shipped) is not measured.
        notReport: {
          filter: { bool: { must_not: [{ term: { [LINE_DOC.lineKind.path]: 'report' } }] } },
        },
      },
      pageSize: options.pageSize ?? 1000,
    },
    (bucket) => addBucket(agg, bucket),
  );
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function addBucket(agg: CostAggregator, bucket: Bucket): void {
  // The key local files sum an event's bytes under: its log group, else its function.
  const groupKey = text(bucket.key.group) ?? text(bucket.key.fn) ?? UNKNOWN_FUNCTION;
  const time = bucket.key.day === null ? Number.NaN : Number(bucket.key.day);
  const sized = bucket.sized.value;
  // A sum of whole numbers below 2^53, exact as the engine's double.
  if (sized > 0)
    agg.addLogBytes(groupKey, time, Math.round(bucket.bytes.value ?? 0), bucket.notReport.doc_count > 0);
  const unsized = bucket.doc_count - sized;
  if (unsized > 0) agg.addUnsizedLogLines(groupKey, time, unsized);
}
