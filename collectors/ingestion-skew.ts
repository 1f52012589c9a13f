/**
 * A clock running fast. CloudWatch takes events stamped up to 2 h past the time it ingests
 * them, and an event cannot have been written after it was ingested: one stamped further
 * past its ingestion than clocks merely out of step (the tolerance) came from a clock that
 * is wrong, and its stamp says nothing of where it stands among the events around it. One
 * rule for every part that asks: the follow cursor keeps its watermark to the ingestion and
 * counts such events (the status bar's "stamped ahead"), `tail` places a row whose first
 * event is one of them at that ingestion, and the correlator places an untagged line so.
 */
import type { LogEvent } from './model.ts';

/** How far past its ingestion an event may be stamped before its stamp is taken as skewed. */
export const SKEW_TOLERANCE_MS = 5_000;

/**
 * When CloudWatch ingested `event`, if it is stamped more than SKEW_TOLERANCE_MS past that;
 * null otherwise, and when its ingestion is not known (files, stdin).
 */
export function ingestedBeforeStamp(event: Pick<LogEvent, 'timestamp' | 'ingestionTime'>): number | null {
  const ingested = event.ingestionTime;
  if (ingested === undefined || !Number.isFinite(ingested) || !Number.isFinite(event.timestamp)) return null;
  return event.timestamp - ingested > SKEW_TOLERANCE_MS ? ingested : null;
}
