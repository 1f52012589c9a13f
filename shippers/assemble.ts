/**
 * From log events to documents: parse, correlate, then one document per line and one per
 * invocation. Line documents of an invocation are held until it completes so they can
 * carry the trace ID that only its REPORT line reveals.
 */
import { createCorrelator } from '../collectors/correlator/correlator.ts';
import { DEFAULT_MAX_HELD_BYTES, heldSize } from '../collectors/correlator/held-text.ts';
import { LIVE_HOLD_MS, SETTLE, withSettleTicks } from '../collectors/correlator/live-settle.ts';
import { createReportRunCorrelator } from '../collectors/correlator/report-run.ts';
import { requestBuiltAlone } from '../collectors/correlator/request-alone.ts';
import type { StreamContextTable } from '../collectors/correlator/stream-context.ts';
import type { CorrelationWatcher, CorrelatorOptions, PushResult } from '../collectors/correlator/types.ts';
import { followsCut, startsAtTimeBound, startsInput } from '../collectors/files/read-inputs.ts';
import { type Clock, systemClock } from '../collectors/kernel/index.ts';
import { invocationTime, isPlausibleTime, streamKeys } from '../collectors/line-time.ts';
import type { Invocation, LogEvent } from '../collectors/model.ts';
import { functionNameFromLogGroup } from '../collectors/model.ts';
import type { ParsedLine } from '../collectors/parser/types.ts';
import {
  buildInvocationDocument,
  buildLineDocument,
  type LineFacts,
  type Pricer,
  type SourceMeta,
} from './documents.ts';
import { type LetGoRequest, LetGoRequests } from './let-go.ts';
import { type Position, positionCounter } from './line-positions.ts';
import { type CarryBounds, type CarryLetGo, CarryMarks, type StreamCarry } from './stream-carry.ts';
import type { ShipDocument } from './types.ts';

export interface AssembleOptions {
  meta?: SourceMeta | undefined;
  pricer?: Pricer | undefined;
  maxJsonFields?: number | undefined;
  /** Line documents held back waiting for their invocation's trace ID; past it they go without. */
  maxHeldLines?: number | undefined;
  /** The same, in bytes of their lines' text (see held-text.ts); default 256 MiB. */
  maxHeldBytes?: number | undefined;
  clock?: Clock | undefined;
  /**
   * The events may stop at any moment (a pipe): invocations, and the line documents held
   * for their trace ID, are completed by the wall clock (see live-settle.ts).
   */
  live?: boolean | undefined;
  /** Told of every event and invocation: a part of the inputs read by one of several threads. */
  watch?: CorrelationWatcher | undefined;
  /** What the logs say of each stream and group, kept here (a part's, for its facts). */
  context?: StreamContextTable | undefined;
  /**
   * Told of each invocation whose START was not read, before its document is built: a reader
   * that knows why (a window of history that began after it) may mark it so, and its document
   * says what it was marked.
   */
  onUnstarted?: CorrelatorOptions['onUnstarted'];
  /**
   * Told of each invocation still open when the events end (or stop), before its document is
   * built: a reader of a window of history may count those its end cut.
   */
  onOpenAtEnd?: ((inv: Invocation) => void) | undefined;
}

interface Pending {
  event: LogEvent;
  facts: LineFacts;
}

/** What a line learns from its invocation once that is built: its trace ID and its time. */
function ofInvocation(facts: LineFacts, inv: Invocation): void {
  facts.traceId ??= inv.traceId;
  // Only a line without a time of its own is shown at its invocation's (parsing that time
  // for every line cost a few per cent of shipping).
  if (!isPlausibleTime(facts.time)) facts.invocationTime = invocationTime(inv);
}

function factsOf(parsed: ParsedLine, requestId: string | null, position: Position): LineFacts {
  const level = parsed.kind === 'app' ? parsed.level : null;
  const traceId = 'traceId' in parsed ? parsed.traceId : null;
  const ownId = 'requestId' in parsed ? parsed.requestId : null;
  return {
    requestId: requestId ?? ownId,
    level,
    traceId,
    lineKind: parsed.kind,
    ordinal: position.ordinal,
    ordinalComplete: position.complete,
    time: position.time,
    timeSource: position.source,
    json: parsed.object,
  };
}

/**
 * The meta of each event's source: the delivery's, with the function and account the event
 * names. Events come in runs of one source, so a run shares one object.
 */
