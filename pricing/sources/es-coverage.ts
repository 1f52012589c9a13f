/**
 * What an index holds beyond the period asked: the days of its invocation documents (of the
 * functions asked for), noted as a file's records are, so that a report says what the data
 * covers and which month to try. An index with none at all is said to be that, naming it:
 * a mistyped --index-prefix read as "no invocations in 2026-09: the data holds no dated
 * record", as did a month the index does not hold.
 */
import type { CostAggregator } from '../report/aggregator.ts';
import { NothingToReportError } from '../report/empty.ts';
import { DAY_MS } from '../report/usage.ts';
import type { Search } from './es-composite.ts';
import type { InvocationDocFields } from './es-fields.ts';

interface DaysResponse {
  hits?: { total?: number | { value?: number } };
  aggregations?: { days?: { buckets?: { key: number }[] } };
}

/** Notes the days the index's documents cover; throws when it holds none (exit 1). */
export async function noteStoredDays(
  agg: CostAggregator,
  search: Search,
  index: string,
  functions: readonly string[] | undefined,
  f: InvocationDocFields,
): Promise<void> {
  const filter = functions && functions.length > 0 ? [{ terms: { [f.functionName]: functions } }] : [];
  const response = (await search({
    size: 0,
    track_total_hits: true,
    query: { bool: { filter } },
    aggs: {
      days: {
        date_histogram: { field: f.timestamp, calendar_interval: '1d', time_zone: 'UTC', min_doc_count: 1 },
      },
    },
  })) as DaysResponse;
  const total = response.hits?.total;
  const count = typeof total === 'number' ? total : (total?.value ?? 0);
  if (count === 0) {
    const of = filter.length > 0 ? ` of ${functions?.join(', ')}` : '';
    throw new NothingToReportError(
      `no invocation documents${of} in "${index}"`,
      '`lambdalens ship` writes them to <prefix>-invocations-*: check --index-prefix (or --es-index) and --function',
    );
  }
  agg.noteDays((response.aggregations?.days?.buckets ?? []).map((b) => Math.floor(b.key / DAY_MS)));
}
