/**
 * Folds log events into invocations.
 *
 * Within one log stream an execution environment runs one request at a time, so lines
 * between START and REPORT belong to that request even without an ID (Python `print`,
 * native code). Tagged lines are attributed by their ID, the only rule that holds when
 * requests interleave (JSON-format environments serving several requests at once).
 * Lines of the init phase (INIT_START, RESTORE_*, what the code prints while loading)
 * belong to the invocation the new environment serves first: its cold start.
 *
 * A REPORT whose START was never seen (a Logs Insights export of REPORT lines, a capture
 * that starts mid-request) is an invocation of its own, and stays open for the lines
 * tagged with its ID wherever they come, until its stream's time moves past the longest
 * invocation, the bound on open invocations is reached, or the input ends.
 *
 * Live input (`CorrelatorOptions.live`) may bring a stream's earlier lines after later
 * ones: a line tagged with a request closed lately is a late line of it (`PushResult.late`,
 * recently-closed.ts), and changes nothing here.
 *
 * An untagged line stamped far past CloudWatch's ingestion of it (a clock running fast,
 * ingestion-skew.ts) is placed by that ingestion, where it came, and counts for nothing in
 * the span of the invocation it joins: stamped 20 minutes ahead between two requests, it
 * stretched the next one's span by 20 minutes. A tagged line keeps its stamp for all: it
 * belongs by its ID, and an invocation whose own lines run fast shows the times they state.
 */
import { ingestedBeforeStamp } from '../ingestion-skew.ts';
import { MAX_DATE_MS } from '../iso-time.ts';
import {
  emptyInvocation,
  functionNameFromLogGroup,
  type Invocation,
  type InvocationLine,
  type LogEvent,
} from '../model.ts';
import { lineTime, parseLine, plainLine } from '../parser/parse-line.ts';
import { hasLambdaRequestIdForm } from '../parser/request-id.ts';
import type { ParsedLine } from '../parser/types.ts';
import { HeldQueue } from './held-queue.ts';
import { DEFAULT_MAX_HELD_BYTES, heldSize } from './held-text.ts';
import { adoptInitFacts, noteInitPhase, noteInvokeInit } from './init-phase.ts';
import { isoTime, trimNewline } from './line-text.ts';
import {
  addLine,
  applyReport,
  close,
  letGoLines,
  noteFunctionArn,
  noteSource,
  openInvocation,
  partsOfArn,
  repeatsReport,
} from './open-invocation.ts';
import { OpenOrder } from './open-order.ts';
import { SIGNAL_BIT } from './outcome.ts';
import { OWN_FIELDS_FROM, ownFields } from './own-fields.ts';
import { PendingLines } from './pending-lines.ts';
import { RecentlyClosed } from './recently-closed.ts';
import {
  allAside,
  forgetAside,
  overAt,
  resumableAt,
  setAsideDisplaced,
  setAsideResumable,
  startsBefore,
  takeResumable,
} from './set-aside.ts';
import type { OpenInvocation, StreamState } from './state.ts';
import { StreamContextTable } from './stream-context.ts';
import { StreamTable } from './stream-table.ts';
import type { Correlator, CorrelatorOptions, CorrelatorStats, PushResult } from './types.ts';

const DEFAULT_MAX_OPEN = 10_000;

/** A line naming no request: the correlator places it by where and when it comes in its stream. */
const isUntagged = (p: ParsedLine): boolean =>
  (p.kind === 'app' || p.kind === 'platform') && p.requestId === null;
const DEFAULT_MAX_LINES = 1_000;
/**
 * No invocation runs longer than 15 minutes: one whose last line is older than that (in
 * event time, with a margin) will get no more lines, and is closed so that streams that
 * ended mid-request (a crash, a cut log) do not hold memory until the input ends.
 */
const STALE_MS = 16 * 60_000;
const SWEEP_EVERY = 4096;
/**
 * What a released open invocation holds in place of its invocation, which went to the
 * caller. Its husk may wait in the queues of open invocations (open-order.ts) until they
 * skip it, and held the invocation and all its lines alive meanwhile: with hundreds of
 * streams interleaved line by line, V8 promoted 587 MB of them to the old generation over
 * 2M lines (114 MB with husks; 34 MB for the same lines stream after stream), and a
 * quarter of the run was collecting. Frozen: nothing may write to what is shared.
 */
