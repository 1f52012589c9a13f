/**
 * Where each stream of a followed group stands: how long its events take from their
 * timestamp to ingestion, and when it was last heard from. A Lambda execution environment
 * ships its own log in order, so once a stream's delay is known, the events it writes next
 * carry timestamps no older than "ingested after the last read, minus that delay". The
 * recent read then reaches back only as far as the slowest stream still writing needs,
 * instead of a fixed minute for every group.
 *
 * Times here are CloudWatch's ingestion clock, not the local one: a local clock that runs
 * ahead of AWS must not make the read start after events it has not seen.
 */

interface StreamPosition {
  /** Timestamp-to-ingestion delay of its newest line (the newest batch's last). */
  delayMs: number;
  /** Ingestion time of its newest delivered event. */
  heardAt: number;
}

export interface StreamPositionsConfig {
  /** A stream not heard from for this long stops holding the read back. */
  activeMs: number;
  /** Delays are capped here: anything later is the wider sweep's business. */
  maxDelayMs: number;
  /** Bound on streams remembered; the least recently heard goes first. Default 10,000. */
  maxStreams?: number | undefined;
}

export class StreamPositions {
  /** Newest ingestion time of any delivered event (-Infinity before the first). */
  newestIngestion = Number.NEGATIVE_INFINITY;
  /** Streams let go of because of the bound (their delay may be learned again, by a deeper read). */
  evicted = 0;
  private readonly streams = new Map<string, StreamPosition>();
  private readonly activeMs: number;
  private readonly maxDelayMs: number;
  private readonly maxStreams: number;

  constructor(config: StreamPositionsConfig) {
    this.activeMs = config.activeMs;
    this.maxDelayMs = config.maxDelayMs;
    this.maxStreams = config.maxStreams ?? 10_000;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Records one delivered event of `stream`, ingested at `ingested`. */
  note(stream: string, timestamp: number, ingested: number): void {
    // A stamp ahead of ingestion (a fast clock) is no delay at all.
    const delay = Math.min(this.maxDelayMs, Math.max(0, ingested - timestamp));
    const known = this.streams.get(stream);
    if (known) {
      // Re-inserted so that the map's order stays "least recently heard first".
      this.streams.delete(stream);
      // The delay of its newest line: a batch's lines share one ingestion time, its last
      // line waited least, and the next batch starts after it. The largest delay seen would
      // hold every read back by the first line of the stream's slowest batch.
      if (ingested > known.heardAt) {
        known.delayMs = delay;
        known.heardAt = ingested;
      } else if (ingested === known.heardAt && delay < known.delayMs) {
        known.delayMs = delay;
      }
      this.streams.set(stream, known);
    } else {
      if (this.streams.size >= this.maxStreams) {
        const oldest = this.streams.keys().next().value;
        if (oldest !== undefined) this.streams.delete(oldest);
        this.evicted++;
      }
      this.streams.set(stream, { delayMs: delay, heardAt: ingested });
    }
    if (ingested > this.newestIngestion) this.newestIngestion = ingested;
  }

  /**
   * The oldest timestamp a not-yet-seen event of an active stream can carry: one ingested
   * after the newest ingestion seen, less its stream's delay. -Infinity before any event.
   */
  nextTimestampFloor(): number {
    if (this.newestIngestion === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
    let delay = 0;
    const activeFrom = this.newestIngestion - this.activeMs;
    for (const p of this.streams.values()) {
      if (p.heardAt >= activeFrom && p.delayMs > delay) delay = p.delayMs;
    }
    return this.newestIngestion + 1 - delay;
  }

  /**
   * Starts a read can take to cover active streams, ascending and without repeats. For each
   * stream two: its newest line, before which nothing it writes next can be stamped (a stream
   * ships in order), and, later and so cheaper to reach, the floor its delay gives (as
   * `nextTimestampFloor`), which holds only while the delay does not grow. A stream's delay
   * jitters from batch to batch (its runtime ships in bursts; a busy moment holds a batch
   * back): where the newest line is cheap enough to reach, the read starts there and finds
   * the stream's next event whatever its delay, instead of leaving it to the next look-back.
   */
  activeFloors(): number[] {
    if (this.newestIngestion === Number.NEGATIVE_INFINITY) return [];
    const activeFrom = this.newestIngestion - this.activeMs;
    const floors = new Set<number>();
    for (const p of this.streams.values()) {
      if (p.heardAt < activeFrom) continue;
      floors.add(p.heardAt - p.delayMs);
      floors.add(this.newestIngestion + 1 - p.delayMs);
    }
    return [...floors].sort((a, b) => a - b);
  }
}
