/**
 * The immutable face of one held invocation, as the list draws it; rebuilt only when the
 * invocation changes, so unchanged rows keep their object and skip rendering.
 */

import type { PushResult } from '../../collectors/correlator/types.ts';
import { formatIso } from '../../collectors/iso-time.ts';
import type { Invocation, InvocationLine, LogEvent, LogLevel } from '../../collectors/model.ts';
import { reportValueProblem } from '../../collectors/report-values.ts';
import type { TraceMatch } from '../../collectors/xray/attach.ts';
import type { Trace } from '../../collectors/xray/types.ts';
import type { RingItem } from './ring.ts';
import type { CostResult, RowView, TraceView } from './types.ts';
import { traceView } from './waterfall.ts';

/** One held invocation with what the store knows beside it. */
export interface Entry extends RingItem {
  /**
   * Its first event had no time (plain lines on stdin): the row keeps its arrival place
   * when it completes, rather than moving to a time read from one of its lines later,
   * which would put a running row that came after it above it.
   */
  untimed?: boolean;
  /**
   * When CloudWatch ingested the row's first event, if that event was stamped far past it: the
   * row is placed there rather than at its start (see `RowView.placeMs`).
   */
  ingestedBefore?: number;
  invocation: Invocation;
  live: boolean;
  /**
   * A running invocation's events and their levels, kept as they came: made into lines
   * only when someone reads them (the detail view, a search), since at thousands of
   * events a second most invocations complete before anyone looks.
   */
  liveEvents: LogEvent[] | null;
  liveLevels: (LogLevel | null)[] | null;
  trace: Trace | null;
  traceMatch: TraceMatch | null;
  /** Where fetching its trace stands, while none is attached: asked and waiting, or given up. */
  traceFetch: TraceFetch | null;
  /** Traces that name its request when its logs name no trace ID, when more than one does: why it has none. */
  rivalTraces: number;
  cost: CostResult | null;
  view: RowView | null;
}

/** A trace being asked for, or X-Ray's last word that it has none. */
export type TraceFetch = 'fetching' | 'not-found';