const RELEASED: Invocation = Object.freeze({
  ...emptyInvocation(''),
  lines: Object.freeze([]) as unknown as InvocationLine[],
});
/** What most pushes complete: nothing. Shared, so that the common case allocates no array. */
const NONE: readonly Invocation[] = Object.freeze([]);

export interface CorrelatorClock {
  now(): number;
}

/**
 * A class rather than a closure: a shipper builds one per delivered batch, and a closure
 * would make its fifteen functions anew each time.
 */
class StreamCorrelator implements ReplayCorrelator {
  private readonly maxOpen: number;
  private readonly maxLines: number;
  private readonly maxHeld: number;
  private readonly open = new Map<string, OpenInvocation>();
  /** The open invocations oldest first, for the bound (see open-order.ts). */
  private readonly order = new OpenOrder<OpenInvocation>((o) => !o.closed);
  /** What open invocations' kept lines count for against the bound on held text (held-text.ts). */
  private heldBytes = 0;
  /** Open invocations keeping lines, in the order they began to: the first to let go of theirs. */
  private readonly holders = new OpenOrder<OpenInvocation>((o) => o.heldBytes > 0 && !o.closed);
  private readonly streams = new StreamTable();
  /** What each stream and group is known to be, applied to every invocation as it closes. */
  private readonly context: StreamContextTable;
  private readonly counts: CorrelatorStats = {
    events: 0,
    attributed: 0,
    unattributed: 0,
    invocations: 0,
    droppedLines: 0,
    heldDropped: 0,
    evicted: 0,
    late: 0,
    open: 0,
  };
  /** The stream being pushed to: pruned once its event is placed, not under its feet. */
  private active: StreamState | null = null;
  /**
   * The invocation the last tagged line went to: consecutive lines mostly share a request,
   * and comparing the ID with it is cheaper than hashing the ID for the map.
   */
  private recent: OpenInvocation | null = null;
  /** Invocations completed by the push under way (handed out, then replaced by a new array). */
  private completed: Invocation[] = [];
  /**
   * What every push returns, refilled each time: one object a line was 3% of all a text
   * copy's parse allocates, and callers read the result before they push again.
   */
  private readonly result: PushResult = {
    requestId: null,
    completed: NONE as Invocation[],
    parsed: plainLine(),
    late: null,
  };
  /** Lines of streams no request has taken yet, bounded like open invocations. */
  private readonly pendingLines: PendingLines;
  private readonly held = new HeldQueue();
  /**
   * Whether lines stamp their invocation with the wall clock. Only a follower expires
   * invocations by idleness; a batch reader never asks, and a clock read for every line was
   * ~3% of its time. So stamping starts with the first `expire`, and invocations open
   * before it count as seen then.
   */
  private stampsIdle = false;
  /** Events pushed before the current input began: sweeps fall every SWEEP_EVERY events of an input. */
  private sweepBase = 0;
  /** Whether a later read may bring a stream's earlier lines (see `CorrelatorOptions.live`). */
  private readonly live: boolean;
  /** Live input only: the requests closed lately, whose tagged lines are late lines (null otherwise). */
  private readonly closed: RecentlyClosed | null;

  constructor(
    private readonly options: CorrelatorOptions,
    private readonly clock: CorrelatorClock,
  ) {
    this.maxOpen = options.maxOpenInvocations ?? DEFAULT_MAX_OPEN;
    this.maxLines = options.maxLinesPerInvocation ?? DEFAULT_MAX_LINES;
    this.maxHeld = options.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES;
    this.context = options.context ?? new StreamContextTable();
    this.live = options.live === true;
    this.closed = this.live ? new RecentlyClosed() : null;
    this.pendingLines = new PendingLines(this.maxOpen, (s, pending) => {
      if (pending) for (const { line } of pending.lines) this.outside(line);
      if (s !== this.active) this.streams.prune(s);
    });
    if (!(this.maxOpen >= 1) || !(this.maxLines >= 0) || !(this.maxHeld >= 0)) {
      throw new RangeError(
        'correlator bounds must be positive: maxOpenInvocations >= 1, maxLinesPerInvocation >= 0, maxHeldBytes >= 0',
      );
    }
  }

