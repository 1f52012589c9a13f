/**
 * The follow cursor: a timestamp watermark, per-stream positions and the fingerprints of
 * events already delivered. A poll reads from where new events can start (`recentStart`:
 * just past the watermark, less the delay of the slowest stream still writing and how far
 * behind events have lately turned up); now and then, as the re-read budget allows, it
 * reads the whole look-back (`watermark - lookBack`) or sweeps further, so an event ingested
 * later than anything seen so far is still found, and the fingerprints keep everything
 * re-read from being delivered twice. A plain `+1 ms` watermark with nothing else loses
 * both late events and the rest of a same-millisecond burst split across pages.
 *
 * Guarantees (tests in test/unit/follow-cursor.test.ts and test/integration/aws/follow*):
 * - The watermark never passes the wall clock, nor an event's own ingestion time: one
 *   event stamped in the future (a container with a bad clock; CloudWatch takes events up
 *   to 2 h ahead) cannot push the window past the events written after it.
 * - An event is delivered once: re-reads, same-millisecond bursts and pages are matched
 *   by fingerprint (event ID, or group/stream/time/message without one).
 * - An event no further behind than its stream's delay or the disorder seen lately comes
 *   with the next poll; up to `lookBack` behind, with the next look-back read (within
 *   `lookBackEvery`); up to `sweepBack`, with the next wider sweep (within `sweepEvery`,
 *   counted as `swept`); later than that it cannot be seen, since a query only selects by
 *   timestamp. Once one such event is found, the recent read reaches back that far for a while.
 * - Memory is bounded (`maxSeen`, the stream bound, counts per second of the sweep); what the
 *   fingerprint bound pushes out is counted in `overflow`.
 */
import { type Fingerprint, fingerprintEvent } from '../dedupe/fingerprint.ts';
import { FingerprintWindow } from '../dedupe/window.ts';
import { SKEW_TOLERANCE_MS } from '../ingestion-skew.ts';
import { ConfigError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { type ReadDepth, RereadBudget, type RereadBudgetConfig } from './reread-budget.ts';
import { StreamPositions } from './stream-positions.ts';

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
  /** When deeper reads run; see `RereadBudget`. Defaults in `DEFAULT_BUDGET`. */
  budget?: Partial<RereadBudgetConfig> | undefined;
  /** The clock's time at construction, from which the deeper reads' waits count. Default startTime. */
  now?: number | undefined;
}

/** A read planned by `planRead`: where it starts and how deep it reaches. */
export interface ReadPlan {
  start: number;
  depth: ReadDepth;
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

/** Events stamped ahead of their ingestion: a stream whose clock runs fast. */
export interface SkewReport {
  events: number;
  maxAheadMs: number;
  /** The stream of the most recent such event. */
  logStream: string | null;
}

/** How long an event found behind the recent read keeps the read reaching back that far. */
const DISORDER_MEMORY_MS = 300_000;

/** The budget's defaults for a cursor's look-back and sweep. */
function defaultBudget(lookBackMs: number, sweepBackMs: number): RereadBudgetConfig {
  // In a steady stream the credit never catches up with a full window, so the longest waits
  // set the cost: a look-back read every 2 look-backs and a sweep every 2 sweeps re-read each
  // event half a time apiece, so bytes read stay within 2x the least possible.
  return {
    ratio: 0.5,
    freeEvents: 500,
    lookBackEveryMs: Math.max(1000, 2 * lookBackMs),
    lookBackGapMs: lookBackMs / 12,
    sweepEveryMs: Math.max(1000, 2 * sweepBackMs),
    sweepGapMs: sweepBackMs / 12,
  };
}

/** One cursor per log group. */
export class FollowCursor {
  readonly lookBackMs: number;
  readonly sweepBackMs: number;
  readonly maxSeen: number;
  readonly skew: SkewReport = { events: 0, maxAheadMs: 0, logStream: null };
  readonly positions: StreamPositions;
  readonly budget: RereadBudget;
  private readonly startTime: number;
  private readonly byContent: boolean;
  private watermarkMs: number;
  /** Newest bounded time of the events accepted since the last `advance`. */
  private pending = Number.NEGATIVE_INFINITY;
  private readonly seen: FingerprintWindow;
  private readonly print: Fingerprint = { hi: 0, lo: 0 };
  /** The read in progress (from `planRead` to `advance`), and where its recent part began. */
  private plan: ReadPlan | null = null;
  private planRecentStart = Number.NEGATIVE_INFINITY;
  /**
   * The watermark when the last look-back read and sweep ran. The next one reads from there,
   * less its reach: an event ingested in between at most that late is then read, however
   * long the budget made it wait.
   */
  private lookBackAnchor: number;
  private sweepAnchor: number;
  /** Whether this cursor plans its reads; one that does not (Live Tail's backfills) keeps plain windows. */
  private planned = false;
  /** How far behind the recent read events were found: a rolling maximum over two periods. */
  private disorder = { current: 0, previous: 0, periodEndsAt: Number.NEGATIVE_INFINITY };

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
    this.lookBackAnchor = config.startTime;
    this.sweepAnchor = config.startTime;
    this.seen = new FingerprintWindow(this.maxSeen);
    this.seen.keepFrom = this.sweepReadStart();
    this.positions = new StreamPositions({ activeMs: this.lookBackMs, maxDelayMs: this.lookBackMs });
    const budget = { ...defaultBudget(this.lookBackMs, this.sweepBackMs), ...definedOnly(config.budget) };
    this.budget = new RereadBudget(budget, config.now ?? config.startTime);
  }