export function trimNewline(message: string): string {
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

export function isoOf(ms: number): string | null {
  return Number.isFinite(ms) ? formatIso(ms) : null;
}

/** The lines of a running invocation, made from the events it kept. */
export function liveLines(entry: Entry): InvocationLine[] {
  const events = entry.liveEvents ?? [];
  const levels = entry.liveLevels ?? [];
  return events.map((event, i) => {
    const line: InvocationLine = {
      timestamp: isoOf(event.timestamp),
      level: levels[i] ?? null,
      message: trimNewline(event.message),
    };
    if (event.eventId !== undefined) line.eventId = event.eventId;
    return line;
  });
}

export function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A row's identity: its function, log group and stream beside the request ID. Two functions
 * (or a retry in another stream) can log the same request ID, and `logs` prints each as its
 * own invocation; keyed by the ID alone, one row replaced the other. NUL cannot occur in
 * any of the parts, so the key never collides with a bare request ID.
 */
export function rowKeyOf(
  functionName: string | null,
  logGroup: string | null,
  logStream: string | null,
  requestId: string,
): string {
  return `${functionName ?? ''}\u0000${logGroup ?? ''}\u0000${logStream ?? ''}\u0000${requestId}`;
}

/**
 * The row of another run of the request whose row is `id`, in the same stream: Lambda runs
 * an asynchronous event again under the same request ID, often in the environment that
 * failed it. The request ID stays last (`requestIdOfRow`).
 */
export function laterRunKey(id: string, run: number): string {
  const at = id.lastIndexOf('\u0000');
  return `${id.slice(0, at)}\u0001${run}${id.slice(at)}`;
}

/** Whether row `id` is the row `own` names or the row of a later run of it. */
export function isRunOf(id: string, own: string): boolean {
  if (id === own) return true;
  const at = own.lastIndexOf('\u0000');
  const head = `${own.slice(0, at)}\u0001`;
  const tail = own.slice(at);
  if (!id.startsWith(head) || !id.endsWith(tail)) return false;
  const run = id.slice(head.length, id.length - tail.length);
  return run !== '' && [...run].every((c) => c >= '0' && c <= '9');
}

/** The request ID a row ID ends with (a bare request ID is its own). */
export function requestIdOfRow(id: string): string {
  return id.slice(id.lastIndexOf('\u0000') + 1);
}

/**
 * A row placed by its own time stands at its key. An untimed row's key is only the time of
 * the row it came after (or none, before any): it stands at the start it draws once a line
 * gives one, so `t` finds it by the time the list shows for it.
 */
function placeOf(entry: Entry, startMs: number | null): number | null {
  if (entry.untimed) return startMs;
  return Number.isFinite(entry.key) ? entry.key : null;
}

export function buildView(entry: Entry): RowView {
  const inv = entry.invocation;
  const cost = entry.cost;
  return {
    id: entry.id,
    requestId: inv.requestId,
    seq: entry.seq,
    functionName: inv.functionName,
    status: inv.status,
    live: entry.live,
    coldStart: inv.coldStart,
    errorType: inv.errorType,
    startMs: toMs(inv.start),
    placeMs: placeOf(entry, toMs(inv.start)),
    durationMs: inv.durationMs,
    billedDurationMs: inv.billedDurationMs,
    memorySizeMB: inv.memorySizeMB,
    maxMemoryUsedMB: inv.maxMemoryUsedMB,
    costUsd: cost?.ok ? cost.cost.totalUsd : null,
    costReason: cost && !cost.ok ? cost.reason : null,
    traceId: inv.traceId ?? entry.trace?.traceId ?? null,
    hasTrace: entry.trace !== null,
    lineCount: (entry.liveEvents?.length ?? inv.lines.length) + inv.droppedLines,
    damaged: reportValueProblem(inv) !== null,
  };
}

/** The level the parser found, so running rows and finished ones agree. */
export function levelOf(parsed: PushResult['parsed']): InvocationLine['level'] {
  return parsed.kind === 'app' ? parsed.level : null;
}

/** What the detail view shows of one held invocation (its running lines made now). */
export interface InvocationDetail {
  invocation: Invocation;
  live: boolean;
  trace: TraceView | null;
  /** How the trace was paired, or why it was not (null: no trace offered yet). */
  traceMatch: TraceMatch | null;
  /** Where fetching the trace stands (null: not asked, or the fetch failed). */
  traceFetch: TraceFetch | null;
  /** How many traces name its request when its logs name none and more than one does (0 otherwise). */
  rivalTraces: number;
  /**
   * The traces file given (`--traces-file`), then the screen's one source of traces, and
   * whether it holds the trace the logs name; null when traces come from X-Ray or nowhere.
   */
  tracesFile: { path: string; hasTrace: boolean } | null;
  /** Why it is shown incomplete when a window of history began after it (window-start.ts); else null. */
  startCut: string | null;
  /** Why it is shown incomplete when the window of history read ended before it did (window-end.ts); else null. */
  endCut: string | null;
  cost: CostResult | null;
}

/** What the screen knows beyond the row, for its detail view. */
export interface DetailContext {
  tracesFile: TracesFileView | null;
  /**
   * The note for an invocation begun before the window of history read, or null: asked of
   * the invocation, since another of its request ID (a retry, in another stream) may not be.
   */
  startCut: (invocation: Invocation) => string | null;
  /** The note for an invocation still running where the window of history read ends, or null. */
  endCut: (invocation: Invocation) => string | null;
}

/** A traces file given to the screen: its name and the trace IDs it holds. */
export interface TracesFileView {
  path: string;
  traceIds: ReadonlySet<string>;
}

export function detailOf(
  entry: Entry,
  { tracesFile, startCut, endCut }: DetailContext = {
    tracesFile: null,
    startCut: () => null,
    endCut: () => null,
  },
): InvocationDetail {
  const inv = entry.invocation;
  const events = entry.liveEvents;
  const last = events?.[events.length - 1];
  return {
    invocation: events
      ? { ...inv, lines: liveLines(entry), end: last ? isoOf(last.timestamp) : inv.end }
      : { ...inv, lines: inv.lines.slice() },
    live: entry.live,
    trace: entry.trace ? traceView(entry.trace) : null,
    traceMatch: entry.traceMatch,
    traceFetch: entry.traceFetch,
    rivalTraces: entry.rivalTraces,
    tracesFile: tracesFile && {
      path: tracesFile.path,
      hasTrace: inv.traceId !== null && tracesFile.traceIds.has(inv.traceId),
    },
    startCut: events ? null : startCut(inv),
    endCut: events ? null : endCut(inv),
    cost: entry.cost,
  };
}

/** What the `/` search and the highlights look in: the request ID, the function name, the lines. */
export function entryTexts(entry: Entry): string[] {
  const inv = entry.invocation;
  const texts = [inv.requestId];
  if (inv.functionName !== null) texts.push(inv.functionName);
  for (const line of entry.liveEvents ?? inv.lines) texts.push(line.message);
  return texts;
}