  private releaseStale(time: number, out: Invocation[]): void {
    const cutoff = time - STALE_MS;
    for (const [id, o] of this.open) if (o.last < cutoff && Number.isFinite(o.last)) this.release(id, out);
  }

  private release(requestId: string, out: Invocation[]): void {
    const o = this.open.get(requestId);
    if (!o) return;
    this.open.delete(requestId);
    o.closed = true;
    this.heldBytes -= o.heldBytes;
    if (this.recent === o) this.recent = null;
    const s = o.stream;
    if (s.recent === o) s.recent = null;
    if (s.aside !== null) forgetAside(s, o);
    if (s.current === requestId) this.resume(s);
    if (s.held === requestId) s.held = null;
    if (s !== this.active) this.streams.prune(s);
    this.counts.invocations++;
    this.closed?.add(requestId);
    const inv = close(o, this.context.resolve(s.group, s.name));
    if (!o.started) this.options.onUnstarted?.(inv);
    out.push(inv);
    o.inv = RELEASED;
  }

  private getOrOpen(requestId: string, s: StreamState, out: Invocation[]): OpenInvocation {
    const recent = this.recent;
    if (recent !== null && recent.inv.requestId === requestId) return recent;
    const streamRecent = s.recent;
    if (streamRecent !== null && streamRecent.inv.requestId === requestId) {
      this.recent = streamRecent;
      return streamRecent;
    }
    let o = this.open.get(requestId);
    if (!o) {
      o = openInvocation(requestId, s, this.stampsIdle ? this.clock.now() : Number.NaN);
      this.open.set(requestId, o);
      this.order.add(o, this.open.size);
      if (this.open.size > this.maxOpen) {
        const oldest = this.order.oldest() as OpenInvocation;
        // A reported invocation is complete: letting it go only ends its wait for late lines.
        if (!oldest.facts.reported) this.counts.evicted++;
        this.release(oldest.inv.requestId, out);
      }
    }
    this.recent = o;
    // Only the invocation's own stream remembers it, so that closing it clears the memory.
    if (o.stream === s) s.recent = o;
    return o;
  }

  private attach(o: OpenInvocation, line: InvocationLine, time: number): void {
    this.counts.attributed++;
    if (this.stampsIdle) o.lastSeen = this.clock.now();
    if (!addLine(o, line, time, this.maxLines)) {
      if (o.shed) this.counts.heldDropped++;
      else this.counts.droppedLines++;
      return;
    }
    if (o.heldBytes === 0) this.holders.add(o, this.open.size);
    const size = heldSize(line);
    o.heldBytes += size;
    this.heldBytes += size;
    if (this.heldBytes + this.pendingLines.bytes > this.maxHeld) this.withinHeldBound();
  }

  /**
   * Lets go of held lines until their text is within the bound (held-text.ts): the oldest
   * streams' lines waiting for a request, told as outside any invocation, then the latest
   * lines of the invocations that began keeping lines first, counted as dropped.
   */
  private withinHeldBound(): void {
    const pending = this.pendingLines;
    while (this.heldBytes + pending.bytes > this.maxHeld && pending.letGoOldest()) {}
    while (this.heldBytes + pending.bytes > this.maxHeld) {
      const o = this.holders.oldest();
      if (o === undefined) break;
      const before = o.heldBytes;
      this.counts.heldDropped += letGoLines(o, this.heldBytes + pending.bytes - this.maxHeld);
      this.heldBytes -= before - o.heldBytes;
    }
  }

  /**
   * The stream's current request is done (reported or closed): a request a late START set
   * aside takes the stream back, or none does.
   */
  private resume(s: StreamState): void {
    s.current = takeResumable(s)?.inv.requestId ?? null;
  }

  /** Closes requests set aside in their stream, the first begun first. */
  private releaseAll(list: readonly OpenInvocation[], out: Invocation[]): void {
    for (const o of list) if (this.open.get(o.inv.requestId) === o) this.release(o.inv.requestId, out);
  }

