/**
 * The follow cursor: a timestamp watermark plus the IDs of events seen inside a look-back
 * window. Each poll re-reads from `watermark - lookBack`, so an event ingested late (its
 * timestamp already behind the watermark) is still found, and the seen IDs keep everything
 * re-read from being delivered twice. A plain `+1 ms` watermark loses both late events and
 * the rest of a same-millisecond burst split across pages.
 */
import { ConfigError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';

export interface CursorConfig {
  /** Where reading starts (epoch ms). */
  startTime: number;
  /** Look-back window in ms, default 60,000. */
  lookBackMs?: number;
  /** Bound on remembered IDs; past it the oldest are dropped and counted. Default 200,000. */
  maxSeen?: number;
}

export type Verdict = 'new' | 'late' | 'duplicate';

export class CursorConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'CursorConfigError';
  }
}

/** Key used when an event has no `eventId` (Live Tail): group, stream, timestamp, message. */
export function contentKey(e: LogEvent): string {
  return `${e.logGroup ?? ''}\u0000${e.logStream ?? ''}\u0000${e.timestamp}\u0000${e.message}`;
}

/** One cursor per log group. */
export class FollowCursor {
  readonly lookBackMs: number;
  readonly maxSeen: number;
  private readonly startTime: number;
  private watermarkMs: number;
  private readonly seen = new Map<string, number>();
  /** IDs dropped because of `maxSeen`. */
  overflow = 0;

  constructor(config: CursorConfig) {
    this.lookBackMs = config.lookBackMs ?? 60_000;
    this.maxSeen = config.maxSeen ?? 200_000;
    if (!Number.isFinite(config.startTime)) throw new CursorConfigError('cursor: startTime must be a number');
    if (!(this.lookBackMs >= 0))
      throw new CursorConfigError(`cursor: lookBackMs must be >= 0, got ${this.lookBackMs}`);
    if (!(this.maxSeen >= 1))
      throw new CursorConfigError(`cursor: maxSeen must be >= 1, got ${this.maxSeen}`);
    this.startTime = config.startTime;
    this.watermarkMs = config.startTime;
  }

  get watermark(): number {
    return this.watermarkMs;
  }

  /** Start time of the next query: the look-back window behind the watermark. */
  queryStart(): number {
    return Math.max(this.startTime, this.watermarkMs - this.lookBackMs);
  }

  /** Records an event and says whether to deliver it. */
  accept(e: LogEvent, key: string = e.eventId ?? contentKey(e)): Verdict {
    if (this.seen.has(key)) return 'duplicate';
    // Older than the window: the next query cannot return it again, no need to remember.
    if (e.timestamp < this.queryStart()) return 'late';
    this.seen.set(key, e.timestamp);
    if (this.seen.size > this.maxSeen) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
      this.overflow++;
    }
    const late = e.timestamp < this.watermarkMs;
    return late ? 'late' : 'new';
  }

  /** Moves the watermark after a poll and forgets IDs that fell out of the window. */
  advance(maxTimestamp: number): void {
    if (maxTimestamp <= this.watermarkMs) return;
    this.watermarkMs = maxTimestamp;
    const floor = this.queryStart();
    for (const [key, ts] of this.seen) if (ts < floor) this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }
}
