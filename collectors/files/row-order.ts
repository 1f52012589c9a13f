/**
 * Logs Insights rows come in the query's order: `sort @timestamp desc`, the console's
 * default, puts the REPORT before its START. The correlator reads a stream forwards, so
 * rows are put back in time order, within a bound: Insights returns at most 10,000 rows a
 * query, and a window ten times that holds any export whole. Rows of the same millisecond
 * keep their order (Insights lists them oldest first even when it sorts newest first), and
 * a row without a time stays after the row before it.
 */
import type { LogEvent } from '../model.ts';

export const ROW_WINDOW = 100_000;

interface Keyed {
  event: LogEvent;
  /** The row's time, or the last time before it when it has none. */
  time: number;
  index: number;
}

export class RowOrder {
  private held: Keyed[] = [];
  private lastTime = Number.NEGATIVE_INFINITY;
  private index = 0;
  private sorted = true;
  /** The newest time let out so far: a later row older than it could not be put back. */
  private emittedUpTo = Number.NEGATIVE_INFINITY;
  /** Rows that came after the window was let out but belong before what it held. */
  outOfOrder = 0;

  constructor(private readonly window = ROW_WINDOW) {}

  /** Adds a row; returns the rows let out when the window is full (else an empty list). */
  push(event: LogEvent): LogEvent[] {
    const time = Number.isFinite(event.timestamp) ? event.timestamp : this.lastTime;
    if (time < this.lastTime) this.sorted = false;
    this.lastTime = time;
    if (time < this.emittedUpTo) this.outOfOrder++;
    this.held.push({ event, time, index: this.index++ });
    return this.held.length >= this.window ? this.drain() : [];
  }

  /** Every row held, in time order. */
  drain(): LogEvent[] {
    const held = this.held;
    this.held = [];
    if (!this.sorted) held.sort((a, b) => a.time - b.time || a.index - b.index);
    this.sorted = true;
    const last = held.at(-1);
    if (last && last.time > this.emittedUpTo) this.emittedUpTo = last.time;
    this.lastTime = Number.NEGATIVE_INFINITY;
    return held.map((k) => k.event);
  }
}