function metaOf(meta: SourceMeta | undefined): (event: LogEvent) => SourceMeta {
  let last: LogEvent | null = null;
  let lastMeta: SourceMeta = {};
  return (event) => {
    if (
      last === null ||
      last.logGroup !== event.logGroup ||
      last.functionName !== event.functionName ||
      last.accountId !== event.accountId
    ) {
      const functionName =
        event.functionName ?? functionNameFromLogGroup(event.logGroup) ?? meta?.functionName;
      lastMeta = { ...meta, functionName, accountId: meta?.accountId ?? event.accountId };
    }
    last = event;
    return lastMeta;
  };
}

/**
 * What both ways of assembling build with: a correlator, ordinals, and the two documents.
 * A backfill reads a whole input, which may be REPORT lines alone: `reportRuns` takes
 * those without the correlator's bookkeeping (the same invocations, see report-run.ts).
 * Live input takes the correlator's live reading (`CorrelatorOptions.live`, never the
 * short way): a request displaced by the next one waits for its own REPORT, rather than
 * being written `incomplete` and replaced by a build of its END and REPORT alone, and a line
 * of a request already given out is a late line of it (see `lateReportDocument`).
 */
function builders(options: AssembleOptions, reportRuns = false) {
  const clock = options.clock ?? systemClock;
  const meta = options.meta ?? {};
  const metaFor = metaOf(options.meta);
  const correlatorOptions = {
    ...(meta.functionName ? { functionName: meta.functionName } : {}),
    ...(options.context ? { context: options.context } : {}),
    // A request built again from the events kept of it is read as its first build was.
    ...(options.onUnstarted ? { onUnstarted: options.onUnstarted } : {}),
  };
  const live = options.live === true;
  const invocationDocument = (inv: Invocation) =>
    buildInvocationDocument(inv, meta, clock.now(), options.pricer?.(inv) ?? null);
  /** A request built from `events` alone, as a backfill reads them (request-alone.ts). */
  const wholeInvocation = (head: Invocation | null, events: Iterable<LogEvent>): Invocation | null =>
    requestBuiltAlone(head, events, correlatorOptions);
  return {
    correlator: (reportRuns && !live ? createReportRunCorrelator : createCorrelator)({
      ...correlatorOptions,
      live,
    }),
    position: positionCounter(),
    lineDocument: (p: Pending) =>
      buildLineDocument(p.event, p.facts, metaFor(p.event), clock.now(), options.maxJsonFields),
    invocationDocument,
    wholeInvocation,
    /**
     * Live input: a line read after its request came out (`PushResult.late`: a late
     * ingestion, a later poll or delivery) is stored as a line document of that request, at
     * once, and the invocation document stays as it was written, counting the lines read
     * with it. A late REPORT also brings the figures its request came out without when it
     * was let go `incomplete` (its stream's next START, a bound): the request is built again
     * from every event of it kept (`earlier`, see let-go.ts) and this REPORT, so that its
     * document replaces the `incomplete` one (the completeness version decides) and keeps
     * the start, the line count and all else that document held. A request no longer kept
     * is built from its REPORT alone, which still brings duration, memory and cost, never
     * replacing a reported document.
     */
    lateReportDocument: (
      result: PushResult,
      event: LogEvent,
      earlier?: LetGoRequest | undefined,
    ): ShipDocument | null => {
      if (result.late === null || result.parsed.kind !== 'report') return null;
      const inv = earlier
        ? wholeInvocation(earlier.head, [...earlier.events, event])
        : wholeInvocation(null, [event]);
      return inv ? invocationDocument(inv) : null;
    },
  };
}

/**
 * Streams documents for a backfill: every line, and every invocation (those never
 * reported are emitted `incomplete` at the end, as the correlator flushes them). Events
 * come one at a time or in batches as the file readers give them, which mark where each
 * input starts (the correlator counts its sweeps from there, as `logs` and `cost` do).
 */
