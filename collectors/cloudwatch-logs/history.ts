/**
 * History: FilterLogEvents over a time range for many log groups, merged in time order.
 * Each group is read page by page (following `nextToken` through empty pages) and only one
 * page per group is held at a time, so memory stays flat whatever the range.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../aws/call.ts';
import { LogGroupNotFoundError } from '../aws/errors.ts';
import type { LogEvent } from '../model.ts';
import { type FilterQuery, filterPage } from './filter-page.ts';
import { readGroupSliced } from './history-slices.ts';
import { type ReorderStats, reorderBatches } from './reorder.ts';
import type { StatusBoard } from './source-status.ts';

/** Every event of one group in the range, page after page, in the API's (timestamp) order. */
export async function* readGroup(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  query: FilterQuery,
  status?: StatusBoard,
): AsyncGenerator<LogEvent> {
  let token: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const page = await filterPage(client, ctx, query, token, {
      onThrottled: () => {
        if (status) {
          status.throttleCount++;
          status.group(query.logGroup).throttled = true;
        }
      },
    });
    if (status) {
      const g = status.group(query.logGroup);
      g.throttled = false;
      g.lastPollAt = ctx.clock.now();
      g.delivered += page.events.length;
    }
    // The API sorts by timestamp; sort again so one odd page cannot break the merge.
    page.events.sort((a, b) => a.timestamp - b.timestamp);
    yield* page.events;
    token = page.nextToken;
    // A token handed back twice would loop forever: stop instead.
    if (token !== undefined) {
      if (seenTokens.has(token)) break;
      seenTokens.add(token);
    }
  } while (token !== undefined);
}

/** Events a merged batch holds at most: one await for so many, not one an event. */
const MERGED_BATCH = 1024;

/**
 * Merges per-group streams of batches (each in time order) into one stream of batches in
 * time order; one stream passes through as it is. Among events of one millisecond, the
 * stream listed first goes first.
 */
export async function* mergeBatchesByTimestamp(
  sources: AsyncIterable<LogEvent[]>[],
): AsyncGenerator<LogEvent[]> {
  if (sources.length === 1) {
    yield* sources[0] as AsyncIterable<LogEvent[]>;
    return;
  }
  const iters = sources.map((s) => s[Symbol.asyncIterator]());
  const pull = async (i: number): Promise<LogEvent[] | undefined> => {
    for (;;) {
      const r = await (iters[i] as AsyncIterator<LogEvent[]>).next();
      if (r.done) return undefined;
      if (r.value.length > 0) return r.value;
    }
  };
  const heads: (LogEvent[] | undefined)[] = await Promise.all(iters.map((_, i) => pull(i)));
  const at = heads.map(() => 0);
  try {
    let out: LogEvent[] = [];
    for (;;) {
      let best = -1;
      let bestTime = Number.POSITIVE_INFINITY;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h && (h[at[i] as number] as LogEvent).timestamp < bestTime) {
          best = i;
          bestTime = (h[at[i] as number] as LogEvent).timestamp;
        }
      }
      if (best < 0) break;
      const head = heads[best] as LogEvent[];
      out.push(head[at[best] as number] as LogEvent);
      at[best] = (at[best] as number) + 1;
      if ((at[best] as number) === head.length) {
        // Refilling waits on the network: what is merged so far goes first.
        if (out.length > 0) {
          yield out;
          out = [];
        }
        heads[best] = await pull(best);
        at[best] = 0;
      } else if (out.length >= MERGED_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(iters.map((it) => it.return?.()));
  }
}

export interface HistoryOptions {
  client: CloudWatchLogsClient;
  ctx: CallContext;
  logGroups: string[];
  startTime: number;
  endTime?: number | undefined;
  filterPattern?: string | undefined;
  pageSize?: number | undefined;
  status?: StatusBoard | undefined;
  /** Events held per group to repair out-of-order pages, default 10,000. */
  reorderBound?: number | undefined;
  reorderStats?: ReorderStats | undefined;
}

/**
 * History of many log groups, merged in time order; missing groups are reported and skipped.
 * Each group's range is read as time slices fetched side by side (history-slices.ts).
 */
export function readHistory(options: HistoryOptions): AsyncIterable<LogEvent> {
  return eventsOf(readHistoryBatches(options));
}

/** `readHistory` a page at a time: the form for hot paths (one await a page, not an event). */
export function readHistoryBatches(options: HistoryOptions): AsyncIterable<LogEvent[]> {
  const { client, ctx, status } = options;
  const bound = options.reorderBound ?? 10_000;
  const stats = options.reorderStats ?? { outOfOrder: 0 };
  const perGroup = options.logGroups.map((logGroup) =>
    reorderBatches(
      skipMissing(
        readGroupSliced(
          client,
          ctx,
          {
            logGroup,
            startTime: options.startTime,
            endTime: options.endTime,
            filterPattern: options.filterPattern,
            pageSize: options.pageSize,
          },
          status,
        ),
        logGroup,
        ctx,
        status,
      ),
      bound,
      stats,
    ),
  );
  return mergeBatchesByTimestamp(perGroup);
}

async function* eventsOf(pages: AsyncIterable<LogEvent[]>): AsyncGenerator<LogEvent> {
  for await (const page of pages) for (const event of page) yield event;
}

async function* skipMissing<T>(
  source: AsyncIterable<T>,
  logGroup: string,
  ctx: CallContext,
  status: StatusBoard | undefined,
): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (err) {
    if (!(err instanceof LogGroupNotFoundError)) throw err;
    ctx.logger.warn(err.message, { logGroup });
    if (status) status.group(logGroup).missing = true;
  }
}
