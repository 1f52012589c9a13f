/**
 * How deep a follow poll reads. FilterLogEvents selects by timestamp only, so an event
 * ingested late can only be found by reading its timestamp again, and every such read
 * returns what was already delivered. Re-reading the whole look-back on every poll cost
 * 22,500 events re-read per 10,000 new in `npm run bench follow` (and, in a steady stream,
 * about 60 per new event at one poll a second). Here the deeper reads are paid for out of
 * the new events: each delivered event earns `ratio` of a re-read, each event read again
 * spends one, and a deeper read runs when what it will read again (counted from the
 * timestamps delivered) fits the credit, or at once when that is a few hundred events. A read is never deferred past its longest wait,
 * so a late event still comes within `lookBackEveryMs` (or `sweepEveryMs` when older than
 * the look-back), and sooner whenever the group is quiet enough for it to cost little.
 */

export type ReadDepth = 'recent' | 'look-back' | 'sweep';

export interface RereadBudgetConfig {
  /** Re-reads earned per delivered event. */
  ratio: number;
  /** A deeper read that re-reads no more than this many events runs at once: it fits in the page the poll costs anyway. */
  freeEvents: number;
  /** Longest wait between look-back reads. */
  lookBackEveryMs: number;
  /** Shortest wait between look-back reads paid from the credit. */
  lookBackGapMs: number;
  /** Longest wait between sweeps. */
  sweepEveryMs: number;
  /** Shortest wait between sweeps paid from the credit. */
  sweepGapMs: number;
}

/** Where each depth of read would start (epoch ms). */
export interface ReadStarts {
  recent: number;
  lookBack: number;
  sweep: number;
}

/** Delivered events are counted per second of timestamp: enough to price a read. */
const BUCKET_MS = 1000;

export class RereadBudget {
  /** Re-reads that may still be spent; negative after a read forced by its longest wait. */
  credit = 0;
  private readonly perSecond = new Map<number, number>();
  private lastLookBackAt: number;
  private lastSweepAt: number;

  constructor(
    private readonly config: RereadBudgetConfig,
    now: number,
  ) {
    // The first read starts at the follow's start time, which covers every depth.
    this.lastLookBackAt = now;
    this.lastSweepAt = now;
  }

  /** Counts a delivered event by its timestamp and earns its share of re-reads. */
  delivered(timestamp: number): void {
    const bucket = Math.floor(timestamp / BUCKET_MS);
    this.perSecond.set(bucket, (this.perSecond.get(bucket) ?? 0) + 1);
    this.credit += this.config.ratio;
  }

  /** Spends credit on events read again. */
  reread(events: number): void {
    this.credit -= events;
  }

  /** Delivered events stamped in [from, to), to the second. */
  deliveredBetween(from: number, to: number): number {
    if (!(to > from)) return 0;
    const lo = Math.floor(from / BUCKET_MS);
    const hi = Math.ceil(to / BUCKET_MS);
    let n = 0;
    for (const [bucket, count] of this.perSecond) if (bucket >= lo && bucket < hi) n += count;
    return n;
  }

  /** The deepest read that is due: forced by its longest wait, or affordable and past its shortest. */
  choose(now: number, starts: ReadStarts): ReadDepth {
    const c = this.config;
    if (
      starts.sweep < starts.lookBack &&
      this.due(now - this.lastSweepAt, c.sweepGapMs, c.sweepEveryMs, starts.sweep, starts.recent)
    )
      return 'sweep';
    if (
      starts.lookBack < starts.recent &&
      this.due(now - this.lastLookBackAt, c.lookBackGapMs, c.lookBackEveryMs, starts.lookBack, starts.recent)
    )
      return 'look-back';
    return 'recent';
  }

  /** Records that a read of `depth` completed at `now`. */
  readDone(depth: ReadDepth, now: number): void {
    if (depth === 'sweep') this.lastSweepAt = now;
    if (depth !== 'recent') this.lastLookBackAt = now;
  }

  /** Forgets counts stamped before `from`: no read goes there again. */
  prune(from: number): void {
    const lo = Math.floor(from / BUCKET_MS);
    for (const bucket of this.perSecond.keys()) if (bucket < lo) this.perSecond.delete(bucket);
  }

  /**
   * The earliest of `starts` (ascending) from which the recent read may reach back to `to`.
   * The recent read runs every poll, so it takes no credit (that is the deeper reads') and
   * reaches back only while it re-reads at most a tenth of what a deeper read gets free: in a
   * quiet group a slow stream is read on every poll, in a busy one by the look-back reads.
   * All or nothing per start: reaching part of the way to a slow stream costs and finds nothing.
   */
  recentStart(starts: number[], to: number): number {
    const free = this.config.freeEvents / 10;
    let lo = 0;
    let hi = starts.length;
    // Cost only grows as a start moves back: the first affordable one, by bisection.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.deliveredBetween(starts[mid] as number, to) <= free) hi = mid;
      else lo = mid + 1;
    }
    return lo < starts.length ? Math.min(to, starts[lo] as number) : to;
  }

  /**
   * Due when it re-reads so little that it fits in the page the poll costs anyway (a quiet
   * group reads its whole look-back every poll, as before), when the credit pays for it
   * and its shortest wait is over, or when its longest wait is.
   */
  private due(waited: number, gapMs: number, everyMs: number, from: number, to: number): boolean {
    if (waited >= everyMs) return true;
    const cost = this.deliveredBetween(from, to);
    if (cost <= this.config.freeEvents) return true;
    return waited >= gapMs && cost <= this.credit;
  }
}
