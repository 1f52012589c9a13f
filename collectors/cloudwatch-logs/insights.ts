/**
 * Logs Insights runner: StartQuery, then GetQueryResults until the query ends, reporting
 * progress; aborting the signal stops the query server-side (StopQuery) so it is not billed
 * to completion. Pricing uses it for REPORT-line aggregates over long ranges.
 */
import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type QueryStatistics,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../aws/call.ts';
import { callAws } from '../aws/call.ts';
import { AwsCollectorError } from '../aws/errors.ts';

export interface InsightsQuery {
  logGroups: string[];
  queryString: string;
  startTime: number;
  endTime: number;
  limit?: number | undefined;
  /** Pause between GetQueryResults polls, default 1 s. */
  pollIntervalMs?: number | undefined;
  /** Give up (and stop the query) after this long, default 15 min. */
  timeoutMs?: number | undefined;
  onProgress?: ((p: { status: string; statistics: QueryStatistics | undefined }) => void) | undefined;
}

export type InsightsRow = Record<string, string>;

export class InsightsQueryError extends AwsCollectorError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'InsightsQueryError';
  }
}

export async function runInsightsQuery(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  q: InsightsQuery,
): Promise<InsightsRow[]> {
  if (q.logGroups.length === 0 || q.logGroups.length > 50) {
    throw new InsightsQueryError(`Logs Insights: between 1 and 50 log groups, got ${q.logGroups.length}`);
  }
  if (q.endTime <= q.startTime)
    throw new InsightsQueryError('Logs Insights: endTime must be after startTime');
  const started = await callAws(ctx, 'logs:StartQuery', (abortSignal) =>
    client.send(
      new StartQueryCommand({
        logGroupNames: q.logGroups,
        queryString: q.queryString,
        // The API takes epoch seconds.
        startTime: Math.floor(q.startTime / 1000),
        endTime: Math.ceil(q.endTime / 1000),
        limit: q.limit,
      }),
      { abortSignal },
    ),
  );
  const queryId = started.queryId;
  if (!queryId) throw new InsightsQueryError('Logs Insights: StartQuery returned no queryId');
  const deadline = ctx.clock.now() + (q.timeoutMs ?? 900_000);
  try {
    for (;;) {
      const out = await callAws(ctx, 'logs:GetQueryResults', (abortSignal) =>
        client.send(new GetQueryResultsCommand({ queryId }), { abortSignal }),
      );
      const status = out.status ?? 'Unknown';
      q.onProgress?.({ status, statistics: out.statistics });
      if (status === 'Complete') {
        return (out.results ?? []).map((row) =>
          Object.fromEntries(row.filter((f) => f.field).map((f) => [f.field!, f.value ?? ''])),
        );
      }
      if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout') {
        throw new InsightsQueryError(`Logs Insights query ${queryId} ended with status ${status}`);
      }
      if (ctx.clock.now() >= deadline)
        throw new InsightsQueryError(`Logs Insights query ${queryId} timed out`);
      await ctx.sleep(q.pollIntervalMs ?? 1000, ctx.signal);
    }
  } catch (err) {
    if (ctx.signal?.aborted || err instanceof InsightsQueryError) {
      // Best effort: a query left running keeps scanning (and billing).
      await client.send(new StopQueryCommand({ queryId })).catch(() => {});
    }
    throw err;
  }
}
