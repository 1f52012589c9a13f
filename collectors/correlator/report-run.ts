/**
 * The correlator, with a short way for input that is nothing but REPORT lines (a Logs
 * Insights export, a filtered read): the form a cost report over millions of invocations
 * is usually fed.
 *
 * For such a run the correlator's whole work is bookkeeping: each REPORT opens an
 * invocation of its own (its START is not in the input), which stays open in case a line
 * tagged with its ID turns up, until the bound on open invocations (or 16 minutes of event
 * time, or the input's end) lets it go. Profiles of `cost` on REPORT lines put a quarter of
 * the time in that bookkeeping and a fifth in collecting the objects it kept alive.
 *
 * So while every line is a REPORT in the usual shape with an ID not already waiting, this
 * keeps their figures in typed columns (nothing for the collector to trace or copy) in a
 * queue with the correlator's bound, order and sweeps, and builds each invocation only
 * when the correlator would have closed it, with the same functions (`open-invocation.ts`)
 * and the stream's context as it is then. At the first line that is anything else, the
 * waiting REPORTs are replayed into a real correlator at the event numbers they had, and
 * every line after goes to it. The same invocations come out, in the same order: tests
 * compare the two on the fixtures and on generated mixes of lines.
 *
 * A consumer that only adds REPORTs up (`cost`) can take each lone one as it closes
 * (`onLoneReport`) from one object refilled in place, and no invocation is built for it:
 * building, closing and collecting them was the larger part of what was left.
 */
import { MAX_DATE_MS } from '../iso-time.ts';
import {
  emptyInvocation,
  functionNameFromLogGroup,
  type Invocation,
  type InvocationLine,
  type LogEvent,
} from '../model.ts';
import { EXACT_ID_AT, emptyReport, exactReportInto } from '../parser/exact-report.ts';
import { plainLine } from '../parser/parse-line.ts';
import { reportByExpression } from '../parser/text-platform.ts';
import type { ReportLine } from '../parser/types.ts';
import { type CorrelatorClock, createCorrelator, type ReplayCorrelator } from './correlator.ts';
import { isoTime, trimNewline } from './line-text.ts';
import { addLine, applyReport, close, noteSource, openInvocation } from './open-invocation.ts';
import { decideOutcome, emptyFacts } from './outcome.ts';
import { OWN_FIELDS_FROM } from './own-fields.ts';
import { requestIdHash, requestIdHashAt, tableHash } from './request-id-hash.ts';
import { SlotQueue } from './slot-queue.ts';
import type { StreamState } from './state.ts';
import { StreamContextTable } from './stream-context.ts';
import type { Correlator, CorrelatorOptions, CorrelatorStats, PushResult } from './types.ts';
import { type IdSource, WaitingIds } from './waiting-ids.ts';

/**
 * An invocation of one REPORT that nothing else named, as a consumer that only adds up
 * REPORTs reads it: every field the correlator would have given it but its time span and
 * lines (the time comes apart, as a number), filled in place.
 */
export type LoneReport = Omit<Invocation, 'start' | 'end' | 'lines' | 'droppedLines'>;

export interface ReportRunOptions extends CorrelatorOptions {
  /**
   * Takes each invocation of a lone REPORT as it closes instead of the correlator building
   * it: `report` is refilled for the next one, `time` is its event's (NaN without one),
   * `atEnd` says the flush closed it, and `idHash` is the `requestIdHash` of its ID, as
   * reading it computed. Returning false asks for the whole invocation, in `completed` or
   * the flush's result, as without this.
   */
  onLoneReport?: ((report: LoneReport, time: number, atEnd: boolean, idHash: number) => boolean) | undefined;
}

/** The correlator's own bounds and cadence, which this keeps to the event. */
const DEFAULT_MAX_OPEN = 10_000;
const DEFAULT_MAX_LINES = 1_000;
const STALE_MS = 16 * 60_000;
const SWEEP_EVERY = 4096;
const NONE: readonly Invocation[] = Object.freeze([]);
/**
 * A waiting REPORT's row of numbers: its seven figures, NaN for absent or written but
 * unreadable (the parser's NaN); its event's time; its ID's hash; and its BITS, bit i set
 * when figure i was written but is unreadable, so that each reads back as read (any double,
 * ±Infinity too, is a figure the parser can give), and HAS_TEXT when it names a status, an
 * error type or a trace.
 *
 * A REPORT is let go of some 10,000 lines after it was read, when nothing of it is in the
 * processor's caches any more: what that reads was a dozen memory lines apart (an array
 * each), and waiting for them was a good part of the bookkeeping's time. In one row most
 * are read together, and the three strings only when the REPORT has any.
 */
