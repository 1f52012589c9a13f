/**
 * One page of FilterLogEvents, the call that history (whole or in time slices) and follow
 * read CloudWatch Logs with: the events as the collectors carry them, and the token of the
 * next page.
 */
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { type CallContext, type CallObserver, callAws } from '../aws/call.ts';
import { LogGroupNotFoundError } from '../aws/errors.ts';
import type { BackoffPolicy } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';

export interface FilterQuery {
  logGroup: string;
  startTime: number;
  endTime?: number | undefined;
  /** CloudWatch filter pattern, passed through untouched. */
  filterPattern?: string | undefined;
  /** Page size, up to 10,000 (the API's maximum and default). */
  pageSize?: number | undefined;
}

export interface FilterPage {
  events: LogEvent[];
  nextToken: string | undefined;
}

/** One FilterLogEvents call; a missing group becomes LogGroupNotFoundError. */
export async function filterPage(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  query: FilterQuery,
  nextToken: string | undefined,
  observer?: CallObserver,
  policy: Partial<BackoffPolicy> = { maxAttempts: 13 },
): Promise<FilterPage> {
  try {
    const out = await callAws(
      ctx,
      'logs:FilterLogEvents',
      (abortSignal) =>
        client.send(
          new FilterLogEventsCommand({
            logGroupName: query.logGroup,
            startTime: query.startTime,
            endTime: query.endTime,
            filterPattern: query.filterPattern,
            limit: query.pageSize,
            nextToken,
            // AWS always interleaves streams in timestamp order (the flag is ignored there);
            // emulators otherwise return stream after stream, which time slices rely on not doing.
            interleaved: true,
          }),
          { abortSignal },
        ),
      { resource: query.logGroup, observer, policy },
    );
    const events: LogEvent[] = (out.events ?? []).map((e) => ({
      timestamp: e.timestamp ?? 0,
      message: e.message ?? '',
      logGroup: query.logGroup,
      logStream: e.logStreamName,
      eventId: e.eventId,
      ingestionTime: e.ingestionTime,
    }));
    return { events, nextToken: out.nextToken || undefined };
  } catch (err) {
    const cause = err instanceof Error ? (err.cause as { name?: string } | undefined) : undefined;
    if (cause?.name === 'ResourceNotFoundException') throw new LogGroupNotFoundError(query.logGroup, err);
    throw err;
  }
}
