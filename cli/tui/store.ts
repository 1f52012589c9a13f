/**
 * The tail's model: folds log events into invocations (running ones included) through the
 * correlator, keeps them in the ring in start-time order, pairs them with their traces and
 * prices, and publishes immutable snapshots at most once per interval, so a flood of
 * events costs one render per interval, not one per event.
 */

import { keptSize } from '../../collectors/correlator/held-text.ts';
import type { Correlator, PushResult } from '../../collectors/correlator/types.ts';
import { ingestedBeforeStamp } from '../../collectors/ingestion-skew.ts';
import {
  emptyInvocation,
  functionNameFromLogGroup,
  type Invocation,
  type InvocationLine,
  isFailure,
  type LogEvent,
} from '../../collectors/model.ts';
import { matchTrace } from '../../collectors/xray/attach.ts';
import type { Trace } from '../../collectors/xray/types.ts';
import { scrubbed } from '../output/diagnostics.ts';
import type { TextMatcher } from './filter.ts';
import { createHealthTracker, type FunctionHealth } from './health.ts';
import { lacksReport, rebuiltWithLate } from './late-report.ts';
import { createPriceTally } from './price-tally.ts';
import { createRateMeter } from './rate-meter.ts';
import { createRecentlyEvicted } from './recently-evicted.ts';
import { createInvocationRing } from './ring.ts';
import {
  DEFAULT_MAX_RECENT_BYTES,
  DEFAULT_MAX_RING_BYTES,
  invocationBytes,
  ROW_SHARE_OF_RING,
  withinRowBytes,
} from './row-bytes.ts';
import {
  buildView,
  detailOf,
  type Entry,
  entryTexts,
  type InvocationDetail,
  isoOf,
  isRunOf,
  laterRunKey,
  levelOf,
  rowKeyOf,
  type TraceFetch,
  type TracesFileView,
  toMs,
} from './row-view.ts';
import { createThreadRows, NOT_HELD, type ThreadRows } from './thread-rows.ts';
import { createTraceLinks } from './trace-links.ts';
import type { CostFn, RowView, SourceStatus, TailSnapshot } from './types.ts';

export interface TailStoreOptions {
  correlator: Correlator;
  /** Ring size: older invocations are dropped and counted (pinned ones are kept beyond it). */
  maxInvocations?: number;
  /** What the ring's rows may hold of lines, in bytes as row-bytes.ts counts them; the same beyond it. */
  maxBytes?: number;
  /** What one row may hold of lines (default: a quarter of `maxBytes`, see row-bytes.ts). */
  maxRowBytes?: number;
  /** Lines kept per still-open invocation (the correlator bounds finished ones). */
  maxLiveLines?: number;
  /** Traces waiting for their invocation (fetched ones: a file's are all kept, `fileTraces`). */
  maxPendingTraces?: number;
  /**
   * The traces of a file given up front (`--traces-file`), every one kept for the whole run
   * (the file bounds them), found by each invocation as `logs` finds them.
   */
  fileTraces?: readonly Trace[];
  /** The traces file given (`--traces-file`), for the detail view to name what it lacks. */
  tracesFile?: TracesFileView | null;
  /** Why an invocation is shown incomplete when the window of history read began after it. */
  startCut?: ((invocation: Invocation) => string | null) | undefined;
  /** Why an invocation is shown incomplete when the window of history read ended before it did. */
  endCut?: ((invocation: Invocation) => string | null) | undefined;
  publishIntervalMs?: number;
  /** The held rows' texts copied to the pattern thread, for regular expressions (thread-rows.ts). */
  threadRows?: ThreadRows;
  cost?: CostFn;
  /** Function name for events whose log group does not tell it. */
  functionName?: string;
  /**
   * Told of every invocation the store completes (to fetch its trace, say); `atEnd` when it
   * was still open where the input ended (`end()`).
   */
  onComplete?: (invocation: Invocation, atEnd: boolean) => void;
  /** An invocation told to `onComplete` was built again, whole, from a late REPORT (late-report.ts). */
  onRebuilt?: (was: Invocation, now: Invocation) => void;
  now?: () => number;
}

export type { InvocationDetail } from './row-view.ts';

