/**
 * When a missing trace is worth asking for again. X-Ray makes trace data available for
 * retrieval within about 30 seconds of receiving it (AWS X-Ray FAQ,
 * https://aws.amazon.com/xray/faqs/: "generally available for retrieval and filtering within
 * 30 seconds"), and Lambda sends an invocation's segments when it ends. So a trace missing
 * for an invocation that ended longer ago than that is not coming: it was not sampled, or
 * is older than X-Ray keeps. Youth is measured from the invocation's end against the clock,
 * not from when its logs were read: two-hour-old history is read in a second, not indexed.
 */
import type { Invocation } from '../model.ts';

export const X_RAY_INDEXING_MS = 30_000;

/** Until when (epoch ms) a missing trace of `inv` may still appear; null when its logs give no time. */
export function indexedBy(inv: Invocation, indexingMs: number): number | null {
  const end = Date.parse(inv.end ?? inv.start ?? '');
  return Number.isNaN(end) ? null : end + indexingMs;
}

/** Whether a trace missing now may still appear: its invocation ended within the indexing window. */
export function mayStillAppear(until: number | null, now: number): boolean {
  return until !== null && now < until;
}