  /**
   * A text-format START of another request while `s.current` is open. Stamped before the
   * current one began, it is an earlier request arriving late: the current one waits aside
   * and takes the stream back. Otherwise the current one will most likely never report, but
   * its END and REPORT may still come just after (one millisecond's events in a copy's own
   * order): it waits aside until the new request reports. See set-aside.ts.
   */
  private takeOver(s: StreamState, time: number, out: Invocation[]): void {
    const current = this.open.get(s.current as string);
    s.current = null;
    if (!current) return;
    if (startsBefore(time, current)) {
      setAsideResumable(s, current);
      return;
    }
    this.releaseAll(overAt(s, time), out);
    setAsideDisplaced(s, current);
  }

  /**
   * A REPORT in a stream with requests set aside: the reported one is no longer waiting, and
   * a displaced one's END and REPORT did not come before it. In a file they would have, so
   * it is let go (first). Live, a later read may still bring them (stamped before the
   * request that displaced it began, ingested late): it waits on, within the bounds of
   * every set-aside request (the next START, a new environment, the bound on open
   * invocations, idle expiry), and comes out once, whole, when its REPORT arrives.
   */
  private reportedAside(s: StreamState, reported: OpenInvocation, out: Invocation[]): void {
    forgetAside(s, reported);
    const displaced = s.aside?.displaced;
    if (displaced && !this.live) this.releaseAll([displaced], out);
  }

  /** A reported request stops taking trailing lines once anything else happens in its stream. */
  private releaseHeld(s: StreamState, out: Invocation[], except?: string): void {
    if (s.held && s.held !== except) this.settle(s, out);
  }

  /**
   * The stream's reported request takes no more untagged lines: it is done, unless its
   * START was never seen, in which case it waits on for lines tagged with its ID.
   */
  private settle(s: StreamState, out: Invocation[]): void {
    const id = s.held as string;
    if (this.open.get(id)?.started === false) {
      s.held = null;
      if (s !== this.active) this.streams.prune(s);
    } else {
      this.release(id, out);
    }
  }

  /**
   * Gives an invocation the lines its stream wrote before it: an init phase (its cold
   * start), what the environment printed while loading when the copy does not show the
   * init records (the console hides INIT_START), or, for a REPORT without a START, the
   * request's own first lines.
   */
  private adoptPending(o: OpenInvocation, s: StreamState): void {
    const pending = s.pendingInit;
    if (!pending) return;
    this.dropPending(s, false);
    const inv = o.inv;
    adoptInitFacts(inv, pending, this.context, s);
    const existing = inv.lines;
    inv.lines = [];
    for (const { line, time } of pending.lines) this.attach(o, line, time);
    for (const line of existing) inv.lines.push(line);
  }

  /** Forgets a stream's pending lines, counting them as belonging to no invocation when asked. */
  private dropPending(s: StreamState, unattributed: boolean): void {
    const pending = this.pendingLines.take(s);
    if (pending && unattributed) for (const { line } of pending.lines) this.outside(line);
  }

  /** Counts a line as outside any invocation, and says so to whoever asked to be told. */
  private outside(line: InvocationLine): void {
    this.counts.unattributed++;
    this.options.onUnattributed?.(line);
  }

  push(event: LogEvent): PushResult {
    return this.pushParsed(event, parseLine(event.message));
  }

