/**
 * Cost from local log files: events are read in batches, their bytes counted per log group
 * and day (what CloudWatch Logs ingested), and streamed through the correlator, whose
 * per-stream context the report reads when it resolves each function.
 */
import { createReportRunCorrelator } from '../../collectors/correlator/report-run.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { CorrelationWatcher, Correlator } from '../../collectors/correlator/types.ts';
import {
  followsCut,
  type InputReport,
  readLogEventBatches,
  startsInput,
} from '../../collectors/files/read-inputs.ts';
import { untilAborted } from '../../collectors/kernel/index.ts';
import { type Invocation, ingestedBytes, type LogEvent } from '../../collectors/model.ts';
import { UNKNOWN_FUNCTION } from '../context.ts';
import type { CostAggregator } from '../report/aggregator.ts';

/** Feeds any stream of invocations into the aggregator. */
export async function aggregateInvocations(
  agg: CostAggregator,
  invocations: AsyncIterable<Invocation>,
): Promise<void> {
  for await (const invocation of invocations) agg.addInvocation(invocation);
}

const DAY_MS = 86_400_000;

/**
 * The correlator `cost` reads files with. It keeps no lines (memory stays flat), reads a
 * run of REPORT lines alone (an Insights export) without the correlator's bookkeeping, and
 * adds each of those up without an invocation built for it. Its context is the
 * aggregator's, so the report can place invocations that closed before their group spoke.
 */
export function createCostCorrelator(
  agg: CostAggregator,
  options: {
    functionName?: string | undefined;
    watch?: CorrelationWatcher | undefined;
    maxOpenInvocations?: number | undefined;
  } = {},
): Correlator {
  const { functionName, watch, maxOpenInvocations } = options;
  return createReportRunCorrelator({
    maxLinesPerInvocation: 0,
    context: agg.context ?? new StreamContextTable(),
    ...(functionName ? { functionName } : {}),
    ...(maxOpenInvocations ? { maxOpenInvocations } : {}),
    onLoneReport: (report, time, atEnd, idHash) => {
      if (!agg.addLoneReport(report, time)) return false;
      watch?.noteInvocation(report, atEnd, idHash);
      return true;
    },
  });
}

/**
 * Reads, correlates and aggregates local inputs; `report` collects what could not be read.
 * When `signal` aborts, reading stops at once (stdin too) and the aggregate is left partial:
 * the caller, which asked for the stop, decides what a partial aggregate is worth.
 */
export async function aggregateFiles(
  agg: CostAggregator,
  inputs: string[],
  options: AggregateOptions & { report?: InputReport } = {},
): Promise<void> {
  const batches = readLogEventBatches(inputs, {
    ...(options.report ? { report: options.report } : {}),
    ...(options.functionName ? { functionName: options.functionName } : {}),
  });
  await aggregateEvents(agg, batches, options);
}

export interface AggregateOptions {
  functionName?: string | undefined;
  watch?: CorrelationWatcher | undefined;
  signal?: AbortSignal | undefined;
}

/** Correlates and aggregates events read from local inputs, in batches as `readLogEventBatches` gives them. */
export async function aggregateEvents(
  agg: CostAggregator,
  batches: AsyncIterable<LogEvent[]>,
  options: AggregateOptions = {},
): Promise<void> {
  const { watch, signal } = options;
  const correlator = createCostCorrelator(agg, { functionName: options.functionName, watch });
  // Bytes (as CloudWatch Logs counts them: `ingestedBytes`) are summed over runs of one group and
  // day, and handed to the aggregator when the run ends: two map updates per run, not per line.
  let group: string | null = null;
  let day = Number.NaN;
  let dayTime = Number.NaN;
  let bytes = 0;
  // Whether the run held more than REPORT lines: a query's REPORT rows are not the group's logs.
  let whole = false;
  // Bytes of events that name no function are the unknown function's, as its invocations are.
  const fallback = options.functionName ?? UNKNOWN_FUNCTION;
  for await (const batch of signal ? untilAborted(batches, signal) : batches) {
    if (startsInput(batch)) correlator.newInput(followsCut(batch));
    for (const event of batch) {
      const g = event.logGroup ?? event.functionName ?? fallback;
      const d = Number.isFinite(event.timestamp) ? Math.floor(event.timestamp / DAY_MS) : -1;
      if (g !== group || d !== day) {
        if (group !== null) agg.addLogBytes(group, dayTime, bytes, whole);
        group = g;
        day = d;
        dayTime = event.timestamp;
        bytes = 0;
        whole = false;
      }
      bytes += ingestedBytes(event);
      const { completed, parsed } = correlator.push(event);
      watch?.noteEvent(event, parsed.kind === 'report');
      if (parsed.kind !== 'report') whole = true;
      for (const inv of completed) {
        watch?.noteInvocation(inv, false);
        agg.addInvocation(inv);
      }
    }
  }
  if (group !== null) agg.addLogBytes(group, dayTime, bytes, whole);
  for (const inv of correlator.flush()) {
    watch?.noteInvocation(inv, true);
    agg.addInvocation(inv);
  }
}