export interface TailStore {
  ingest(event: LogEvent): void;
  ingestBatch(events: readonly LogEvent[]): void;
  /** Completes whatever the correlator still holds; call at the end of finite input. */
  end(): void;
  /** Completes reported invocations idle for `idleMs`: live input may go quiet after a REPORT. */
  settle(idleMs: number): void;
  /** Offers a fetched (or loaded) trace to the invocations it may belong to. */
  attachTrace(trace: Trace): void;
  /** Says how fetching an invocation's trace stands (null: not asked, or it failed), for its detail view. */
  noteTraceFetch(requestId: string, state: TraceFetch | null): void;
  /** What the status bar says of the source; its words are scrubbed of the run's credentials. */
  setSource(status: Partial<SourceStatus>): void;
  /** Rows (by row ID, `RowView.id`) that must stay however many arrive: `owner` is `pause`, `detail` or `bookmarks`. */
  setPins(owner: string, ids: ReadonlySet<string>): void;
  snapshot(): TailSnapshot;
  /** The invocation of one row, by its row ID (`RowView.id`). */
  detail(id: string): InvocationDetail | null;
  /**
   * Row IDs of held invocations whose function name, request ID or a line `matcher` finds,
   * asked in one pass (a regular expression's runs on its own thread, within a time budget).
   */
  matching(matcher: TextMatcher): Set<string>;
  /**
   * Whether a pattern's last pass (of `matcher`, or of any) left rows unasked, their texts
   * not yet on its thread (thread-rows.ts): the next publish asks them, and a paused screen
   * must ask again too.
   */
  patternsWaiting(matcher?: TextMatcher): boolean;
  /**
   * Starts the patterns' thread and copies held rows' texts to it, within one pass's copy
   * budget: asked while the user types a pattern, so that its first pass finds them there.
   */
  preparePatterns(): void;
  /** The screen now shows snapshot `version`: rows evicted before it need not be kept for it. */
  shown(version: number): void;
  /** Per-function health of every invocation completed since the start. */
  health(): FunctionHealth[];
  /** Function names seen since the start (the first `MAX_FUNCTIONS_NAMED`), to tell a filter that names none. */
  functionNames(): ReadonlySet<string>;
  /** Listener runs after each throttled publish; returns the unsubscribe function. */
  subscribe(listener: (snapshot: TailSnapshot) => void): () => void;
  /** Publishes now (tests, and the final frame at the end of input). */
  publish(): void;
}

/** Publishes at least this often while someone listens, so rates decay when input stops. */
const HEARTBEAT_MS = 1000;
const MAX_GROUPS_COUNTED = 10_000;
const MAX_FUNCTIONS_NAMED = 1000;