  pushParsed(event: LogEvent, read: ParsedLine): PushResult {
    this.counts.events++;
    const owned = event.message.length >= OWN_FIELDS_FROM ? ownFields(read) : read;
    const parsed = this.ownRequestIdDropped(owned);
    const given = Number.isFinite(event.timestamp) ? event.timestamp : (lineTime(parsed) ?? Number.NaN);
    // A time no Date can hold is corrupt input: the line is kept, as one without a time.
    const time = Math.abs(given) <= MAX_DATE_MS ? given : Number.NaN;
    const level = parsed.kind === 'app' ? parsed.level : null;
    const line: InvocationLine = {
      timestamp: isoTime(time),
      level,
      message: trimNewline(event.message),
    };
    if (event.eventId !== undefined) line.eventId = event.eventId;
    // An untagged line goes where it comes in its stream, and a clock running fast says
    // nothing of where that is: stamped far past its ingestion, it is placed at the
    // ingestion (as tail places a row) and, shown with its own stamp, stretches no span.
    const skewed = isUntagged(parsed) ? ingestedBeforeStamp(event) : null;
    const placeAt = skewed ?? time;
    const completed = this.completed;
    for (
      let s = this.held.nextWaited(this.counts.events, placeAt);
      s;
      s = this.held.nextWaited(this.counts.events, placeAt)
    ) {
      this.settle(s, completed);
    }
    if ((this.counts.events - this.sweepBase) % SWEEP_EVERY === 0 && Number.isFinite(placeAt))
      this.releaseStale(placeAt, completed);
    const result = this.result;
    const lateOf = this.closed === null ? null : this.lateOf(parsed);
    let requestId: string | null = lateOf;
    if (lateOf === null) {
      const s = this.streams.get(event.logGroup ?? event.functionName ?? '', event.logStream ?? '');
      this.active = s;
      try {
        requestId = this.place(
          event,
          parsed,
          line,
          placeAt,
          skewed === null ? time : Number.NaN,
          s,
          completed,
        );
      } finally {
        this.active = null;
        this.streams.prune(s);
      }
      result.late = null;
    } else {
      this.counts.late++;
      result.late = line;
    }
    result.requestId = requestId;
    result.parsed = parsed;
    if (completed.length === 0) {
      result.completed = NONE as Invocation[];
    } else {
      result.completed = completed;
      this.completed = [];
    }
    return result;
  }

  /**
   * An application line whose request ID is the application's own: a `requestId` field of
   * an order or an API call in a line it logs as JSON, in no form Lambda gives, naming no
   * request held. Taken for a request, it opened an invocation of its own that no START,
   * END or REPORT would ever close (incomplete at the end of a file, running for 15 minutes
   * on a live screen); it is a line of its stream, placed as an untagged line is: in the
   * request running there. A line in Lambda's form naming no request held stays its
   * request's, whose START may lie before what was read.
   */
  private ownRequestIdDropped(p: ParsedLine): ParsedLine {
    if (
      p.kind !== 'app' ||
      p.requestId === null ||
      this.open.has(p.requestId) ||
      (this.closed?.has(p.requestId) ?? false) ||
      hasLambdaRequestIdForm(p.requestId)
    )
      return p;
    return { ...p, requestId: null };
  }

  /**
   * The request a tagged line names, when that request was closed lately and is not open
   * again: the line is late (read after its request came out), and changes nothing. A START
   * is never late: one after its request closed is Lambda retrying the event.
   */
  private lateOf(p: ParsedLine): string | null {
    switch (p.kind) {
      case 'end':
      case 'report':
      case 'runtime-done':
      case 'platform':
      case 'app': {
        const id = p.requestId;
        return id !== null && (this.closed as RecentlyClosed).has(id) && !this.open.has(id) ? id : null;
      }
      default:
        return null;
    }
  }

  /**
   * Puts the line where it belongs: `time` places it, `spanTime` is what it says of its
   * invocation's span (NaN: nothing, for a line whose stamp is skewed).
   */
  private place(
    event: LogEvent,
    parsed: ParsedLine,
    line: InvocationLine,
    time: number,
    spanTime: number,
    s: StreamState,
    completed: Invocation[],
  ): string | null {
    const target = this.route(parsed, s, time, completed);
    if (target === 'init') {
      const pushedOut = this.pendingLines.add(this.pendingLines.of(s, false), line, spanTime);
      if (pushedOut !== null) this.outside(pushedOut);
      if (this.heldBytes + this.pendingLines.bytes > this.maxHeld) this.withinHeldBound();
      return null;
    }
    if (!target) {
      this.outside(line);
      return null;
    }
    if (target.inv.functionName === null) {
      target.inv.functionName =
        event.functionName ?? functionNameFromLogGroup(event.logGroup) ?? this.options.functionName ?? null;
    }
    // A subscription payload's owner owns the whole group.
    if (target.inv.accountId === null && event.accountId) {
      this.context.learnGroup(s.group, { accountId: event.accountId });
    }
    noteSource(target, event);
    this.attach(target, line, spanTime);
    return target.inv.requestId;
  }

