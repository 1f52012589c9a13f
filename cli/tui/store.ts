/**
 * The tail's model: folds log events into invocations (live ones included), keeps the
 * newest `maxInvocations` in a ring and publishes immutable snapshots at most once per
 * interval, so a flood of events costs one render per interval, not one per event.
 */
import type { Correlator } from '../../collectors/correlator/types.ts';
import {
  emptyInvocation,
  functionNameFromLogGroup,
  type Invocation,
  type InvocationLine,
  type LogEvent,
  type LogLevel,
} from '../../collectors/model.ts';
import { createRateMeter } from './rate-meter.ts';
import type { CostFn, CostView, RowView, SourceStatus, TailSnapshot, TraceView } from './types.ts';

export interface TailStoreOptions {
  correlator: Correlator;
  /** Ring size: older invocations are dropped and counted. */
  maxInvocations?: number;
  /** Lines kept per still-open invocation (the correlator bounds finished ones). */
  maxLiveLines?: number;
  /** Traces waiting for their invocation. */
  maxPendingTraces?: number;
  publishIntervalMs?: number;
  cost?: CostFn;
  /** Function name for events whose log group does not tell it. */
  functionName?: string;
  /** Told of every invocation the store completes (to fetch its trace, say). */
  onComplete?: (invocation: Invocation) => void;
  now?: () => number;
}

export interface InvocationDetail {
  invocation: Invocation;
  live: boolean;
  trace: TraceView | null;
  cost: CostView | null;
}

export interface TailStore {
  ingest(event: LogEvent): void;
  /** Completes whatever the correlator still holds; call at the end of finite input. */
  end(): void;
  /** Completes reported invocations idle for `idleMs`: live input may go quiet after a REPORT. */
  settle(idleMs: number): void;
  attachTrace(trace: TraceView, requestId?: string): void;
  setSource(status: Partial<SourceStatus>): void;
  snapshot(): TailSnapshot;
  detail(requestId: string): InvocationDetail | null;
  /** Request IDs of the held invocations that have a line passing `test` (the `/` search). */
  matching(test: (line: string) => boolean): Set<string>;
  /** Listener runs after each throttled publish; returns the unsubscribe function. */
  subscribe(listener: (snapshot: TailSnapshot) => void): () => void;
  /** Publishes now (tests, and the final frame at the end of input). */
  publish(): void;
}

