/**
 * Trace history: GetTraceSummaries over bounded time windows (the API refuses long
 * ranges and pages within one), with an optional filter expression; yields trace IDs.
 */

import { GetTraceSummariesCommand, type XRayClient } from '@aws-sdk/client-xray';
import type { CallContext } from '../aws/call.ts';
import { callAws } from '../aws/call.ts';
import { ConfigError } from '../kernel/index.ts';

export interface TraceSummaryQuery {
  startTime: number;
  endTime: number;
  filterExpression?: string | undefined;
  /** Width of one query window, default 6 h (the API's limit is 24 h). */
  windowMs?: number | undefined;
}

export class TraceQueryError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'TraceQueryError';
  }
}

/** Trace IDs in the range, each once, window after window. */
export async function* traceIdsInRange(
  client: XRayClient,
  ctx: CallContext,
  query: TraceSummaryQuery,
): AsyncGenerator<string> {
  const windowMs = query.windowMs ?? 6 * 3_600_000;
  if (!(windowMs > 0 && windowMs <= 86_400_000)) {
    throw new TraceQueryError(`trace history: windowMs must be in (0, 24 h], got ${windowMs}`);
  }
  if (query.endTime <= query.startTime) {
    throw new TraceQueryError('trace history: endTime must be after startTime');
  }
  const seen = new Set<string>();
  for (let from = query.startTime; from < query.endTime; from += windowMs) {
    const to = Math.min(query.endTime, from + windowMs);
    let token: string | undefined;
    do {
      const out = await callAws(ctx, 'xray:GetTraceSummaries', (abortSignal) =>
        client.send(
          new GetTraceSummariesCommand({
            StartTime: new Date(from),
            EndTime: new Date(to),
            FilterExpression: query.filterExpression,
            NextToken: token,
          }),
          { abortSignal },
        ),
      );
      for (const s of out.TraceSummaries ?? []) {
        if (s.Id && !seen.has(s.Id)) {
          seen.add(s.Id);
          yield s.Id;
        }
      }
      token = out.NextToken || undefined;
    } while (token);
  }
}