export async function* documentsFromEvents(
  events: AsyncIterable<LogEvent | LogEvent[]> | Iterable<LogEvent>,
  options: AssembleOptions = {},
): AsyncIterable<ShipDocument> {
  const { correlator, position, lineDocument, invocationDocument, lateReportDocument } = builders(
    options,
    true,
  );
  const watch = options.watch;
  // Live: requests let go `incomplete`, kept for a part of them read later (let-go.ts).
  const letGo = options.live ? new LetGoRequests() : null;
  const maxHeld = options.maxHeldLines ?? 50_000;
  const maxHeldBytes = options.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES;
  const held = new Map<string, Pending[]>();
  let heldCount = 0;
  let heldBytes = 0;
  const release = (lines: Pending[]) => {
    heldCount -= lines.length;
    for (const p of lines) heldBytes -= heldSize(p.event);
  };
  const line = (p: Pending, inv: Invocation | null) => {
    if (inv) ofInvocation(p.facts, inv);
    return lineDocument(p);
  };
  function* complete(invocations: Invocation[], atEnd = false): Generator<ShipDocument> {
    for (const inv of invocations) {
      watch?.noteInvocation(inv, atEnd);
      if (atEnd) options.onOpenAtEnd?.(inv);
      const lines = held.get(inv.requestId) ?? [];
      held.delete(inv.requestId);
      release(lines);
      for (const p of lines) yield line(p, inv);
      // Let go without its REPORT: kept, for a part of it read later.
      if (letGo && !atEnd && inv.status === 'incomplete') letGo.remember(inv, eventsOfLines(lines));
      yield invocationDocument(inv);
    }
  }
  const items = options.live ? withSettleTicks(toAsync(events)) : events;
  for await (const item of items) {
    if (item === SETTLE) {
      yield* complete(correlator.expire(LIVE_HOLD_MS));
      continue;
    }
    if (Array.isArray(item) && startsInput(item)) {
      correlator.newInput(followsCut(item));
      position.newInput();
    }
    position.timeBound(Array.isArray(item) && startsAtTimeBound(item));
    for (const event of Array.isArray(item) ? item : [item]) {
      const result = correlator.push(event);
      watch?.noteEvent(event, result.parsed.kind === 'report');
      const facts = factsOf(result.parsed, result.requestId, position(event, result.parsed));
      yield* complete(result.completed);
      if (!result.requestId || result.late) {
        yield line({ event, facts }, null);
        const earlier = result.late && result.requestId ? letGo?.get(result.requestId) : undefined;
        const report = lateReportDocument(result, event, earlier);
        if (report) {
          // Built whole: a REPORT read again is built alone, and answered "already there".
          if (earlier) letGo?.forget(earlier.head.requestId);
          yield report;
        } else if (earlier) letGo?.add(earlier.head.requestId, event);
        continue;
      }
      const list = held.get(result.requestId);
      if (list) list.push({ event, facts });
      else held.set(result.requestId, [{ event, facts }]);
      heldCount++;
      heldBytes += heldSize(event);
      // Bound memory: release the oldest requests' lines without waiting for their trace.
      while (heldCount > maxHeld || heldBytes > maxHeldBytes) {
        const [oldest, lines] = held.entries().next().value as [string, Pending[]];
        held.delete(oldest);
        release(lines);
        for (const p of lines) yield line(p, null);
      }
    }
  }
  yield* complete(correlator.flush(), true);
  for (const lines of held.values()) for (const p of lines) yield line(p, null);
}

const eventsOfLines = (lines: Pending[]) => lines.map((p) => p.event);

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

export type { CarryLetGo, StreamCarry } from './stream-carry.ts';

export interface BatchOutput {
  documents: ShipDocument[];
  /**
   * Updates the carry the batch was built from, in place: call it if, and only if, the batch
   * was delivered, so that a retried batch is built from the same carry into the same documents.
   * Returns how many events the carry's bounds let go of (see stream-carry.ts), to be told.
   */
  commitCarry(): CarryLetGo;
  /** Invocations still open at the end of the batch (their document waits for the REPORT). */
  openInvocations: number;
}

export interface BatchOptions extends AssembleOptions, CarryBounds {
  /**
   * Requests let go `incomplete` by earlier batches (let-go.ts), kept, like the carry, by a
   * warm container and updated by `commitCarry` only.
   */
  letGo?: LetGoRequests | undefined;
}

/**
 * Documents for one subscription batch. Events carried from earlier batches of the same
 * stream are replayed first (not shipped again) so that a request split across batches
 * keeps its ID and its invocation counts all its lines. Pure: the caller commits `carry`
 * (and `letGo`) only after delivery, so a retried batch yields the very same documents.
 *
 * Deliveries are live input: a stream's lines may come out of order across them (see
 * stream-carry.ts), and a line of a request already given out is a late line of it. A
 * request let go `incomplete`, here or by an earlier batch, is built again from every
 * event of it known when a part of it is read later, so that its document is whole.
 */