interface Entry {
  seq: number;
  invocation: Invocation;
  live: boolean;
  trace: TraceView | null;
  cost: CostView | null;
  view: RowView | null;
}

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const TEXT_LEVEL = /\t(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t/;
const JSON_LEVEL = /"level"\s*:\s*"(\w+)"/;

/** A cheap level guess for lines of still-open invocations; the correlator's lines replace them. */
export function guessLevel(message: string): LogLevel | null {
  const m = TEXT_LEVEL.exec(message) ?? JSON_LEVEL.exec(message);
  const level = m?.[1]?.toUpperCase();
  if (level === 'WARNING') return 'WARN';
  return LEVELS.find((l) => l === level) ?? null;
}

function trimNewline(message: string): string {
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

function isoOf(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function toMs(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function buildView(entry: Entry): RowView {
  const inv = entry.invocation;
  return {
    requestId: inv.requestId,
    seq: entry.seq,
    functionName: inv.functionName,
    status: inv.status,
    live: entry.live,
    coldStart: inv.coldStart,
    errorType: inv.errorType,
    startMs: toMs(inv.start),
    durationMs: inv.durationMs,
    billedDurationMs: inv.billedDurationMs,
    memorySizeMB: inv.memorySizeMB,
    maxMemoryUsedMB: inv.maxMemoryUsedMB,
    costUsd: entry.cost?.totalUsd ?? null,
    traceId: inv.traceId ?? entry.trace?.traceId ?? null,
    hasTrace: entry.trace !== null,
    lineCount: inv.lines.length + inv.droppedLines,
  };
}

/** Builds the store; nothing here touches the terminal. */
export function createTailStore(options: TailStoreOptions): TailStore {
  const correlator = options.correlator;
  const maxInvocations = Math.max(1, options.maxInvocations ?? 2000);
  const maxLiveLines = options.maxLiveLines ?? 1000;
  const maxPendingTraces = options.maxPendingTraces ?? 1000;
  const publishIntervalMs = options.publishIntervalMs ?? 100;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const byTraceId = new Map<string, string>();
  /** Running invocations pushed out of the ring; when one completes it comes back. */
  const evictedLive = new Set<string>();
  const pendingTraces = new Map<string, TraceView>();
  const costs = new Map<string, { usd: number; count: number }>();
  const meter = createRateMeter();
  const groupsSeen = new Set<string>();
  const MAX_GROUPS_COUNTED = 10_000;
  const listeners = new Set<(s: TailSnapshot) => void>();
  let seq = 0;
  let events = 0;
  let dropped = 0;
  let unattributed = 0;
  let invocations = 0;
  let version = 0;
  let dirty = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let source: SourceStatus = {
    lagMs: null,
    throttled: false,
    sampled: false,
    logGroups: 0,
    intervalMs: null,
    label: '',
    ended: false,
  };
  let last: TailSnapshot | null = null;

  const markDirty = (): void => {
    dirty = true;
    if (timer === null && listeners.size > 0) {
      timer = setTimeout(() => {
        timer = null;
        publish();
      }, publishIntervalMs);
    }
  };

  const insert = (requestId: string, invocation: Invocation, live: boolean): Entry => {
    const entry: Entry = { seq: seq++, invocation, live, trace: null, cost: null, view: null };
    entries.set(requestId, entry);
    if (evictedLive.delete(requestId))
      dropped--; // it left while running and is back, finished
    else invocations++;
    if (entries.size > maxInvocations) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) {
        const gone = entries.get(oldest);
        if (gone?.invocation.traceId) byTraceId.delete(gone.invocation.traceId);
        if (gone?.live) {
          evictedLive.add(oldest);
          if (evictedLive.size > maxInvocations) {
            const first = evictedLive.values().next().value;
            if (first !== undefined) evictedLive.delete(first);
          }
        }
        entries.delete(oldest);
        dropped++;
      }
    }
    return entry;
  };

  /** Pairs an invocation with a trace that came first, by trace ID or by request ID. */
  const linkTrace = (entry: Entry): void => {
    const { traceId, requestId } = entry.invocation;
    if (traceId) byTraceId.set(traceId, requestId);
    if (entry.trace !== null) return;
    const key = traceId && pendingTraces.has(traceId) ? traceId : requestId;
    const pending = pendingTraces.get(key);
    if (pending) {
      entry.trace = pending;
      pendingTraces.delete(key);
    }
  };

  const addLive = (event: LogEvent, requestId: string): void => {
    let entry = entries.get(requestId);
    if (!entry) {
      const inv = emptyInvocation(requestId);
      inv.functionName =
        event.functionName ?? functionNameFromLogGroup(event.logGroup) ?? options.functionName ?? null;
      inv.logGroup = event.logGroup ?? null;
      inv.logStream = event.logStream ?? null;
      inv.start = isoOf(event.timestamp);
      entry = insert(requestId, inv, true);
      linkTrace(entry);
    }
    const inv = entry.invocation;
    if (inv.lines.length >= maxLiveLines) {
      inv.droppedLines++;
    } else {
      const message = trimNewline(event.message);
      const line: InvocationLine = {
        timestamp: isoOf(event.timestamp),
        level: guessLevel(message),
        message,
      };
      if (event.eventId !== undefined) line.eventId = event.eventId;
      inv.lines.push(line);
    }
    inv.end = isoOf(event.timestamp) ?? inv.end;
    entry.view = null;
  };

  const complete = (inv: Invocation): void => {
    let entry = entries.get(inv.requestId);
    if (!entry) {
      entry = insert(inv.requestId, inv, false);
    } else {
      if (entry.cost && !entry.live) {
        const name = entry.invocation.functionName ?? '?';
        const c = costs.get(name);
        if (c) {
          c.usd -= entry.cost.totalUsd;
          c.count--;
        }
      }
      entry.invocation = inv;
      entry.live = false;
    }
    entry.cost = options.cost?.(inv) ?? null;
    if (entry.cost) {
      const name = inv.functionName ?? '?';
      const c = costs.get(name) ?? { usd: 0, count: 0 };
      c.usd += entry.cost.totalUsd;
      c.count++;
      costs.set(name, c);
    }
    linkTrace(entry);
    entry.view = null;
    options.onComplete?.(inv);
  };

  const snapshot = (): TailSnapshot => {
    if (!dirty && last) return last;
    const rows: RowView[] = [];
    for (const entry of entries.values()) {
      if (entry.view === null) entry.view = buildView(entry);
      rows.push(entry.view);
    }
    const t = now();
    const costByFunction = [...costs.entries()]
      .map(([functionName, c]) => ({ functionName, usd: c.usd, count: c.count }))
      .sort((a, b) => b.usd - a.usd);
    last = {
      version: ++version,
      rows,
      stats: {
        events,
        eventsPerSecond: meter.perSecond(t),
        invocations,
        dropped,
        unattributed,
        logGroups: groupsSeen.size,
        costByFunction,
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
    dirty = true; // the rate moves with time even when no event came
    const snap = snapshot();
    for (const listener of listeners) listener(snap);
  };

  return {
    ingest(event) {
      events++;
      meter.add(1, now());
      if (event.logGroup && groupsSeen.size < MAX_GROUPS_COUNTED) groupsSeen.add(event.logGroup);
      const result = correlator.push(event);
      if (result.requestId) addLive(event, result.requestId);
      else unattributed++;
      for (const inv of result.completed) complete(inv);
      markDirty();
    },
    settle(idleMs) {
      const done = correlator.expire(idleMs);
      for (const inv of done) complete(inv);
      if (done.length > 0) markDirty();
    },
    end() {
      for (const inv of correlator.flush()) complete(inv);
      source = { ...source, ended: true };
      markDirty();
    },
    attachTrace(trace, requestId) {
      const id = requestId ?? byTraceId.get(trace.traceId);
      const entry = id === undefined ? undefined : entries.get(id);
      if (!entry) {
        pendingTraces.set(requestId ?? trace.traceId, trace);
        if (pendingTraces.size > maxPendingTraces) {
          const oldest = pendingTraces.keys().next().value;
          if (oldest !== undefined) pendingTraces.delete(oldest);
        }
        return;
      }
      entry.trace = trace;
      entry.view = null;
      markDirty();
    },
    setSource(status) {
      source = { ...source, ...status };
      markDirty();
    },
    snapshot,
    detail(requestId) {
      const entry = entries.get(requestId);
      if (!entry) return null;
      const inv = entry.invocation;
      return {
        invocation: { ...inv, lines: inv.lines.slice() },
        live: entry.live,
        trace: entry.trace,
        cost: entry.cost,
      };
    },
    matching(test) {
      const hits = new Set<string>();
      for (const [id, entry] of entries) {
        if (entry.invocation.lines.some((line) => test(line.message))) hits.add(id);
      }
      return hits;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (dirty) markDirty();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
      };
    },
    publish,
  };
}
