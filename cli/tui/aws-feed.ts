/**
 * Feeds a CloudWatch source into the tail's store: the source's completeness on the status
 * bar, and the X-Ray trace of every invocation that carries a trace ID, fetched as it completes.
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import type { SourceStatus as CollectorStatus } from '../../collectors/cloudwatch-logs/source-status.ts';
import { createTraceFetcher } from '../../collectors/xray/fetcher.ts';
import { sourceNotes } from '../output/source-notes.ts';
import type { TailStore } from './store.ts';
import type { SourceStatus } from './types.ts';

/** Notes the bar says in its own words (throttled, sampled, lag): not repeated as notes. */
const ON_THE_BAR = new Set(['throttled', 'sampled', 'lag']);

/** The collectors' per-group completeness, summed up for one status bar. */
export function statusBarOf(status: CollectorStatus): Partial<SourceStatus> {
  const lags = status.groups.map((g) => g.lagMs).filter((l): l is number => l !== null);
  const intervals = status.groups.map((g) => g.intervalMs).filter((i) => i > 0);
  const notes = sourceNotes(status, false).filter((n) => !ON_THE_BAR.has(n.key));
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
 */
export function feedTraces(
  store: TailStore,
  source: AwsLogSource,
  signal: AbortSignal,
  everyMs = 2000,
): (traceId: string) => void {
  const waiting = new Set<string>();
  const fetcher = createTraceFetcher({
    client: source.session.xray,
    ctx: source.session.ctx,
    maxWaitMs: 20_000,
  });
  let busy = false;
  const round = async () => {
    if (busy || waiting.size === 0 || signal.aborted) return;
    busy = true;
    const batch = [...waiting];
    waiting.clear();
    try {
      const { found } = await fetcher.fetch(batch);
      for (const trace of found.values()) store.attachTrace(trace);
    } catch {
      // A trace that cannot be fetched (no xray permission, throttling past its budget)
      // leaves the invocation without a waterfall; the logs keep flowing.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void round(), everyMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  return (traceId) => {
    if (waiting.size < MAX_WAITING_TRACES) waiting.add(traceId);
  };
}