export function buildBatchDocuments(
  events: LogEvent[],
  previous: StreamCarry,
  options: BatchOptions = {},
): BatchOutput {
  const { correlator, position, lineDocument, invocationDocument, lateReportDocument, wholeInvocation } =
    builders({
      ...options,
      live: true,
    });
  const letGo = options.letGo;
  const streamKey = streamKeys();
  const seen = new Set<string>();
  const touched = new Set<string>();
  for (const e of events) touched.add(streamKey(e));
  const replay = new Map<string, LogEvent[]>();
  const marks = new CarryMarks();
  // Every event of each request read here, carried or delivered, late ones too.
  const eventsOf = new Map<string, LogEvent[]>();
  const noteEvent = (requestId: string | null, e: LogEvent) => {
    if (requestId === null) return;
    const list = eventsOf.get(requestId);
    if (list) list.push(e);
    else eventsOf.set(requestId, [e]);
  };
  // Requests whose REPORT an earlier batch read, so whose document it wrote.
  const reportedBefore = new Set<string>();
  // Closed during the batch (REPORT, or the stream moved on): emitted whatever their status.
  const closed: Invocation[] = [];
  /**
   * Replays a carried event: read again, not shipped again. What it closes was written by
   * the batch that carried it, unless it is read in its place in a delivery that holds it
   * again: then as that batch wrote it, again.
   */
  const replayCarried = (key: string, e: LogEvent, inPlace: boolean) => {
    // Not positioned: a delivery's documents are named from the delivery alone, so that
    // one delivered again, to a container that carries other events, is named the same.
    const result = correlator.push(e);
    if (inPlace) closed.push(...result.completed);
    const list = replay.get(key) as LogEvent[];
    list.push(e);
    noteEvent(result.requestId, e);
    marks.note(key, list.length, result.parsed, result.requestId);
    if (result.parsed.kind === 'report' && result.requestId && !result.late)
      reportedBefore.add(result.requestId);
  };
  // Carried events this delivery holds again (Lambda's retry of a delivery already shipped,
  // or one that overlaps it) are read in their place among its events, as the first
  // delivery read them, and the others first. All read first, the lines after a REPORT
  // that the carry keeps for the stream's next request went to the request the delivery
  // begins with again, whose document was then rewritten with a line too many, for good.
  for (const key of touched) for (const e of previous.get(key) ?? []) if (e.eventId) seen.add(e.eventId);
  const deliveredAgain = new Set<string>();
  for (const e of events) if (e.eventId && seen.has(e.eventId)) deliveredAgain.add(e.eventId);
  /** Carried events this delivery holds again, by event ID, with their stream's key. */
  const inPlace = new Map<string, { key: string; event: LogEvent }>();
  for (const key of touched) {
    replay.set(key, []);
    for (const e of previous.get(key) ?? []) {
      if (e.eventId && deliveredAgain.has(e.eventId)) inPlace.set(e.eventId, { key, event: e });
      else replayCarried(key, e, false);
    }
  }
  const pending: Pending[] = [];
  // Per request, the document of its late REPORT alone, for a request known no more.
  const lateReports = new Map<string, ShipDocument>();
  // Requests this batch gave a line to.
  const grown = new Set<string>();
  for (const event of events) {
    if (event.eventId && seen.has(event.eventId)) {
      // Already shipped in an earlier batch: read again in its place if it is carried.
      const again = inPlace.get(event.eventId);
      if (again) {
        inPlace.delete(event.eventId);
        replayCarried(again.key, again.event, true);
      }
      continue;
    }
    const result = correlator.push(event);
    closed.push(...result.completed);
    pending.push({ event, facts: factsOf(result.parsed, result.requestId, position(event, result.parsed)) });
    if (result.requestId && !result.late) grown.add(result.requestId);
    noteEvent(result.requestId, event);
    const report = lateReportDocument(result, event);
    if (report && result.requestId) lateReports.set(result.requestId, report);
    // Every event's stream was touched, and so has its replay list.
    const key = streamKey(event);
    const list = replay.get(key) as LogEvent[];
    list.push(event);
    marks.note(key, list.length, result.parsed, result.requestId);
  }
  const flushed = correlator.flush();

  // Requests let go `incomplete` by this batch, and every event known of a request let go.
  const letGoHere = new Map<string, Invocation>();
  for (const inv of closed) if (inv.status === 'incomplete') letGoHere.set(inv.requestId, inv);
  const eventsKnown = (requestId: string) =>
    distinctEvents(letGo?.get(requestId)?.events ?? [], eventsOf.get(requestId) ?? []);
  // Requests let go and read more of here: one document each, of the whole request.
  const wholes = new Map<string, Invocation>();
  const buildWhole = (head: Invocation): boolean => {
    const inv = wholeInvocation(head, eventsKnown(head.requestId));
    if (inv) wholes.set(head.requestId, inv);
    return inv !== null;
  };
  // A request replayed whole, to leave the one it displaced as it was, is written again
  // only if this batch brought it a line.
  const written = (inv: Invocation) => !reportedBefore.has(inv.requestId) || grown.has(inv.requestId);
  const builds: Invocation[] = [];
  const toWrite = (inv: Invocation) => {
    if (!written(inv)) return;
    const kept = letGo?.get(inv.requestId);
    if (kept && buildWhole(kept.head)) return;
    // Let go here, then its REPORT read late: the whole request, below, supersedes it.
    if (inv.status === 'incomplete' && lateReports.has(inv.requestId)) return;
    builds.push(inv);
  };
  let open = 0;
  for (const inv of closed) toWrite(inv);
  for (const inv of flushed) {
    // Still waiting for its REPORT: its document comes with a later batch.
    if (inv.status === 'incomplete') {
      open++;
      marks.waiting(inv.requestId);
      continue;
    }
    toWrite(inv);
  }
  const reportsAlone: ShipDocument[] = [];
  for (const [requestId, report] of lateReports) {
    if (wholes.has(requestId)) continue;
    const head = letGo?.get(requestId)?.head ?? letGoHere.get(requestId);
    if (!(head && buildWhole(head))) reportsAlone.push(report);
  }

  const invocations = new Map<string, Invocation>();
  for (const inv of closed) invocations.set(inv.requestId, inv);
  for (const inv of flushed) invocations.set(inv.requestId, inv);
  for (const inv of wholes.values()) invocations.set(inv.requestId, inv);
  const documents: ShipDocument[] = pending.map((p) => {
    // Each line's facts are its own: filled in place rather than copied.
    const inv = p.facts.requestId ? invocations.get(p.facts.requestId) : undefined;
    if (inv) ofInvocation(p.facts, inv);
    return lineDocument(p);
  });
  for (const inv of builds) documents.push(invocationDocument(inv));
  for (const inv of wholes.values()) documents.push(invocationDocument(inv));
  documents.push(...reportsAlone);
  return {
    documents,
    commitCarry: () => {
      const carryLetGo = marks.commit(previous, replay, options);
      if (letGo) commitLetGo(letGo, letGoHere, wholes, eventsOf, eventsKnown);
      return carryLetGo;
    },
    openInvocations: open,
  };
}

