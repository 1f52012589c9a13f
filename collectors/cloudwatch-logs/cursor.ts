/**
 * The follow cursor: a timestamp watermark plus the fingerprints of events already
 * delivered. Each poll re-reads from `watermark - lookBack`, so an event ingested late (its
 * timestamp already behind the watermark) is still found, and the fingerprints keep
 * everything re-read from being delivered twice. A plain `+1 ms` watermark loses both late
 * events and the rest of a same-millisecond burst split across pages.
 *
 * Guarantees (tests in test/unit/follow-cursor.test.ts and test/integration/aws/follow*):
 * - The watermark never passes the wall clock, nor an event's own ingestion time: one
 *   event stamped in the future (a container with a bad clock; CloudWatch takes events up
 *   to 2 h ahead) cannot push the window past the events written after it.
 * - An event is delivered once: re-reads, same-millisecond bursts and pages are matched
 *   by fingerprint (event ID, or group/stream/time/message without one).
 * - An event ingested up to `lookBack` after its timestamp comes with the next poll; up
 *   to `sweepBack`, with the next wider sweep (counted as `swept`); later than that it
 *   cannot be seen, since a query only selects by timestamp.
 * - Memory is bounded (`maxSeen`); what the bound pushes out is counted in `overflow`.
 */
import { type Fingerprint, fingerprintEvent } from '../dedupe/fingerprint.ts';
import { FingerprintWindow } from '../dedupe/window.ts';
import { ConfigError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';

export interface CursorConfig {
  /** Where reading starts (epoch ms). */
  startTime: number;
  /** Look-back window in ms, default 60,000. */
  lookBackMs?: number | undefined;
  /** How far back a wider sweep reads, default 10 minutes; 0 for no sweeps. */
  sweepBackMs?: number | undefined;
  /** Bound on remembered events; past it the oldest are dropped and counted. Default 200,000. */
  maxSeen?: number | undefined;
  /** Key every event by group/stream/time/message even when it has an ID (Live Tail). */
  byContent?: boolean | undefined;
}

/**
 * `late`: behind the watermark but inside the look-back; `swept`: older than the look-back,
 * found by a wider sweep; `duplicate`: delivered before (or too old to tell: see `overflow`).
 */
export type Verdict = 'new' | 'late' | 'swept' | 'duplicate';

export class CursorConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'CursorConfigError';
  }
}

/** How far ahead of its ingestion an event's timestamp may be before it counts as skewed. */
export const SKEW_TOLERANCE_MS = 5_000;

/** Events stamped ahead of their ingestion: a stream whose clock runs fast. */
export interface SkewReport {
  events: number;
  maxAheadMs: number;
  /** The stream of the most recent such event. */
  logStream: string | null;
}

/** One cursor per log group. */
export class FollowCursor {
  readonly lookBackMs: number;
  readonly sweepBackMs: number;
  readonly maxSeen: number;
  readonly skew: SkewReport = { events: 0, maxAheadMs: 0, logStream: null };
  private readonly startTime: number;
  private readonly byContent: boolean;
  private watermarkMs: number;
  /** Newest bounded time of the events accepted since the last `advance`. */
  private pending = Number.NEGATIVE_INFINITY;
  private readonly seen: FingerprintWindow;
  private readonly print: Fingerprint = { hi: 0, lo: 0 };

  constructor(config: CursorConfig) {
    this.lookBackMs = config.lookBackMs ?? 60_000;
    this.sweepBackMs = Math.max(this.lookBackMs, config.sweepBackMs ?? 600_000);
    this.maxSeen = config.maxSeen ?? 200_000;
    this.byContent = config.byContent ?? false;
    if (!Number.isFinite(config.startTime)) throw new CursorConfigError('cursor: startTime must be a number');
    if (!(this.lookBackMs >= 0))
      throw new CursorConfigError(`cursor: lookBackMs must be >= 0, got ${this.lookBackMs}`);
    if (!(Number.isInteger(this.maxSeen) && this.maxSeen >= 1))
      throw new CursorConfigError(`cursor: maxSeen must be a whole number >= 1, got ${this.maxSeen}`);
    this.startTime = config.startTime;
    this.watermarkMs = config.startTime;
    this.seen = new FingerprintWindow(this.maxSeen);
    this.seen.keepFrom = this.sweepStart();
  }

  get watermark(): number {
    return this.watermarkMs;
  }

  /** Start time of the next regular query: the look-back window behind the watermark. */
  queryStart(): number {
    return Math.max(this.startTime, this.watermarkMs - this.lookBackMs);
  }

  /** Start time of a wider sweep for events later than the look-back. */
  sweepStart(): number {
    return Math.max(this.startTime, this.watermarkMs - this.sweepBackMs);
  }

  /** Events the bound pushed out while they could still be read again (a re-read may repeat one). */
  get overflow(): number {
    return this.seen.overflow;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Records an event and says whether to deliver it. */
  accept(e: LogEvent, now: number): Verdict {
    const ts = e.timestamp;
    const print = this.print;
    // An event without identity cannot be matched again: deliver it, once per read.
    if (!fingerprintEvent(e, print, this.byContent)) return 'new';
    if (this.seen.has(print.hi, print.lo)) return 'duplicate';
    const regular = this.queryStart();
    // Below what the window still remembers "not seen" may be "forgotten": skip it.
    if (ts < regular && ts < this.seen.lostBelow) return 'duplicate';
    this.seen.add(print.hi, print.lo, ts);
    const ingested = e.ingestionTime ?? now;
    if (ts - ingested > SKEW_TOLERANCE_MS) {
      this.skew.events++;
      this.skew.maxAheadMs = Math.max(this.skew.maxAheadMs, ts - ingested);
      this.skew.logStream = e.logStream ?? null;
    }
    // What the watermark may move to: never past the event's ingestion nor the clock.
    const bounded = Math.min(ts, ingested, now);
    if (bounded > this.pending) this.pending = bounded;
    if (ts < regular) return 'swept';
    return ts < this.watermarkMs ? 'late' : 'new';
  }

  /** Moves the watermark after a poll (never past `now`) and lets go of what fell out of the sweep. */
  advance(now: number): void {
    const next = Math.min(this.pending, now);
    this.pending = Number.NEGATIVE_INFINITY;
    if (!(next > this.watermarkMs)) return;
    this.watermarkMs = next;
    this.seen.keepFrom = this.sweepStart();
    this.seen.prune();
  }
}