/** Builds the store; nothing here touches the terminal. */
export function createTailStore(options: TailStoreOptions): TailStore {
  const correlator = options.correlator;
  const maxLiveLines = options.maxLiveLines ?? 1000;
  const publishIntervalMs = options.publishIntervalMs ?? 100;
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RING_BYTES;
  const maxRowBytes = options.maxRowBytes ?? maxBytes / ROW_SHARE_OF_RING;
  const ring = createInvocationRing<Entry>(options.maxInvocations ?? 2000, maxBytes);
  const maxPendingTraces = options.maxPendingTraces ?? 1000;
  // Known traces: the waiting ones and one per row held, so a held row's rivals are counted.
  const links = createTraceLinks(
    maxPendingTraces,
    maxPendingTraces + (options.maxInvocations ?? 2000),
    options.fileTraces,
  );
  const health = createHealthTracker();
  /** Running invocations pushed out of the ring; when one completes it comes back. */
  const evictedLive = new Set<string>();
  // Twice the ring, at least 1,000: what a screen a few publishes behind a fast input can show.
  // Of lines, a quarter of what the ring holds (the default ring: 32 MiB).
  const recent = createRecentlyEvicted<Entry>(
    Math.max(1000, 2 * (options.maxInvocations ?? 2000)),
    (maxBytes * DEFAULT_MAX_RECENT_BYTES) / DEFAULT_MAX_RING_BYTES,
  );
  const maxEvictedLive = Math.max(1, options.maxInvocations ?? 2000);
  const prices = createPriceTally(options.cost);
  const detailContext = {
    tracesFile: options.tracesFile ?? null,
    startCut: options.startCut ?? (() => null),
    endCut: options.endCut ?? (() => null),
  };
  /**
   * Each pattern's answer for each row, by the face the row had when asked: a row's face is
   * built anew whenever what it holds changes (a line, its completion, a late line), so a
   * face seen before has the texts it had. A search asks again on every publish; asked only
   * of the rows new or changed since, a pass costs what came in since the last one, not the
   * copy of every held line to the pattern's thread (20-40 ms for 2,000 rows of 22 lines),
   * and a new pattern finds the rows' texts there already (thread-rows.ts).
   */
  const answers = new WeakMap<TextMatcher, WeakMap<RowView, boolean>>();
  const answersOf = (matcher: TextMatcher): WeakMap<RowView, boolean> => {
    let known = answers.get(matcher);
    if (!known) {
      known = new WeakMap();
      answers.set(matcher, known);
    }
    return known;
  };
  const threadRows = options.threadRows ?? createThreadRows();
  /** Patterns whose last pass left rows for the next: few (the search and the highlights). */
  const waiting = new Set<TextMatcher>();
  const meter = createRateMeter();
  const groupsSeen = new Set<string>();
  const functionsSeen = new Set<string>(options.functionName ? [options.functionName] : []);
  /**
   * Request ID → the row of its running invocation. The correlator holds one open
   * invocation per request ID, and what it completes may name its function or group
   * differently from the first event (an ARN read later), so the row is found by this.
   */
  const openRows = new Map<string, string>();
  /** Request ID → rows held with it (a trace or a fetch names only the request). */
  const byRequest = new Map<string, Set<string>>();
  const listeners = new Set<(s: TailSnapshot) => void>();
  let seq = 0;
  /** Sort key of the newest row, for rows whose input has no time (they keep arrival order). */
  let lastKey = Number.NEGATIVE_INFINITY;
  let events = 0;
  let comebacks = 0;
  let unattributed = 0;
  let invocations = 0;
  let completed = 0;
  let failed = 0;
  let version = 0;
  let dirty = true;
  let lastPublish = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let source: SourceStatus = {
    lagMs: null,
    throttled: false,
    sampled: false,
    logGroups: 0,
    intervalMs: null,
    label: '',
    ended: false,
    failure: null,
    problems: { errors: 0, warnings: 0, latest: null },
    messages: { count: 0, latest: null },
    notes: { count: 0, first: null },
  };
  let last: TailSnapshot | null = null;

  const markDirty = (): void => {
    dirty = true;
    if (timer === null && listeners.size > 0) {
      // One interval for every rate: a new row must be on screen within 150 ms of its START
      // even at 20,000 events/s. Slowing frames when busy (tried: ×2.5 above 5,000 events/s)
      // saved 4% of a core and put rows 190 ms behind at p95.
      timer = setTimeout(() => {
        timer = null;
        publish();
      }, publishIntervalMs);
    }
  };

  const keyOf = (ms: number | null): number => {
    const key = ms !== null && Number.isFinite(ms) ? ms : lastKey;
    if (key > lastKey) lastKey = key;
    return key;
  };

  const hold = (entry: Entry): void => {
    const requestId = entry.invocation.requestId;
    const rows = byRequest.get(requestId);
    if (rows) rows.add(entry.id);
    else byRequest.set(requestId, new Set([entry.id]));
  };

  const letGo = (entry: Entry): void => {
    const requestId = entry.invocation.requestId;
    const rows = byRequest.get(requestId);
    if (!rows) return;
    rows.delete(entry.id);
    if (rows.size === 0) byRequest.delete(requestId);
  };

  /** Held rows a trace's candidate names: a row ID itself, or every row of a request ID. */
  const rowsOf = (idOrRequest: string): string[] => {
    if (ring.get(idOrRequest)) return [idOrRequest];
    return [...(byRequest.get(idOrRequest) ?? [])];
  };

  const dropped = (gone: Entry[]): void => {
    for (const entry of gone) {
      letGo(entry);
      recent.add(entry, version);
      links.forget(entry.id, entry.invocation.traceId);
      if (entry.live) {
        evictedLive.add(entry.id);
        if (evictedLive.size > maxEvictedLive) {
          const first = evictedLive.values().next().value;
          if (first !== undefined) evictedLive.delete(first);
        }
      }
    }
  };

  /** Pairs an entry with a trace if the trace really is its own (same check as `logs --traces`). */
  const offer = (entry: Entry, trace: Trace): boolean => {
    // Its logs named another trace: this one only mentions the same request ID (a retried
    // or replayed request, a copied trace header) and must not replace the invocation's own.
    const named = entry.invocation.traceId;
    if (named && named !== trace.traceId) return false;
    const { match } = matchTrace(entry.invocation, trace);
    if (match === 'mismatch') {
      if (entry.trace === null) entry.traceMatch = 'mismatch';
      entry.view = null;
      return false;
    }
    entry.trace = trace;
    entry.traceMatch = match;
    entry.rivalTraces = 0;
    entry.view = null;
    return true;
  };

  /**
   * A row whose logs name no trace ID, whose request another trace now names too: the trace
   * it took by that request may be either's, so it waits again (for a REPORT that names
   * it), and the row says why it has none.
   */
  const contest = (entry: Entry): void => {
    const { requestId, traceId } = entry.invocation;
    if (traceId) return;
    if (entry.trace !== null) links.park(entry.trace);
    entry.trace = null;
    entry.traceMatch = null;
    entry.rivalTraces = links.rivals(requestId, traceId);
    entry.view = null;
  };

  const claimTrace = (entry: Entry): void => {
    links.note(entry.id, entry.invocation.traceId);
    // A trace taken by request ID before the REPORT named a different one is not this
    // invocation's: it waits again, for the one whose logs name it (another attempt of a
    // retried request, which carries the same request ID), as `logs` would join it.
    const named = entry.invocation.traceId;
    if (entry.trace !== null && named && entry.trace.traceId !== named) {
      links.park(entry.trace);
      entry.trace = null;
      entry.traceMatch = null;
      entry.view = null;
    }
    if (entry.trace !== null) return;
    const { requestId, traceId } = entry.invocation;
    const parked = links.claim(requestId, traceId);
    if (parked && !offer(entry, parked)) links.park(parked);
    if (entry.trace === null) entry.rivalTraces = links.rivals(requestId, traceId);
  };

  const insert = (id: string, invocation: Invocation, live: boolean, startMs: number | null): Entry => {
    const entry: Entry = {
      id,
      key: keyOf(startMs),
      seq: seq++,
      invocation,
      live,
      liveEvents: live ? [] : null,
      liveLevels: live ? [] : null,
      trace: null,
      traceMatch: null,
      traceFetch: null,
      rivalTraces: 0,
      cost: null,
      view: null,
      bytes: live ? 0 : invocationBytes(invocation),
    };
    const name = invocation.functionName;
    if (name !== null && functionsSeen.size < MAX_FUNCTIONS_NAMED) functionsSeen.add(name);
    if (evictedLive.delete(entry.id)) comebacks++;
    else invocations++;
    hold(entry);
    dropped(ring.insert(entry));
    return entry;
  };

  /** The row an event of `requestId` opens (or joins): by the function, group and stream it names. */
  const rowOfEvent = (event: LogEvent, requestId: string): { id: string; functionName: string | null } => {
    const functionName =
      event.functionName ?? functionNameFromLogGroup(event.logGroup) ?? options.functionName ?? null;
    return {
      id: rowKeyOf(functionName, event.logGroup ?? null, event.logStream ?? null, requestId),
      functionName,
    };
  };

  const addLive = (event: LogEvent, result: PushResult, requestId: string): void => {
    const { id, functionName } = rowOfEvent(event, requestId);
    let entry = ring.get(id);
    if (!entry) {
      const inv = emptyInvocation(requestId);
      inv.functionName = functionName;
      inv.logGroup = event.logGroup ?? null;
      inv.logStream = event.logStream ?? null;
      inv.start = isoOf(event.timestamp);
      openRows.set(requestId, id);
      // One rule with the correlator's for lines: a stamp far past its ingestion is a clock running fast.
      const ingested = ingestedBeforeStamp(event);
      entry = insert(id, inv, true, ingested ?? event.timestamp);
      if (ingested !== null) entry.ingestedBefore = ingested;
      if (!Number.isFinite(event.timestamp)) entry.untimed = true;
      claimTrace(entry);
      if (ring.get(id) !== entry) return; // older than everything held: it left at once
    }
    const events = entry.liveEvents;
    // null: a trailing line of a completed invocation (the correlator has it)
    if (!entry.live || events === null) return;
    entry.view = null;
    const bytes = (entry.bytes ?? 0) + keptSize(event.message);
    // Past a bound the row keeps no more lines: what it keeps stays its first.
    const inv = entry.invocation;
    if (inv.droppedLines > 0 || events.length >= maxLiveLines || bytes > maxRowBytes) inv.droppedLines++;
    else {
      events.push(event);
      entry.liveLevels?.push(levelOf(result.parsed));
      // Past the ring's bytes this row may leave, as the oldest does, and its lines with it.
      dropped(ring.resize(entry, bytes));
    }
  };

  /**
   * A line of a request the correlator already completed (live input, read late): it joins
   * that request's row, after its last line, rather than opening a row of its own. A row
   * that left the ring took its lines with it (counted in `dropped`), and this one with them.
   */
  const addLate = (event: LogEvent, requestId: string, line: InvocationLine, report: boolean): void => {
    // Its row may be named otherwise than its events (an ARN read later): then by the request.
    // Of a request run more than once in its stream, the line is the latest run's.
    const own = rowOfEvent(event, requestId).id;
    const held = [...(byRequest.get(requestId) ?? [])].map((id) => ring.get(id));
    const ownRow = ring.get(own);
    const entry = ownRow?.live
      ? ownRow
      : (held.findLast((e) => e && !e.live && isRunOf(e.id, own)) ?? held.findLast((e) => e && !e.live));
    if (!entry || entry.live) return;
    const inv = entry.invocation;
    if (report && lacksReport(inv)) {
      const whole = rebuiltWithLate(inv, [line]);
      if (whole) {
        rebuild(entry, whole);
        return;
      }
    }
    entry.view = null;
    const bytes = (entry.bytes ?? 0) + keptSize(line.message);
    if (inv.lines.length >= maxLiveLines || bytes > maxRowBytes) inv.droppedLines++;
    else {
      inv.lines.push(line);
      dropped(ring.resize(entry, bytes));
    }
  };

  /** A row let go incomplete, made whole by its late REPORT: counted, priced and shown as that. */
  const rebuild = (entry: Entry, rebuilt: Invocation): void => {
    const was = entry.invocation;
    const wasView = entry.view ?? buildView(entry);
    const { invocation: whole, bytes } = withinRowBytes(rebuilt, maxRowBytes);
    if (isFailure(was.status)) failed--;
    if (isFailure(whole.status)) failed++;
    prices.withdraw(entry.cost);
    health.withdraw(wasView);
    entry.cost = prices.price(whole);
    entry.invocation = whole;
    entry.view = null;
    const view = buildView(entry);
    entry.view = view;
    health.add(view);
    dropped(ring.resize(entry, bytes));
    options.onRebuilt?.(was, whole);
  };

  const complete = (completedInvocation: Invocation, atEnd = false): void => {
    completed++;
    if (isFailure(completedInvocation.status)) failed++;
    const { invocation: inv, bytes } = withinRowBytes(completedInvocation, maxRowBytes);
    const cost = prices.price(inv);
    const startMs = toMs(inv.start);
    const own = rowKeyOf(inv.functionName, inv.logGroup, inv.logStream, inv.requestId);
    const opened = openRows.get(inv.requestId);
    // Its own row while it runs; else the row its first event opened (named otherwise then).
    let id = ring.get(own)?.live || opened === undefined ? own : opened;
    if (opened === id) openRows.delete(inv.requestId);
    let entry = ring.get(id);
    if (entry && !entry.live) {
      // Its row is complete already: this is another run of the request (a retried
      // asynchronous event), which gets a row of its own rather than taking that one's place.
      id = laterRunKey(own, seq);
      entry = undefined;
    }
    if (entry) {
      entry.invocation = inv;
      entry.live = false;
      entry.liveEvents = null;
      entry.liveLevels = null;
      const ceiling = entry.ingestedBefore;
      const placed = ceiling !== undefined && startMs !== null && startMs > ceiling ? ceiling : startMs;
      if (!entry.untimed) ring.rekey(entry, keyOf(placed));
    } else {
      entry = insert(id, inv, false, startMs);
    }
    entry.cost = cost;
    entry.view = null;
    const view = buildView(entry);
    entry.view = view;
    health.add(view);
    claimTrace(entry);
    // Its lines are now the correlator's (kept to the end, or up to the bound per invocation).
    dropped(ring.resize(entry, bytes));
    options.onComplete?.(completedInvocation, atEnd);
  };

  const push = (event: LogEvent): void => {
    events++;
    if (event.logGroup && groupsSeen.size < MAX_GROUPS_COUNTED) groupsSeen.add(event.logGroup);
    const result = correlator.push(event);
    if (result.late) addLate(event, result.requestId as string, result.late, result.parsed.kind === 'report');
    else if (result.requestId) addLive(event, result, result.requestId);
    else unattributed++;
    for (const inv of result.completed) complete(inv);
  };

  const snapshot = (): TailSnapshot => {
    if (!dirty && last) return last;
    const rows: RowView[] = [];
    // The span of the times the rows draw, not of their places in the ring: a row opened by a
    // line with no time keeps its arrival place (no time, or the time of the row before it)
    // after its START is read, so the ring's first and last keys can miss the days it shows.
    let span: { min: number; max: number } | null = null;
    for (const entry of ring.values()) {
      if (entry.view === null) entry.view = buildView(entry);
      rows.push(entry.view);
      const start = entry.view.startMs;
      if (start === null || !Number.isFinite(start)) continue;
      if (span === null) span = { min: start, max: start };
      else if (start < span.min) span.min = start;
      else if (start > span.max) span.max = start;
    }
    const t = now();
    const costByFunction = health
      .summary()
      .filter((h) => h.priced > 0)
      .map((h) => ({
        functionName: h.functionName,
        usd: h.costUsd,
        count: h.priced,
        partial: h.priced < h.invocations,
      }))
      .sort((a, b) => b.usd - a.usd);
    const ringStats = ring.stats();
    last = {
      version: ++version,
      rows,
      stats: {
        events,
        eventsPerSecond: meter.perSecond(t),
        invocations,
        dropped: ringStats.evicted - comebacks,
        held: ringStats.size,
        pinnedBeyond: ringStats.pinnedBeyond,
        completed,
        failed,
        priced: prices.priced(),
        unpricedReason: prices.commonestReason(),
        assumed: prices.assumed(),
        unattributed,
        logGroups: groupsSeen.size,
        costByFunction,
        spanMs: span,
      },
      source: { ...source },
    };
    dirty = false;
    return last;
  };

  const publish = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    lastPublish = now();
    dirty = true; // the rate moves with time even when no event came
    const snap = snapshot();
    for (const listener of listeners) listener(snap);
  };

  /**
   * The matcher's answer for each asked row: a pattern of the pattern thread asks only of
   * rows copied there (thread-rows.ts), and leaves undefined those its copy budget left.
   */
  const askOf = (matcher: TextMatcher, asked: readonly Entry[]): (boolean | undefined)[] => {
    if (!matcher.anyInHeld) return matcher.anyIn(asked.map(entryTexts));
    const numbers = threadRows.numbersOf(ring.values(), asked);
    const copied = numbers.filter((n) => n !== NOT_HELD);
    const answers = matcher.anyInHeld(copied);
    let next = 0;
    return numbers.map((n) => (n === NOT_HELD ? undefined : answers[next++]));
  };

  return {
    ingest(event) {
      meter.add(1, now());
      push(event);
      markDirty();
    },
    ingestBatch(batch) {
      if (batch.length === 0) return;
      meter.add(batch.length, now());
      for (const event of batch) push(event);
      markDirty();
    },
    settle(idleMs) {
      const done = correlator.expire(idleMs);
      for (const inv of done) complete(inv);
      if (done.length > 0) markDirty();
    },
    end() {
      for (const inv of correlator.flush()) complete(inv, true);
      source = { ...source, ended: true };
      markDirty();
    },
    attachTrace(trace) {
      links.learn(trace);
      for (const requestId of links.contested(trace))
        for (const id of byRequest.get(requestId) ?? []) {
          const entry = ring.get(id);
          if (entry) contest(entry);
        }
      let pending = false;
      for (const candidate of links.candidates(trace)) {
        const ids = rowsOf(candidate);
        if (ids.length === 0) pending = true;
        for (const id of ids) {
          const entry = ring.get(id) as Entry;
          if (entry.trace?.traceId !== trace.traceId) offer(entry, trace);
        }
      }
      if (pending || links.candidates(trace).length === 0) links.park(trace);
      markDirty();
    },
    noteTraceFetch(requestId, state) {
      for (const id of byRequest.get(requestId) ?? []) {
        const entry = ring.get(id);
        if (entry) entry.traceFetch = state;
      }
      markDirty();
    },
    setSource(status) {
      source = { ...source, ...scrubbedStatus(status) };
      markDirty();
    },
    setPins(owner, ids) {
      // A row the screen still shows may have left the ring since: pinning brings it back.
      const back: Entry[] = [];
      for (const id of ids) {
        const entry = ring.get(id) ? undefined : recent.take(id);
        if (entry) back.push(entry);
      }
      dropped(ring.setPins(owner, ids));
      for (const entry of back) {
        comebacks++;
        evictedLive.delete(entry.id);
        hold(entry);
        dropped(ring.insert(entry));
        links.note(entry.id, entry.invocation.traceId);
      }
      markDirty();
    },
    snapshot,
    detail(id) {
      const entry = ring.get(id) ?? recent.peek(id);
      return entry ? detailOf(entry, detailContext) : null;
    },
    matching(matcher) {
      const known = answersOf(matcher);
      const hits = new Set<string>();
      const asked: Entry[] = [];
      for (const entry of ring.values()) {
        if (entry.view === null) entry.view = buildView(entry);
        const answer = known.get(entry.view);
        if (answer === undefined) asked.push(entry);
        else if (answer) hits.add(entry.id);
      }
      const found = askOf(matcher, asked);
      // A pattern that gave up matches nothing, the rows it matched before included.
      if (matcher.gaveUp?.()) return new Set();
      let unasked = false;
      asked.forEach((entry, i) => {
        const hit = found[i];
        if (hit === undefined) unasked = true;
        else known.set(entry.view as RowView, hit);
        if (hit === true) hits.add(entry.id);
      });
      // Rows not yet copied to the pattern's thread are asked on the next publish, soon.
      if (unasked) {
        waiting.add(matcher);
        markDirty();
      } else waiting.delete(matcher);
      return hits;
    },
    preparePatterns() {
      const held: Entry[] = [];
      for (const entry of ring.values()) {
        if (entry.view === null) entry.view = buildView(entry);
        held.push(entry);
      }
      threadRows.numbersOf(held, held);
    },
    patternsWaiting(matcher) {
      return matcher ? waiting.has(matcher) : waiting.size > 0;
    },
    shown: (shownVersion) => recent.forgetBefore(shownVersion),
    health: () => health.summary(),
    functionNames: () => functionsSeen,
    subscribe(listener) {
      listeners.add(listener);
      if (dirty) markDirty();
      if (heartbeat === null) {
        heartbeat = setInterval(() => {
          if (now() - lastPublish >= HEARTBEAT_MS - 50) publish();
        }, HEARTBEAT_MS);
        heartbeat.unref?.();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        if (timer !== null) clearTimeout(timer);
        if (heartbeat !== null) clearInterval(heartbeat);
        timer = null;
        heartbeat = null;
      };
    },
    publish,
  };
}

/**
 * The status bar's words, said while the screen hides stderr: a source's failure, an input
 * problem, a note, a message a library wrote. Any may quote a server that echoed a request,
 * so they pass the scrubbing that everything written to stderr passes (output/diagnostics.ts).
 */
function scrubbedStatus(status: Partial<SourceStatus>): Partial<SourceStatus> {
  const out = { ...status };
  const text = (s: string | null) => (s === null ? null : scrubbed(s));
  if (out.failure !== undefined) out.failure = text(out.failure);
  if (out.label !== undefined) out.label = scrubbed(out.label);
  if (out.problems) out.problems = { ...out.problems, latest: text(out.problems.latest) };
  if (out.messages) out.messages = { ...out.messages, latest: text(out.messages.latest) };
  if (out.notes) out.notes = { ...out.notes, first: text(out.notes.first) };
  return out;
}