  /**
   * Applies what the line says and returns where it belongs. Stream state keeps the open
   * invocation's own ID string, not the line's copy: that one is already hashed as the
   * map's key, and the same object compares at once.
   */
  private route(
    p: ParsedLine,
    s: StreamState,
    time: number,
    out: Invocation[],
  ): OpenInvocation | 'init' | null {
    switch (p.kind) {
      case 'start': {
        this.releaseHeld(s, out, p.requestId);
        // In the text format a new START means the previous request of the stream is over
        // (set-aside.ts says when it is let go). Lines of an unknown stream may be several
        // streams' (an Insights export without @logStream), where it means nothing: that
        // request waits for its own lines.
        if (s.current && s.current !== p.requestId && !p.json) {
          if (s.name !== '') this.takeOver(s, time, out);
          else s.current = null;
        } else if (s.aside !== null && !p.json && !s.current) {
          this.releaseAll(overAt(s, time), out);
        }
        let o = this.getOrOpen(p.requestId, s, out);
        // Lambda retries an event under the same request ID: a START after the REPORT is a new invocation.
        if (o.facts.reported && !(time <= o.last)) {
          this.release(o.inv.requestId, out);
          o = this.getOrOpen(p.requestId, s, out);
        }
        this.adoptPending(o, s);
        o.started = true;
        o.startedAt = this.counts.events;
        o.inv.version ??= p.version;
        o.inv.traceId ??= p.traceId;
        if (p.functionArn) {
          noteFunctionArn(o, p.functionArn);
          const arn = partsOfArn(p.functionArn);
          this.context.learnGroup(s.group, { region: arn.region, accountId: arn.accountId });
        }
        if (s.aside !== null) forgetAside(s, o);
        s.current = o.inv.requestId;
        return o;
      }
      case 'end':
        return this.getOrOpen(p.requestId, s, out);
      case 'report': {
        this.releaseHeld(s, out, p.requestId);
        let o = this.getOrOpen(p.requestId, s, out);
        if (o.facts.reported) {
          if (repeatsReport(o, p, time)) return o;
          this.release(o.inv.requestId, out);
          o = this.getOrOpen(p.requestId, s, out);
        }
        if (!o.started) this.adoptPending(o, s);
        applyReport(o, p);
        o.facts.reportStatus = p.status;
        o.facts.reportErrorType = p.errorType;
        o.inv.traceId ??= p.traceId;
        const id = o.inv.requestId;
        if (s.aside !== null) this.reportedAside(s, o, out);
        if (s.current === id) this.resume(s);
        s.held = id;
        this.held.push(id, s, this.counts.events, o.last);
        return o;
      }
      case 'xray': {
        const id = s.held ?? s.current;
        const o = id ? this.open.get(id) : undefined;
        if (!o) return null;
        o.inv.traceId ??= p.traceId;
        return o;
      }
      case 'init-start': {
        this.releaseHeld(s, out);
        const current = s.current ? this.open.get(s.current) : undefined;
        if (current && startsBefore(time, current)) {
          // The environment's start arriving late: the request running now waits aside for the
          // requests of that start (set-aside.ts).
          setAsideResumable(s, current);
          s.current = null;
        } else {
          // A new environment in this stream: requests still open here ended with the old one.
          const over = allAside(s, current);
          s.current = null;
          this.releaseAll(over, out);
        }
        // What came before served no request (an init that failed, a capture starting mid-way).
        this.dropPending(s, true);
        noteInitPhase(p, this.pendingLines.of(s, true), this.context, s);
        return 'init';
      }
      case 'init-report':
      case 'restore-start':
      case 'restore-report':
        // An init retried inside the invoke phase belongs to the request that waited for it.
        // Older runtimes write INIT_REPORT without `Phase:`; one that comes while a request
        // is open in its stream can only be that request's (a later request of the stream
        // follows its REPORT), and was not the next request's cold start.
        if (p.kind === 'init-report' && s.current && p.phase !== 'init') {
          const o = this.open.get(s.current);
          if (o) noteInvokeInit(o.inv, p);
          return o ?? null;
        }
        this.releaseHeld(s, out);
        noteInitPhase(p, this.pendingLines.of(s, true), this.context, s);
        return 'init';
      case 'runtime-done': {
        const o = this.getOrOpen(p.requestId, s, out);
        o.facts.runtimeStatus = p.status;
        o.facts.runtimeErrorType = p.errorType;
        o.inv.traceId ??= p.traceId;
        return o;
      }
      case 'platform':
      case 'app': {
        let o: OpenInvocation | undefined;
        if (p.requestId) {
          o = this.getOrOpen(p.requestId, s, out);
        } else {
          // After its REPORT an environment is idle: untagged lines then are not the request's.
          // They wait for the stream's next request: an init phase's output goes to the cold
          // start, and a capture's first lines to the REPORT they precede when no START comes.
          // A line stamped after a request set aside by a late START began is that request's.
          o =
            (s.aside !== null ? resumableAt(s, time) : null) ??
            (s.current ? this.open.get(s.current) : undefined);
          if (!o) return 'init';
        }
        if (p.signal) {
          o.facts.signals |= SIGNAL_BIT[p.signal];
          o.facts.lineErrorType ??= p.errorType;
        }
        if (p.kind === 'app') {
          o.inv.traceId ??= p.traceId;
          if (p.coldStart) o.inv.coldStart = true;
        }
        return o;
      }
    }
  }