const ROW = 10;
const TIME = 7;
const HASH = 8;
const BITS = 9;
/** Set in a row's BITS when the REPORT has a status, an error type or a trace ID. */
const HAS_TEXT = 1 << 7;

/** The stream an invocation built here is filed under: only the correlator reads it. */
const NO_STREAM: StreamState = {
  group: '',
  name: '',
  current: null,
  held: null,
  pendingInit: null,
  recent: null,
  aside: null,
};
/**
 * Where a waiting REPORT was read: what the correlator reads of its event when no lines are
 * kept. Events of one input share these strings, so one object stands for a run of them.
 */
type Source = Pick<LogEvent, 'logGroup' | 'logStream' | 'functionName' | 'accountId'>;

/** With no lines kept (cost) the line is only counted, so one shared line stands for all. */
const UNKEPT: InvocationLine = { timestamp: null, level: null, message: '' };

function kept(figure: number | null): number {
  return figure === null ? Number.NaN : figure;
}

/** Bit `bit` set when `figure` was written but reads as no number. */
function unreadableBit(figure: number | null, bit: number): number {
  return figure !== null && Number.isNaN(figure) ? 1 << bit : 0;
}

function readBack(n: number, unreadable: number, bit: number): number | null {
  if (!Number.isNaN(n)) return n;
  return (unreadable >> bit) & 1 ? Number.NaN : null;
}

/**
 * Waiting REPORTs in slots: a row of numbers each in one Float64Array (see ROW), the few
 * strings and where each was read in arrays, a slot reused once its REPORT is let go of.
 *
 * The event itself is kept only when lines are: its invocation needs the message and the
 * event ID then, and nothing else of it that where it was read and its time do not give.
 * Kept by 10,000 waiting REPORTs, each event was copied by young-generation collections
 * (and promoted, to be collected once more) for nothing in `cost`. (Its message lives as
 * long as the ID cut from it: a copy of the ID cost more than the collector's work on it.)
 */
class Slots implements IdSource {
  /** ROW numbers a slot; at HASH the ID's `requestIdHash`, filed in `WaitingIds` under its `tableHash`. */
  rows: Float64Array;
  numbers: Float64Array;
  readonly ids: string[] = [];
  readonly status: (string | null)[] = [];
  readonly errorType: (string | null)[] = [];
  readonly traceId: (string | null)[] = [];
  readonly sources: Source[] = [];
  readonly events: (LogEvent | null)[] = [];
  private free: number[] = [];
  private size = 0;

  constructor() {
    this.rows = new Float64Array(ROW * 1024);
    this.numbers = new Float64Array(1024);
  }

