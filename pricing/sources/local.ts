/**
 * Cost from local log files: events are read in batches, their bytes counted per log group
 * and day (what CloudWatch Logs ingested), and streamed through the correlator, whose
 * per-stream context the report reads when it resolves each function. A line's day is the
 * one `ship` stores it under (collectors/line-time.ts), so that a cost report from the
 * cluster counts the same bytes on the same days as one from the files.
 */
import { partsOfArn } from '../../collectors/correlator/open-invocation.ts';
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
import { invocationTime, LineTimes, streamKeys } from '../../collectors/line-time.ts';
import { type Invocation, ingestedBytes, type LogEvent } from '../../collectors/model.ts';
import type { ParsedLine } from '../../collectors/parser/types.ts';
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
  const times = new LineTimes();
  const streamKey = streamKeys();
  const untimed = new UntimedBytes(agg);
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
  // The last group key noted as naming no log group: lines come in runs of one input.
  let lastBare: string | null = null;
  const completes = (inv: Invocation, atEnd: boolean): void => {
    watch?.noteInvocation(inv, atEnd);
    agg.addInvocation(inv);
    untimed.place(inv);
  };
  for await (const batch of signal ? untilAborted(batches, signal) : batches) {
    if (startsInput(batch)) correlator.newInput(followsCut(batch));
    // Index loops, here and over what a push completed: this async function's `for…of` over
    // an array made an iterator and a result object a line, a sixth of what reading REPORT
    // lines allocated (and every collection copies what is kept alive through them).
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i] as LogEvent;
      const { completed, parsed, requestId } = correlator.push(event);
      watch?.noteEvent(event, parsed.kind === 'report');
      const g = event.logGroup ?? event.functionName ?? fallback;
      if (event.logGroup === undefined) {
        if (g !== lastBare) {
          agg.noteBareGroup(g);
          lastBare = g;
        }
        // The records' own name of their function (a JSON start's ARN, initStart) over the file's.
        const named = recordsFunctionName(parsed);
        if (named !== null && named !== g) {
          agg.noteBareGroup(g, named);
          agg.noteBareGroup(named, named);
        }
      }
      const time = times.place(event, parsed, streamKey(event));
      const untimedLine = times.source === 'none' && requestId !== null;
      if (untimedLine && parsed.kind !== 'report') {
        // No time yet: the line is its invocation's, at that invocation's time (as shipped).
        untimed.hold(requestId, g, ingestedBytes(event));
      } else {
        // A REPORT with nothing timed before it in its stream ends an invocation with no
        // time: its held lines are undated now, and it is counted undated here. (Lone
        // REPORTs are added up without an invocation, so none would close to place them.)
        if (untimedLine) untimed.undated(requestId);
        const d = Number.isFinite(time) ? Math.floor(time / DAY_MS) : -1;
        if (g !== group || d !== day) {
          if (group !== null) agg.addLogBytes(group, dayTime, bytes, whole);
          group = g;
          day = d;
          dayTime = time;
          bytes = 0;
          whole = false;
        }
        bytes += ingestedBytes(event);
        if (parsed.kind !== 'report') whole = true;
      }
      for (let j = 0; j < completed.length; j++) completes(completed[j] as Invocation, false);
    }
  }
  if (group !== null) agg.addLogBytes(group, dayTime, bytes, whole);
  for (const inv of correlator.flush()) completes(inv, true);
  // Lines of requests that never became an invocation here (a REPORT added up alone) have no time.
  untimed.releaseAll();
}

/** The function a record names itself: a JSON `platform.start`'s ARN or `platform.initStart`'s name. */
function recordsFunctionName(parsed: ParsedLine): string | null {
  if (parsed.kind === 'start') return parsed.functionArn ? partsOfArn(parsed.functionArn).functionName : null;
  if (parsed.kind === 'init-start') return parsed.functionName;
  return null;
}

/** Untimed lines held at most (ship holds 50,000 lines of open requests); past it the oldest request's go undated. */
const MAX_HELD_LINES = 50_000;

interface Held {
  group: string;
  bytes: number;
  lines: number;
}

/**
 * The bytes of lines that carry no time and follow none in their stream (the first lines of
 * a copy without times), by request; never a REPORT's, so each is whole (see `whole` above): counted on the day of their invocation once it closes,
 * as `ship` stores them at its time, or undated when it has none, or when the request is
 * let go of to keep memory bounded, as `ship` lets such lines go.
 */
class UntimedBytes {
  /** By request, oldest first; a request's lines of another group (hostile input) apart. */
  private readonly held = new Map<string, Held[]>();
  private lines = 0;

  constructor(private readonly agg: CostAggregator) {}

  hold(requestId: string, group: string, bytes: number): void {
    const list = this.held.get(requestId);
    const last = list?.at(-1);
    if (last && last.group === group) {
      last.bytes += bytes;
      last.lines++;
    } else if (list) list.push({ group, bytes, lines: 1 });
    else this.held.set(requestId, [{ group, bytes, lines: 1 }]);
    if (++this.lines > MAX_HELD_LINES) {
      const oldest = this.held.keys().next().value as string;
      this.release(oldest, Number.NaN);
    }
  }

  place(inv: Invocation): void {
    if (this.held.size === 0) return;
    this.release(inv.requestId, invocationTime(inv));
  }

  /** The lines of a request whose invocation has no time: undated, as `ship` stores them. */
  undated(requestId: string): void {
    if (this.held.size > 0) this.release(requestId, Number.NaN);
  }

  releaseAll(): void {
    for (const requestId of [...this.held.keys()]) this.release(requestId, Number.NaN);
  }

  private release(requestId: string, time: number): void {
    const list = this.held.get(requestId);
    if (!list) return;
    this.held.delete(requestId);
    for (const { group, bytes, lines } of list) {
      this.agg.addLogBytes(group, time, bytes, true);
      this.lines -= lines;
    }
  }
}