  flush(): Invocation[] {
    const out: Invocation[] = [];
    for (const s of this.pendingLines.holders()) this.dropPending(s, true);
    for (const id of [...this.open.keys()]) this.release(id, out);
    this.order.clear();
    this.holders.clear();
    this.streams.clear();
    this.held.clear();
    return out;
  }

  expire(idleMs: number): Invocation[] {
    const out: Invocation[] = [];
    const now = this.clock.now();
    if (!this.stampsIdle) {
      this.stampsIdle = true;
      for (const o of this.open.values()) o.lastSeen = now;
    }
    for (const [id, o] of [...this.open]) {
      // A reported invocation only waits for trailing lines; one still running may run 15 minutes.
      const limit = o.facts.reported ? idleMs : Math.max(idleMs, STALE_MS);
      if (now - o.lastSeen >= limit) this.release(id, out);
    }
    return out;
  }

  stats(): CorrelatorStats {
    return { ...this.counts, open: this.open.size };
  }

  skipEvents(n: number): void {
    if (n > 0) this.counts.events += n;
  }

  newInput(afterCut = false): void {
    // The requests begun in an input cut short are over where it was cut: closed now (they
    // come out with the next push), the next input's lines are not theirs.
    if (afterCut) {
      for (const [id, o] of [...this.open]) {
        if (o.started && o.startedAt > this.sweepBase) this.release(id, this.completed);
      }
    }
    this.sweepBase = this.counts.events;
  }

  /** Where the current input began, in events pushed (a correlator taking over another's run). */
  setInputStart(events: number): void {
    this.sweepBase = events;
  }
}

/**
 * A correlator that can be told of events another reader placed (`report-run.ts` replays
 * what it kept at the numbers the events had), so that the sweep every 4096 events and the
 * wait of a reported request fall on the same events as if it had seen them all.
 */
export interface ReplayCorrelator extends Correlator {
  skipEvents(n: number): void;
  setInputStart(events: number): void;
  /** `push` of an event whose message was already parsed to `parsed` (and is not read again). */
  pushParsed(event: LogEvent, parsed: ParsedLine): PushResult;
}

export function createCorrelator(
  options: CorrelatorOptions = {},
  clock: CorrelatorClock = { now: Date.now },
): ReplayCorrelator {
  return new StreamCorrelator(options, clock);
}

/** Pull-based form: the invocations of an event stream, in the order they complete. */
export async function* correlate(
  events: AsyncIterable<LogEvent> | Iterable<LogEvent>,
  options: CorrelatorOptions = {},
): AsyncIterable<Invocation> {
  const correlator = createCorrelator(options);
  for await (const event of events) {
    const { completed } = correlator.push(event);
    for (const inv of completed) yield inv;
  }
  for (const inv of correlator.flush()) yield inv;
}
