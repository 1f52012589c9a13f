/**
 * Cost from FilterLogEvents, the fallback when Logs Insights is not allowed or not wanted:
 * only REPORT lines are fetched (text `REPORT RequestId` or JSON `platform.report`), then
 * they go through the same correlator and aggregator as local files, so a line is priced
 * identically whichever way it arrived. Slow on big accounts (5 TPS per account and Region).
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../../collectors/aws/call.ts';
import { readHistory } from '../../collectors/cloudwatch-logs/history.ts';
import type { StatusBoard } from '../../collectors/cloudwatch-logs/source-status.ts';
import { nameByStream, planGroupReading } from '../../collectors/cloudwatch-logs/stream-function.ts';
import { correlate } from '../../collectors/correlator/correlator.ts';
import type { DiscoveredFunction } from '../../collectors/lambda/discovery.ts';
import type { LogEvent } from '../../collectors/model.ts';
import type { CostAggregator } from '../report/aggregator.ts';
import { aggregateInvocations } from './local.ts';

/** Either REPORT form; the service ORs `?` terms. */
export const REPORT_FILTER_PATTERN = '?"REPORT RequestId" ?"platform.report"';

export interface HistorySourceOptions {
  client: CloudWatchLogsClient;
  ctx: CallContext;
  functions: readonly DiscoveredFunction[];
  startMs: number;
  endMs: number;
  /** Override the REPORT filter pattern (an empty string reads every line). */
  filterPattern?: string | undefined;
  status?: StatusBoard | undefined;
  /** Called every `progressEvery` events and at the end with the events read so far. */
  onProgress?: ((p: { events: number; invocations: number }) => void) | undefined;
  progressEvery?: number | undefined;
}

/** What reading found beside the functions' REPORT lines. */
export interface HistoryReadSummary {
  /** Per log group, events (REPORT lines) left out because their stream names a function not asked for. */
  otherFunctions: Map<string, number>;
}

/** Reads the functions' REPORT lines over [startMs, endMs) and prices them like local files. */
export async function aggregateFromHistory(
  agg: CostAggregator,
  options: HistorySourceOptions,
): Promise<HistoryReadSummary> {
  const plan = planGroupReading(options.functions);
  const summary: HistoryReadSummary = { otherFunctions: new Map() };
  if (plan.size === 0) return summary;
  const every = options.progressEvery ?? 1000;
  const counts = { events: 0, invocations: 0 };
  const history = readHistory({
    client: options.client,
    ctx: options.ctx,
    logGroups: [...plan.keys()],
    startTime: options.startMs,
    // FilterLogEvents' endTime is inclusive; the period's end is not.
    endTime: options.endMs - 1,
    filterPattern: options.filterPattern ?? REPORT_FILTER_PATTERN,
    status: options.status,
  });
  async function* named(): AsyncGenerator<LogEvent> {
    for await (const event of history) {
      counts.events++;
      if (counts.events % every === 0) options.onProgress?.({ ...counts });
      // A custom log group, shared or not, names no function: its streams do.
      const named = nameByStream(event, plan.get(event.logGroup ?? ''));
      if (named) yield named;
      else {
        const group = event.logGroup ?? '';
        summary.otherFunctions.set(group, (summary.otherFunctions.get(group) ?? 0) + 1);
      }
    }
  }
  async function* counted() {
    for await (const invocation of correlate(named(), { maxLinesPerInvocation: 0 })) {
      counts.invocations++;
      yield invocation;
    }
  }
  await aggregateInvocations(agg, counted());
  options.onProgress?.({ ...counts });
  return summary;
}