/** `kept` and then those of `read` not among them (carried events are read by every batch). */
function distinctEvents(kept: LogEvent[], read: LogEvent[]): LogEvent[] {
  if (kept.length === 0) return read;
  const ids = new Set<string>();
  const same = new Set<LogEvent>(kept);
  for (const e of kept) if (e.eventId) ids.add(e.eventId);
  return [...kept, ...read.filter((e) => !same.has(e) && !(e.eventId && ids.has(e.eventId)))];
}

/**
 * What a delivered batch leaves kept of requests let go: those it let go (unless built
 * whole), those it built whole still `incomplete` (the rest are written whole, and a part
 * read again is built alone and answered "already there"), and the events it read of the
 * others kept.
 */
function commitLetGo(
  letGo: LetGoRequests,
  letGoHere: Map<string, Invocation>,
  wholes: Map<string, Invocation>,
  eventsOf: Map<string, LogEvent[]>,
  eventsKnown: (requestId: string) => LogEvent[],
): void {
  for (const [requestId, inv] of wholes) {
    if (inv.status === 'incomplete') letGo.remember(inv, eventsKnown(requestId));
    else letGo.forget(requestId);
  }
  for (const [requestId, inv] of letGoHere)
    if (!wholes.has(requestId)) letGo.remember(inv, eventsKnown(requestId));
  for (const requestId of eventsOf.keys()) {
    const kept = wholes.has(requestId) || letGoHere.has(requestId) ? undefined : letGo.get(requestId);
    if (kept) letGo.remember(kept.head, eventsKnown(requestId));
  }
}
