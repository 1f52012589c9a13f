import type { Invocation, InvocationStatus } from '../../collectors/model.ts';

/** One span of a trace waterfall, flattened in display order. */
export interface SpanView {
  id: string;
  name: string;
  /** Nesting depth: 0 for a segment, 1+ for its subsegments. */
  depth: number;
  startMs: number;
  /** Null while the segment is still in progress. */
  endMs: number | null;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  origin: string | null;
}

/** A trace as the detail view draws it. */
export interface TraceView {
  traceId: string;
  startMs: number;
  endMs: number;
  spans: SpanView[];
}

/** One invocation's cost, split so the detail view can show where it comes from. */
export interface CostView {
  totalUsd: number;
  parts: { label: string; usd: number }[];
  /** Charges this invocation incurs that the total leaves out, and why. */
  notIncluded?: string[];
}

/**
 * One invocation's price, or why it has none: `reason` in full for the detail view, `short`
 * (a few words and the flag that fixes it) for the status bar.
 */
export type CostResult =
  | {
      ok: true;
      cost: CostView;
      /** What the price assumed that neither the logs nor --config said (`Region us-east-1 from AWS_REGION`, `x86_64 assumed`). */
      assumed?: string[];
    }
  | { ok: false; reason: string; short?: string };

/** Prices one invocation; never throws. */
export type CostFn = (invocation: Invocation) => CostResult;

/** Problems reading the input, as they happen (a file that cannot be read, malformed lines). */
export interface InputProblems {
  /** Inputs that could not be read at all. */
  errors: number;
  warnings: number;
  /** The newest problem in words, naming the input. */
  latest: string | null;
}

/** How complete the input is, as the source reports it (AWS follow); all optional for files. */
export interface SourceStatus {
  /** Milliseconds between an event's time and its arrival here. */
  lagMs: number | null;
  throttled: boolean;
  sampled: boolean;
  logGroups: number;
  /** Current poll interval, when the source polls. */
  intervalMs: number | null;
  /** Free-form source name shown in the status bar (`replay`, `stdin`, `follow`). */
  label: string;
  /** True once the source has no more events (end of a file or of stdin). */
  ended: boolean;
  /** Set when reading failed (the source ended early), in words. */
  failure: string | null;
  problems: InputProblems;
  /** What the program itself wrote while the screen was taken (warnings), kept for after. */
  messages: { count: number; latest: string | null };
  /**
   * What CloudWatch's completeness says beyond the bar's own words (a missing group, late,
   * swept or future-stamped events, the dedupe bound): how many things, and the first.
   */
  notes: { count: number; first: string | null };
}

/** The immutable face of one invocation in the list; rebuilt only when it changes. */
export interface RowView {
  /** The row's identity (row-view.ts `rowKeyOf`): what selection, pins and bookmarks hold. */
  id: string;
  requestId: string;
  /** Arrival order, stable across updates; breaks ties of equal start times. */
  seq: number;
  functionName: string | null;
  status: InvocationStatus;
  /** Still open: lines arrived but no REPORT yet. */
  live: boolean;
  coldStart: boolean;
  errorType: string | null;
  startMs: number | null;
  /**
   * Where the row stands in time order: its start, unless that is stamped more than 5 s
   * past the time CloudWatch ingested the row's first event (a container with a bad clock,
   * up to 2 h ahead; collectors/ingestion-skew.ts, the rule the correlator places untagged
   * lines by), when it stands at that ingestion, among the rows that came with it. A row
   * whose first line had no time is listed where it arrived and stands at the start it draws
   * (null until a line gives one). Following, the selection and `t` go by it, so one
   * future-stamped row is not the newest for hours.
   */
  placeMs: number | null;
  durationMs: number | null;
  billedDurationMs: number | null;
  memorySizeMB: number | null;
  maxMemoryUsedMB: number | null;
  costUsd: number | null;
  /** Why the row has no cost, when it has none and is complete. */
  costReason: string | null;
  traceId: string | null;
  hasTrace: boolean;
  /** A REPORT figure no function can have (see damagedReportText): the row marks it. */
  damaged: boolean;
  lineCount: number;
}

/** Counters the status bar shows. */
export interface TailStats {
  events: number;
  eventsPerSecond: number;
  invocations: number;
  /** Invocations pushed out of the ring buffer. */
  dropped: number;
  /** Rows held now, and how many of them only because they are pinned (pause, detail, bookmarks). */
  held: number;
  pinnedBeyond: number;
  /** Completed invocations since the start, and how many of them have a price. */
  completed: number;
  /**
   * Completed invocations since the start that failed (timeout, out of memory, crash,
   * error): the same set `invocations` counts, whatever the ring dropped or a filter hides.
   */
  failed: number;
  priced: number;
  /** The commonest reason completed invocations have no price, when some have none. */
  unpricedReason: string | null;
  /** What at least one of the priced invocations was priced assuming (`Region … from AWS_REGION`, `x86_64 assumed`). */
  assumed: string[];
  unattributed: number;
  /** Distinct log groups seen in events (counted up to a bound). */
  logGroups: number;
  /** Running cost per function, highest first. */
  /**
   * Money of each function's invocations priced since the start; `partial` when some of its
   * completed invocations were not priced, so its sum is only at least that (as the summary's COST).
   */
  costByFunction: { functionName: string; usd: number; count: number; partial: boolean }[];
  /** Earliest and latest start drawn of the rows held (event time), for the date column. */
  spanMs: { min: number; max: number } | null;
}

/** What the store publishes, at most once per publish interval. */
export interface TailSnapshot {
  version: number;
  rows: readonly RowView[];
  stats: TailStats;
  source: SourceStatus;
}
