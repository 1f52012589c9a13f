/**
 * Feeds a CloudWatch source into the tail's store: the source's completeness on the status
 * bar, and the X-Ray trace of every invocation that carries a trace ID, fetched as it completes.
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import type { SourceStatus as CollectorStatus } from '../../collectors/cloudwatch-logs/source-status.ts';
import type { Invocation } from '../../collectors/model.ts';
import { createTraceFetcher } from '../../collectors/xray/fetcher.ts';
import { indexedBy, mayStillAppear } from '../../collectors/xray/indexing.ts';
import { sourceNotes } from '../output/source-notes.ts';
import type { TailStore } from './store.ts';
import type { SourceStatus } from './types.ts';

/** Notes the bar says in its own words (throttled, sampled, lag): not repeated as notes. */
const ON_THE_BAR = new Set(['throttled', 'sampled', 'lag']);

/** The collectors' per-group completeness, summed up for one status bar. */
export function statusBarOf(status: CollectorStatus): Partial<SourceStatus> {
  const lags = status.groups.map((g) => g.lagMs).filter((l): l is number => l !== null);
  const intervals = status.groups.map((g) => g.intervalMs).filter((i) => i > 0);
  // Events of other functions left out of a shared group: said while running, not only after quitting.
  const notes = sourceNotes(status, false, true).filter((n) => !ON_THE_BAR.has(n.key));
  return {
    notes: { count: notes.length, first: notes[0]?.text ?? null },
    label: status.mode,
    lagMs: lags.length > 0 ? Math.max(...lags) : null,
    throttled: status.groups.some((g) => g.throttled),
    sampled: status.groups.some((g) => g.sampled),
    logGroups: status.groups.length,
    intervalMs: intervals.length > 0 ? Math.min(...intervals) : null,
  };
}

/** Copies the source's status onto the status bar until the signal aborts. */
export function feedStatus(store: TailStore, source: AwsLogSource, signal: AbortSignal, everyMs = 500): void {
  const timer = setInterval(() => store.setSource(statusBarOf(source.status.snapshot())), everyMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

const MAX_WAITING_TRACES = 1000;

/**
 * Fetches traces for invocations as they complete, a round every `everyMs`: only IDs the
 * logs named (X-Ray has no filter for a request ID), at most `MAX_WAITING_TRACES` waiting.
 * A missing trace is asked for again only while X-Ray may still be indexing it (see
 * collectors/xray/indexing.ts): a backfill of old history costs one round.
 */
export function feedTraces(
  store: TailStore,
  source: AwsLogSource,
  signal: AbortSignal,
  everyMs = 2000,
): (invocation: Invocation) => void {
  /** Trace IDs to ask for: until when (epoch ms) each may still appear, and whose it is. */
  const waiting = new Map<string, { until: number | null; requestIds: Set<string> }>();
  const fetcher = createTraceFetcher({ client: source.session.xray, ctx: source.session.ctx });
  const clock = source.session.ctx.clock;
  const settle = (id: string, state: 'not-found' | null): void => {
    for (const requestId of waiting.get(id)?.requestIds ?? []) store.noteTraceFetch(requestId, state);
    waiting.delete(id);
  };
  let busy = false;
  const round = async () => {
    if (busy || waiting.size === 0 || signal.aborted) return;
    busy = true;
    const batch = [...waiting.keys()];
    try {
      const { found } = await fetcher.fetch(batch);
      const now = clock.now();
      for (const id of batch) {
        const trace = found.get(id);
        if (trace) {
          store.attachTrace(trace);
          waiting.delete(id);
          continue;
        }
        const until = waiting.get(id)?.until ?? null;
        if (!mayStillAppear(until, now)) settle(id, 'not-found');
      }
    } catch {
      // A trace that cannot be fetched (no xray permission, throttling past its budget)
      // leaves the invocation without a waterfall; the logs keep flowing.
      for (const id of batch) settle(id, null);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void round(), everyMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return (invocation) => {
    const id = invocation.traceId;
    if (!id || (!waiting.has(id) && waiting.size >= MAX_WAITING_TRACES)) return;
    const requestIds = waiting.get(id)?.requestIds ?? new Set<string>();
    requestIds.add(invocation.requestId);
    waiting.set(id, { until: indexedBy(invocation, fetcher.indexingMs), requestIds });
    store.noteTraceFetch(invocation.requestId, 'fetching');
  };
}
