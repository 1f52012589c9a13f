import type { Invocation, InvocationLine, LogEvent } from '../model.ts';
import type { ParsedLine } from '../parser/types.ts';
import type { StreamContextTable } from './stream-context.ts';

/** Bounds that keep the correlator's memory flat whatever the input does. */
export interface CorrelatorOptions {
  /** Invocations open at once across all streams; the oldest is emitted `incomplete` past it. Default 10,000. */
  maxOpenInvocations?: number;
  /** Lines kept per invocation; more are counted in `droppedLines`. Default 1,000. */
  maxLinesPerInvocation?: number;
  /**
   * Line text held at once, in bytes (a line counts its characters and a little more),
   * across open invocations and lines waiting for a request. Past it the oldest waiting lines
   * are told as outside any invocation, then the invocations that began keeping lines first
   * let go of their latest lines, counted in `droppedLines`, and keep no more (held-text.ts).
   * Default 256 MiB.
   */
  maxHeldBytes?: number;
  /** Function name for events whose log group does not tell it (local files). */
  functionName?: string;
  /**
   * Where what the logs say of each stream and group is kept (Region, account, runtime,
   * initialization type). Pass one to read it after the run (a report resolving invocations
   * that closed before their group's Region was seen) or to seed it (discovery); by
   * default the correlator keeps its own.
   */
  context?: StreamContextTable;
  /**
   * Told of each line counted as outside any invocation, once that is decided: a line a
   * stream wrote while no request was open in it waits for the stream's next request first
   * (an init phase's lines join it), and is told of only if none takes it.
   */
  onUnattributed?: ((line: InvocationLine) => void) | undefined;
  /**
   * Told of each invocation whose START was not read, as it closes and before it is given
   * out: a reader that knows why it was not (a window of history that began after it) may
   * mark it so.
   */
  onUnstarted?: ((inv: Invocation) => void) | undefined;
  /**
   * The input is live (`--follow`, `--live`, a pipe; `expire` completes what waits): a later
   * read may bring a stream's earlier lines, after the lines that follow them. Then a request
   * a later START displaced waits for its own END and REPORT past the next request's REPORT
   * (set-aside.ts), and a line tagged with a request closed lately (recently-closed.ts) is a
   * late line of it (`PushResult.late`) rather than the first line of another invocation.
   */
  live?: boolean | undefined;
}

/**
 * What happened to one pushed event. The correlator refills one result object at every
 * push: read it (or copy what you keep) before pushing again. Its `parsed` line may be
 * refilled too (the REPORT-only reading reads each REPORT into one object).
 */
export interface PushResult {
  /** The request the event was attributed to, or null when it belongs to none. */
  requestId: string | null;
  /** Invocations completed (REPORT seen, evicted, or their stream moved on) by this push. */
  completed: Invocation[];
  /** What the parser made of the event, so that callers need not parse it again. */
  parsed: ParsedLine;
  /**
   * Live input only: the event's line, when it is a late line of `requestId`, a request
   * already closed (and given out); null for every other event.
   */
  late: InvocationLine | null;
}

export interface CorrelatorStats {
  events: number;
  attributed: number;
  unattributed: number;
  invocations: number;
  /** Lines not kept past `maxLinesPerInvocation` (each counted in its invocation's `droppedLines`). */
  droppedLines: number;
  /** Lines not kept, or let go of, to hold at most `maxHeldBytes` (counted in their invocation's `droppedLines`). */
  heldDropped: number;
  /** Open invocations emitted early because `maxOpenInvocations` was reached. */
  evicted: number;
  /** Lines of a request already closed (live input only), given out as `PushResult.late`. */
  late: number;
  open: number;
}

/** Folds log events of one or more streams, in order per stream, into invocations. */
export interface Correlator {
  push(event: LogEvent): PushResult;
  /**
   * Says that the next event starts another input (file). The sweep for invocations whose
   * stream ended mid-request counts events from there, so what one input's reading closes,
   * and when, does not depend on how many events came before it: an input read by another
   * thread correlates as it does after others. `afterCut`: the input before it failed
   * part-way (gzip cut short); the requests it began are closed at the cut, as incomplete
   * unless reported, and the next push's result carries them.
   */
  newInput(afterCut?: boolean): void;
  /** Emits every invocation still open (as `incomplete` unless its REPORT came). */
  flush(): Invocation[];
  /**
   * Emits reported invocations that saw no event for `idleMs` (wall clock), and unreported
   * ones silent for longer than any invocation runs: in follow mode a stream can go quiet
   * right after a REPORT, and its invocation should not wait for the stream's next event.
   */
  expire(idleMs: number): Invocation[];
  stats(): CorrelatorStats;
}

/**
 * Watches what a correlator is given and what it closes, for a reader of part of the
 * input (the CLI's threads compare what each part saw).
 */
/** What a watcher reads of an invocation. */
export type WatchedInvocation = Pick<
  Invocation,
  'requestId' | 'functionName' | 'logGroup' | 'region' | 'accountId' | 'runtimeVersion'
>;

export interface CorrelationWatcher {
  /** `report`: the event was a REPORT line (what the correlator parsed it as). */
  noteEvent(event: LogEvent, report: boolean): void;
  /**
   * `tail`: the invocation was still open when the input ended, and closed by the flush.
   * `idHash`: the `requestIdHash` of its ID (request-id-hash.ts), when reading computed it.
   */
  noteInvocation(inv: WatchedInvocation, tail: boolean, idHash?: number): void;
}