  take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.size++;
    if (slot >= this.numbers.length) this.grow();
    return slot;
  }

  give(slot: number): void {
    this.events[slot] = null;
    this.free.push(slot);
  }

  idEquals(slot: number, id: string): boolean {
    return this.ids[slot] === id;
  }

  private grow(): void {
    const rows = new Float64Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

class ReportRunCorrelator implements Correlator {
  private inner: ReplayCorrelator | null = null;
  private readonly maxOpen: number;
  private readonly maxLines: number;
  private readonly context: StreamContextTable;
  private readonly slots = new Slots();
  /** Slots oldest first. */
  private readonly queue = new SlotQueue();
  /** Slot of each waiting REPORT by request ID: a second REPORT for one is the correlator's to judge. */
  private readonly waiting = new WaitingIds(this.slots);
  /** The source of the last REPORT kept, for the next of its input to share. */
  private source: Source = {};
  private events = 0;
  /** Events before the current input began (see Correlator.newInput). */
  private inputStart = 0;
  /**
   * Events before each input began, in order, the current one last: a REPORT handed over is
   * replayed with the start of the input it was read in, where the correlator's sweeps
   * counted it from (one a file).
   */
  private readonly inputStarts: number[] = [0];
  /** Counts of the REPORTs placed here, as the correlator would have counted them. */
  private attributed = 0;
  private droppedLines = 0;
  private invocations = 0;
  private completed: Invocation[] = [];
  /** What the replay at the hand-over completed (nothing, as the tests hold), for the next result. */
  private replayed: Invocation[] = [];
  private readonly result: PushResult = {
    requestId: null,
    completed: NONE as Invocation[],
    parsed: plainLine(),
    late: null,
  };
  /**
   * The REPORT just read, refilled for each line in the exact shape: its figures go to a
   * slot, and the push's result shows it until the next push, as it shows the rest.
   */
  private readonly lastRead: ReportLine = emptyReport();
  /** Handed to `applyReport`, refilled for each invocation built. */
  private readonly report: ReportLine = emptyReport();

  /** Refilled for `onLoneReport` (an invocation's fields the consumer does not read stay empty). */
  private readonly lone: LoneReport = emptyInvocation('');
  private readonly loneFacts = emptyFacts();

  constructor(
    private readonly options: ReportRunOptions,
    private readonly clock: CorrelatorClock,
  ) {
    this.maxOpen = options.maxOpenInvocations ?? DEFAULT_MAX_OPEN;
    this.maxLines = options.maxLinesPerInvocation ?? DEFAULT_MAX_LINES;
    this.context = options.context ?? new StreamContextTable();
    if (!(this.maxOpen >= 1) || !(this.maxLines >= 0)) {
      throw new RangeError(
        'correlator bounds must be positive: maxOpenInvocations >= 1, maxLinesPerInvocation >= 0',
      );
    }
  }

  push(event: LogEvent): PushResult {
    if (this.inner) return this.inner.push(event);
    const message = event.message;
    // What `parseLine` gives a message that starts with R: the usual REPORT pattern first.
    // A waiting REPORT keeps its event whole: a long one (no usual REPORT is) goes to the
    // correlator, which keeps only what it needs of it (own-fields.ts).
    if (message.charCodeAt(0) !== 82 || message.length >= OWN_FIELDS_FROM) return this.pushHandedOver(event);
    const slot = this.slots.take();
    const report = this.read(message, slot);
    if (report === null) {
      this.slots.give(slot);
      return this.pushHandedOver(event);
    }
    const number = ++this.events;
    const completed = this.completed;
    const given = Number.isFinite(event.timestamp) ? event.timestamp : Number.NaN;
    const time = Math.abs(given) <= MAX_DATE_MS ? given : Number.NaN;
    if ((number - this.inputStart) % SWEEP_EVERY === 0 && Number.isFinite(time))
      this.releaseStale(time, completed);
    this.keep(event, slot, time, number);
    this.attributed++;
    if (this.maxLines === 0) this.droppedLines++;
    if (this.waiting.size > this.maxOpen) this.releaseOldest(completed);
    // A subscription payload's owner owns the whole group: the correlator learns it as the
    // line is placed, after the invocation it pushed out closed.
    if (event.accountId) {
      this.context.learnGroup(event.logGroup ?? event.functionName ?? '', { accountId: event.accountId });
    }
    const result = this.result;
    result.requestId = report.requestId;
    result.parsed = report;
    if (completed.length === 0) {
      result.completed = NONE as Invocation[];
    } else {
      result.completed = completed;
      this.completed = [];
    }
    return result;
  }

  /**
   * Reads a REPORT into `slot` (figures, ID and the strings it has); null when the line is
   * not one in the usual shape, or its request ID is already waiting (then the correlator
   * judges it).
   */
  private read(message: string, slot: number): ReportLine | null {
    // `reportByPattern`, taken apart: a line in the exact shape has its ID at a known place,
    // where it is hashed.
    const exact = exactReportInto(message, this.lastRead);
    const report = exact ? this.lastRead : reportByExpression(message);
    if (report === null) return null;
    const id = report.requestId;
    const hash = exact ? requestIdHashAt(message, EXACT_ID_AT, EXACT_ID_AT + id.length) : requestIdHash(id);
    if (this.waiting.find(tableHash(hash), id) >= 0) return null;
    const s = this.slots;
    const f = s.rows;
    const at = slot * ROW;
    f[at] = kept(report.durationMs);
    f[at + 1] = kept(report.billedDurationMs);
    f[at + 2] = kept(report.memorySizeMB);
    f[at + 3] = kept(report.maxMemoryUsedMB);
    f[at + 4] = kept(report.initDurationMs);
    f[at + 5] = kept(report.restoreDurationMs);
    f[at + 6] = kept(report.billedRestoreDurationMs);
    const text = report.status !== null || report.errorType !== null || report.traceId !== null;
    f[at + HASH] = hash;
    f[at + BITS] =
      unreadableBit(report.durationMs, 0) |
      unreadableBit(report.billedDurationMs, 1) |
      unreadableBit(report.memorySizeMB, 2) |
      unreadableBit(report.maxMemoryUsedMB, 3) |
      unreadableBit(report.initDurationMs, 4) |
      unreadableBit(report.restoreDurationMs, 5) |
      unreadableBit(report.billedRestoreDurationMs, 6) |
      (text ? HAS_TEXT : 0);
    s.ids[slot] = id;
    // Without HAS_TEXT the slot's strings are left as they were (one set a slot at most): they are not read.
    if (text) {
      s.status[slot] = report.status;
      s.errorType[slot] = report.errorType;
      s.traceId[slot] = report.traceId;
    }
    return report;
  }

  newInput(afterCut = false): void {
    // REPORT lines alone begin no request (no START): only a real correlator has any to close.
    if (this.inner) {
      this.inner.newInput(afterCut);
      return;
    }
    this.inputStart = this.events;
    this.inputStarts.push(this.events);
  }

  flush(): Invocation[] {
    if (this.inner) return this.inner.flush();
    const out: Invocation[] = [];
    const queue = this.queue;
    for (let i = queue.head; i < queue.end; i++) {
      const slot = queue.at(i);
      if (slot >= 0) this.release(slot, out, true);
    }
    queue.clear();
    return out;
  }

  expire(idleMs: number): Invocation[] {
    // Idle expiry is a follower's: it takes the correlator's own bookkeeping.
    const expired = this.handOver().expire(idleMs);
    return this.replayed.length === 0 ? expired : [...this.takeReplayed(), ...expired];
  }

  stats(): CorrelatorStats {
    if (!this.inner) {
      return {
        events: this.events,
        attributed: this.attributed,
        unattributed: 0,
        invocations: this.invocations,
        droppedLines: this.droppedLines,
        heldDropped: 0,
        evicted: 0,
        late: 0,
        open: this.waiting.size,
      };
    }
    // The inner correlator counted every event before the hand-over, and the replayed ones' placing.
    const s = this.inner.stats();
    return {
      ...s,
      attributed: s.attributed + this.attributed,
      invocations: s.invocations + this.invocations,
      droppedLines: s.droppedLines + this.droppedLines,
    };
  }

  /** Files the REPORT `read` put in `slot` as waiting, the newest. */
  private keep(event: LogEvent, slot: number, time: number, number: number): void {
    const s = this.slots;
    s.rows[slot * ROW + TIME] = time;
    s.numbers[slot] = number;
    s.sources[slot] = this.sourceOf(event);
    if (this.maxLines > 0) s.events[slot] = event;
    this.queue.push(slot);
    this.waiting.add(tableHash(s.rows[slot * ROW + HASH] as number), slot);
  }

  /** The source of `event`: the last one when the event shares its strings. */
  private sourceOf(event: LogEvent): Source {
    const last = this.source;
    if (
      event.logGroup === last.logGroup &&
      event.logStream === last.logStream &&
      event.functionName === last.functionName &&
      event.accountId === last.accountId
    )
      return last;
    const source: Source = {
      logGroup: event.logGroup,
      logStream: event.logStream,
      functionName: event.functionName,
      accountId: event.accountId,
    };
    this.source = source;
    return source;
  }

  /**
   * The event of a waiting REPORT as the correlator reads it: the event itself when lines
   * are kept; else one of its source and time, which is all the correlator reads of a
   * REPORT's event when it keeps no lines (its message only becomes a line, and its time
   * is the one kept: the correlator takes no other for a REPORT, which says none).
   */
  private eventOf(slot: number): LogEvent {
    const s = this.slots;
    const kept = s.events[slot];
    if (kept) return kept;
    const source = s.sources[slot] as Source;
    return {
      timestamp: s.rows[slot * ROW + TIME] as number,
      message: '',
      logGroup: source.logGroup,
      logStream: source.logStream,
      functionName: source.functionName,
      accountId: source.accountId,
    };
  }

  /** The REPORT of a slot as the parser gave it. */
  private reportOf(slot: number): ReportLine {
    const s = this.slots;
    const f = s.rows;
    const at = slot * ROW;
    const r = this.report;
    r.requestId = s.ids[slot] as string;
    const u = f[at + BITS] as number;
    r.durationMs = readBack(f[at] as number, u, 0);
    r.billedDurationMs = readBack(f[at + 1] as number, u, 1);
    r.memorySizeMB = readBack(f[at + 2] as number, u, 2);
    r.maxMemoryUsedMB = readBack(f[at + 3] as number, u, 3);
    r.initDurationMs = readBack(f[at + 4] as number, u, 4);
    r.restoreDurationMs = readBack(f[at + 5] as number, u, 5);
    r.billedRestoreDurationMs = readBack(f[at + 6] as number, u, 6);
    const text = (u & HAS_TEXT) !== 0;
    r.status = text ? (s.status[slot] ?? null) : null;
    r.errorType = text ? (s.errorType[slot] ?? null) : null;
    r.traceId = text ? (s.traceId[slot] ?? null) : null;
    return r;
  }

  /** The first push after the hand-over, with anything the replay completed before its own. */
  private pushHandedOver(event: LogEvent): PushResult {
    const result = this.handOver().push(event);
    if (this.replayed.length > 0) result.completed = [...this.takeReplayed(), ...result.completed];
    return result;
  }

  private takeReplayed(): Invocation[] {
    const replayed = this.replayed;
    this.replayed = [];
    return replayed;
  }

  /**
   * Gives the waiting REPORTs to a correlator, each at the event number it had and from the
   * start of the input it was read in, so that its sweeps and waits fall where they would
   * have; the counts of those go with them. (Counted from the current input's start, the
   * last REPORT of an earlier input fell on a sweep: an Insights export's REPORTs were let
   * go before the full logs read next could join them, and were counted twice.)
   */
  private handOver(): ReplayCorrelator {
    if (this.inner) return this.inner;
    const inner = createCorrelator(this.options, this.clock);
    const s = this.slots;
    const queue = this.queue;
    const starts = this.inputStarts;
    let input = 0;
    for (let i = queue.head; i < queue.end; i++) {
      const slot = queue.at(i);
      if (slot < 0) continue;
      const number = s.numbers[slot] as number;
      while (input + 1 < starts.length && (starts[input + 1] as number) < number) input++;
      inner.setInputStart(starts[input] as number);
      inner.skipEvents(number - 1 - inner.stats().events);
      const { completed } = inner.pushParsed(this.eventOf(slot), { ...this.reportOf(slot) });
      // Each was open in the correlator's run at this point and stays open in the replay, so
      // this holds nothing; were it to, the invocations are handed on, never lost.
      this.replayed.push(...completed);
      this.attributed--;
      if (this.maxLines === 0) this.droppedLines--;
    }
    inner.skipEvents(this.events - inner.stats().events);
    inner.setInputStart(this.inputStart);
    queue.clear();
    this.waiting.clear();
    this.inner = inner;
    return inner;
  }

  private releaseOldest(out: Invocation[]): void {
    const slot = this.queue.shift();
    if (slot >= 0) this.release(slot, out);
  }

  /** Every 4096 events the correlator lets go of what is 16 minutes older than the event, oldest first. */
  private releaseStale(time: number, out: Invocation[]): void {
    const cutoff = time - STALE_MS;
    const queue = this.queue;
    const f = this.slots.rows;
    let released = false;
    for (let i = queue.head; i < queue.end; i++) {
      const slot = queue.at(i);
      if (slot < 0) continue;
      const t = f[slot * ROW + TIME] as number;
      if (t < cutoff && Number.isFinite(t)) {
        queue.drop(i);
        this.release(slot, out);
        released = true;
      }
    }
    // Let-go entries behind a waiting one would pile up: dropped here, where they were made.
    if (released) queue.compact();
  }

  /**
   * The invocation `release` builds, as the fields of a `LoneReport`, read straight from the
   * REPORT's slot: each is what `openInvocation`, `applyReport`, `noteSource` and `close`
   * give it there (tests hold the two ways to the same report).
   */
  private loneReport(event: Source, slot: number): LoneReport {
    const r = this.lone;
    const s = this.slots;
    const fig = s.rows;
    const at = slot * ROW;
    const u = fig[at + BITS] as number;
    const text = (u & HAS_TEXT) !== 0;
    const group = event.logGroup ?? null;
    const facts = this.context.resolve(group ?? event.functionName ?? '', event.logStream ?? '');
    const memorySizeMB = readBack(fig[at + 2] as number, u, 2);
    const maxMemoryUsedMB = readBack(fig[at + 3] as number, u, 3);
    const initDurationMs = readBack(fig[at + 4] as number, u, 4);
    const restoreDurationMs = readBack(fig[at + 5] as number, u, 5);
    const status = text ? (s.status[slot] ?? null) : null;
    const errorType = text ? (s.errorType[slot] ?? null) : null;
    r.requestId = s.ids[slot] as string;
    r.functionName =
      event.functionName ?? functionNameFromLogGroup(group) ?? this.options.functionName ?? null;
    r.logGroup = group;
    r.logStream = event.logStream ?? null;
    r.accountId = event.accountId ?? facts.accountId;
    r.region = facts.region;
    r.runtimeVersion = facts.runtimeVersion;
    r.initializationType = facts.initializationType;
    r.durationMs = readBack(fig[at] as number, u, 0);
    r.billedDurationMs = readBack(fig[at + 1] as number, u, 1);
    r.memorySizeMB = memorySizeMB;
    r.maxMemoryUsedMB = maxMemoryUsedMB;
    r.initDurationMs = initDurationMs;
    r.restoreDurationMs = restoreDurationMs;
    r.billedRestoreDurationMs = readBack(fig[at + 6] as number, u, 6);
    r.coldStart = initDurationMs !== null || restoreDurationMs !== null;
    r.traceId = text ? (s.traceId[slot] ?? null) : null;
    const f = this.loneFacts;
    f.reported = true;
    f.reportStatus = status;
    f.reportErrorType = errorType;
    f.memorySizeMB = memorySizeMB;
    f.maxMemoryUsedMB = maxMemoryUsedMB;
    const outcome = decideOutcome(f);
    r.status = outcome.status;
    r.errorType = outcome.errorType;
    return r;
  }

  /** Builds the invocation as the correlator does for a REPORT whose START it never saw, and closes it. */
  private release(slot: number, out: Invocation[], atEnd = false): void {
    const s = this.slots;
    const event = s.sources[slot] as Source;
    const keptEvent = s.events[slot];
    const time = s.rows[slot * ROW + TIME] as number;
    const hash = s.rows[slot * ROW + HASH] as number;
    this.waiting.remove(tableHash(hash), slot);
    // The slot's figures and strings stay as they are until it is taken again, after this.
    s.give(slot);
    // Once one is declined the rest of this push (or flush) are built too: they reach the
    // consumer in the order they closed. A reader told of unstarted invocations is given them
    // built, as the correlator gives them.
    const onLone = this.options.onLoneReport;
    if (
      onLone &&
      !this.options.onUnstarted &&
      this.maxLines === 0 &&
      out.length === 0 &&
      onLone(this.loneReport(event, slot), time, atEnd, hash)
    ) {
      this.invocations++;
      return;
    }
    const report = this.reportOf(slot);
    const o = openInvocation(report.requestId, NO_STREAM, Number.NaN);
    applyReport(o, report);
    o.facts.reportStatus = report.status;
    o.facts.reportErrorType = report.errorType;
    o.inv.traceId ??= report.traceId;
    o.inv.functionName =
      event.functionName ?? functionNameFromLogGroup(event.logGroup) ?? this.options.functionName ?? null;
    noteSource(o, event);
    let line = UNKEPT;
    if (keptEvent) {
      line = {
        timestamp: isoTime(time),
        level: null,
        message: trimNewline(keptEvent.message),
      };
      if (keptEvent.eventId !== undefined) line.eventId = keptEvent.eventId;
    }
    addLine(o, line, time, this.maxLines);
    this.invocations++;
    const facts = this.context.resolve(event.logGroup ?? event.functionName ?? '', event.logStream ?? '');
    const inv = close(o, facts);
    // Its START was not read, as the correlator tells of a request it never saw start.
    this.options.onUnstarted?.(inv);
    out.push(inv);
  }
}

/**
 * A correlator for readers of whole inputs (they push every event and flush at the end)
 * that reads runs of lone REPORT lines without the correlator's bookkeeping (see above).
 */
export function createReportRunCorrelator(
  options: ReportRunOptions = {},
  clock: CorrelatorClock = { now: Date.now },
): Correlator {
  return new ReportRunCorrelator(options, clock);
}