  get watermark(): number {
    return this.watermarkMs;
  }

  /** Start time of the look-back read: the look-back window behind the watermark. */
  queryStart(): number {
    return Math.max(this.startTime, this.watermarkMs - this.lookBackMs);
  }

  /** Start time of a wider sweep for events later than the look-back. */
  sweepStart(): number {
    return Math.max(this.startTime, this.watermarkMs - this.sweepBackMs);
  }

  /** Where the next look-back read starts: the look-back behind the last one's watermark. */
  lookBackReadStart(): number {
    if (!this.planned) return this.queryStart();
    return Math.max(this.startTime, Math.min(this.lookBackAnchor, this.watermarkMs) - this.lookBackMs);
  }

  /** Where the next sweep starts, and the oldest time any later read can reach. */
  sweepReadStart(): number {
    if (!this.planned) return this.sweepStart();
    return Math.max(this.startTime, Math.min(this.sweepAnchor, this.watermarkMs) - this.sweepBackMs);
  }

  /**
   * Start time of a regular poll: where events not yet seen can begin. Before anything was
   * read, the start time itself; then just past the watermark and past what active streams
   * can still write (their delays), less the disorder lately found. Never before the look-back.
   */
  recentStart(now: number): number {
    const floor = this.positions.nextTimestampFloor();
    // Nothing delivered yet: the watermark is still the start time, and it is read whole.
    if (floor === Number.NEGATIVE_INFINITY) return this.watermarkMs;
    return Math.max(this.queryStart(), Math.min(this.watermarkMs + 1, floor) - this.disorderMs(now));
  }

  /**
   * Plans the next poll: the recent read, or a deeper one when it is due (see `RereadBudget`).
   * The recent read reaches behind the watermark only while that re-reads a few dozen events
   * (`RereadBudget.recentStart`): one slow stream, or one event that turned up far behind,
   * must not make every poll of a busy group read seconds of every other stream again; what
   * it then misses, a look-back read finds.
   */
  planRead(now: number): ReadPlan {
    this.planned = true;
    const wanted = this.recentStart(now);
    const tight = Math.max(wanted, this.watermarkMs + 1);
    let recent = wanted;
    if (wanted < tight) {
      // Everything wanted, or else the deepest start that still covers some streams.
      const floor = this.queryStart();
      const starts = [wanted, ...this.positions.activeFloors().filter((f) => f > wanted && f < tight)];
      recent = this.budget.recentStart(
        starts.map((s) => Math.max(floor, s)),
        tight,
      );
    }
    const lookBack = Math.min(this.lookBackReadStart(), recent);
    const sweep = Math.min(this.sweepReadStart(), lookBack);
    const depth = this.budget.choose(now, { recent, lookBack, sweep });
    const start = depth === 'sweep' ? sweep : depth === 'look-back' ? lookBack : recent;
    if (depth !== 'recent') this.lookBackAnchor = this.watermarkMs;
    if (depth === 'sweep') this.sweepAnchor = this.watermarkMs;
    this.plan = { start, depth };
    this.planRecentStart = recent;
    return this.plan;
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
    if (this.seen.has(print.hi, print.lo)) {
      this.budget.reread(1);
      return 'duplicate';
    }
    const regular = this.queryStart();
    // Below what the window still remembers "not seen" may be "forgotten": skip it.
    if (ts < regular && ts < this.seen.lostBelow) {
      this.budget.reread(1);
      return 'duplicate';
    }
    this.seen.add(print.hi, print.lo, ts);
    this.budget.delivered(ts);
    const ingested = e.ingestionTime ?? now;
    this.positions.note(e.logStream ?? '', ts, ingested);
    // Found only because this read reached further than the recent one: remember how far.
    if (this.plan && ts < this.planRecentStart) this.noteDisorder(this.planRecentStart - ts, now);
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
    if (this.plan) this.budget.readDone(this.plan.depth, now);
    this.plan = null;
    const next = Math.min(this.pending, now);
    this.pending = Number.NEGATIVE_INFINITY;
    if (!(next > this.watermarkMs)) return;
    this.watermarkMs = next;
    this.seen.keepFrom = this.sweepReadStart();
    this.seen.prune();
    this.budget.prune(this.sweepReadStart());
  }

  /** How far behind the recent read events have lately been found, at most the look-back. */
  private disorderMs(now: number): number {
    this.rollDisorder(now);
    return Math.min(this.lookBackMs, Math.max(this.disorder.current, this.disorder.previous));
  }

  private noteDisorder(behindMs: number, now: number): void {
    this.rollDisorder(now);
    if (behindMs > this.disorder.current) this.disorder.current = behindMs;
  }

  private rollDisorder(now: number): void {
    const d = this.disorder;
    if (now < d.periodEndsAt) return;
    // A whole period without a new observation forgets the older one too.
    d.previous = now < d.periodEndsAt + DISORDER_MEMORY_MS ? d.current : 0;
    d.current = 0;
    d.periodEndsAt = now + DISORDER_MEMORY_MS;
  }
}

/** The fields of a partial config that were given: `undefined` keeps the default. */
function definedOnly<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!partial) return out;
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
