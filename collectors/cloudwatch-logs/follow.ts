/**
 * Follow mode by polling FilterLogEvents at group level: new streams are found without
 * DescribeLogStreams, one shared rate limiter spaces every call, busy groups are polled
 * more often than idle ones, and throttling slows everyone down and then recovers. It
 * never ends because of throttling; only the abort signal stops it.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../aws/call.ts';
import { LogGroupNotFoundError } from '../aws/errors.ts';
import { type BackoffPolicy, ConfigError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { FollowCursor } from './cursor.ts';
import { filterPage } from './filter-page.ts';
import type { GroupStatus, StatusBoard } from './source-status.ts';

export interface FollowConfig {
  /** Where to start (epoch ms); default now. */
  startTime?: number | undefined;
  filterPattern?: string | undefined;
  /** Look-back window for late events, default 60 s. */
  lookBackMs?: number | undefined;
  /** The longest a group waits for a look-back read, default twice the look-back (2 min). */
  lookBackEveryMs?: number | undefined;
  /** How far back the wider sweep reads for events later than the look-back, default 10 min. */
  sweepBackMs?: number | undefined;
  /** The longest a group waits for a sweep, default twice the sweep's reach (20 min). */
  sweepEveryMs?: number | undefined;
  /**
   * Events that deeper reads may read again per new event delivered, default 0.5: a busy
   * group's look-back reads and sweeps come as often as that pays for, a quiet group's at
   * once (see `RereadBudget`).
   */
  reReadRatio?: number | undefined;
  /** Interval for a group that just returned events, default 1 s. */
  minIntervalMs?: number | undefined;
  /** Interval an idle group slows down to, default 5 s (the AWS CLI's fixed interval). */
  maxIntervalMs?: number | undefined;
  /** Growth of an idle group's interval per empty poll, default 1.5. */
  idleFactor?: number | undefined;
  /** Remembered event IDs per group, default 200,000. */
  maxSeenPerGroup?: number | undefined;
  pageSize?: number | undefined;
  /** Backoff after throttling; follow never gives up, so maxAttempts is ignored. Default 250 ms to 8 s. */
  backoff?: Partial<BackoffPolicy> | undefined;
}

export class FollowConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'FollowConfigError';
  }
}

interface GroupState {
  logGroup: string;
  cursor: FollowCursor;
  baseIntervalMs: number;
  nextPollAt: number;
  missing: boolean;
  /** A poll has answered: the one from `startTime` (the window asked for) is behind it. */
  polled: boolean;
}

/** Checks and fills defaults, naming the bad field. */
export function resolveFollowConfig(
  config: FollowConfig,
  now: number,
): Required<Omit<FollowConfig, 'filterPattern' | 'pageSize'>> & FollowConfig {
  const lookBackMs = config.lookBackMs ?? 60_000;
  const sweepBackMs = Math.max(lookBackMs, config.sweepBackMs ?? 600_000);
  const r = {
    startTime: config.startTime ?? now,
    lookBackMs,
    lookBackEveryMs: config.lookBackEveryMs ?? Math.max(1000, 2 * lookBackMs),
    sweepBackMs,
    sweepEveryMs: config.sweepEveryMs ?? Math.max(1000, 2 * sweepBackMs),
    reReadRatio: config.reReadRatio ?? 0.5,
    minIntervalMs: config.minIntervalMs ?? 1000,
    maxIntervalMs: config.maxIntervalMs ?? 5_000,
    idleFactor: config.idleFactor ?? 1.5,
    maxSeenPerGroup: config.maxSeenPerGroup ?? 200_000,
    filterPattern: config.filterPattern,
    pageSize: config.pageSize,
    backoff: {
      initialMs: config.backoff?.initialMs ?? 250,
      maxMs: config.backoff?.maxMs ?? 8000,
      maxAttempts: Number.POSITIVE_INFINITY,
    },
  };
  const positive: [string, number][] = [
    ['minIntervalMs', r.minIntervalMs],
    ['maxIntervalMs', r.maxIntervalMs],
    ['maxSeenPerGroup', r.maxSeenPerGroup],
    ['sweepEveryMs', r.sweepEveryMs],
    ['lookBackEveryMs', r.lookBackEveryMs],
  ];
  for (const [k, v] of positive) {
    if (!(Number.isFinite(v) && v > 0))
      throw new FollowConfigError(`follow: ${k} must be a positive number, got ${v}`);
  }
  if (!(r.lookBackMs >= 0))
    throw new FollowConfigError(`follow: lookBackMs must be >= 0, got ${r.lookBackMs}`);
  if (r.maxIntervalMs < r.minIntervalMs) {
    throw new FollowConfigError(
      `follow: maxIntervalMs (${r.maxIntervalMs}) is below minIntervalMs (${r.minIntervalMs})`,
    );
  }
  if (!(r.reReadRatio >= 0))
    throw new FollowConfigError(`follow: reReadRatio must be >= 0, got ${r.reReadRatio}`);
  if (!(r.idleFactor >= 1))
    throw new FollowConfigError(`follow: idleFactor must be >= 1, got ${r.idleFactor}`);
  return r;
}

/**
 * Polls the groups until `ctx.signal` aborts, yielding each event exactly once. Events of
 * one poll come out in timestamp order; across groups, in poll order, except the first
 * poll of every group (the backfill from `startTime`), which is held until each group has
 * answered once and then comes out merged in timestamp order, so a multi-function backfill
 * does not list one function and then the other.
 */
export async function* followGroups(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  logGroups: string[],
  config: FollowConfig,
  status: StatusBoard,
): AsyncGenerator<LogEvent> {
  const cfg = resolveFollowConfig(config, ctx.clock.now());
  if (logGroups.length === 0) throw new FollowConfigError('follow: no log groups to follow');
  const groups: GroupState[] = logGroups.map((logGroup) => ({
    logGroup,
    cursor: new FollowCursor({
      startTime: cfg.startTime,
      lookBackMs: cfg.lookBackMs,
      sweepBackMs: cfg.sweepBackMs,
      maxSeen: cfg.maxSeenPerGroup,
      budget: {
        ratio: cfg.reReadRatio,
        lookBackEveryMs: cfg.lookBackEveryMs,
        sweepEveryMs: cfg.sweepEveryMs,
      },
      // The first poll reads from the start, which covers every depth: deeper reads count from now.
      now: ctx.clock.now(),
    }),
    baseIntervalMs: cfg.minIntervalMs,
    nextPollAt: 0,
    missing: false,
    polled: false,
  }));
  // Throttling multiplies every interval; each clean poll halves it back toward 1.
  let throttleFactor = 1;
  const observer = {
    onThrottled: (_api: string) => {
      status.throttleCount++;
      throttleFactor = Math.min(16, throttleFactor * 2);
    },
  };

  /** First polls not yet answered, and what the answered ones brought. */
  const unpolled = new Set(groups.length > 1 ? groups : []);
  let backfill: LogEvent[] = [];

  while (!ctx.signal?.aborted) {
    if (backfill.length > 0 && unpolled.size === 0) {
      const merged = backfill.sort((a, b) => a.timestamp - b.timestamp);
      backfill = [];
      for (const e of merged) {
        if (ctx.signal?.aborted) return;
        yield e;
      }
    }
    let g = groups[0]!;
    for (const c of groups) if (c.nextPollAt < g.nextPollAt) g = c;
    const wait = g.nextPollAt - ctx.clock.now();
    try {
      if (wait > 0) await ctx.sleep(wait, ctx.signal);
    } catch {
      return;
    }
    const gs = status.group(g.logGroup);
    let fresh: LogEvent[];
    try {
      fresh = await pollOnce(client, ctx, g, cfg, gs, observer, () => {
        gs.throttled = true;
      });
    } catch (err) {
      if (ctx.signal?.aborted) return;
      if (err instanceof LogGroupNotFoundError) {
        // The function may not have run yet: keep looking, slowly.
        g.missing = gs.missing = true;
        g.baseIntervalMs = cfg.maxIntervalMs;
        g.nextPollAt = ctx.clock.now() + cfg.maxIntervalMs;
        unpolled.delete(g);
        continue;
      }
      throw err;
    }
    g.missing = gs.missing = false;
    gs.throttled = false;
    gs.futureStamped = g.cursor.skew.events;
    gs.maxAheadMs = g.cursor.skew.maxAheadMs;
    gs.skewedStream = g.cursor.skew.logStream;
    status.seenOverflow = groups.reduce((n, s) => n + s.cursor.overflow, 0);
    g.baseIntervalMs =
      fresh.length > 0 ? cfg.minIntervalMs : Math.min(cfg.maxIntervalMs, g.baseIntervalMs * cfg.idleFactor);
    const interval = Math.min(cfg.maxIntervalMs * 16, g.baseIntervalMs * throttleFactor);
    throttleFactor = Math.max(1, throttleFactor / 2);
    gs.intervalMs = interval;
    const now = ctx.clock.now();
    gs.lastPollAt = now;
    g.nextPollAt = now + interval;
    // Lag is how late this poll saw what it found: a poll that found nothing new is caught up
    // (an idle group must not keep the lag of its last event), and the first poll's events
    // are the --since window, old by design, not late.
    let newestIngest = Number.NEGATIVE_INFINITY;
    if (g.polled)
      for (const e of fresh) newestIngest = Math.max(newestIngest, e.ingestionTime ?? e.timestamp);
    g.polled = true;
    gs.lagMs = newestIngest === Number.NEGATIVE_INFINITY ? 0 : Math.max(0, now - newestIngest);
    if (unpolled.delete(g)) {
      for (const e of fresh) backfill.push(e);
      continue;
    }
    for (const e of fresh) {
      if (ctx.signal?.aborted) return;
      yield e;
    }
  }
}

async function pollOnce(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  g: GroupState,
  cfg: ReturnType<typeof resolveFollowConfig>,
  gs: GroupStatus,
  observer: { onThrottled: (api: string) => void },
  markThrottled: () => void,
): Promise<LogEvent[]> {
  // Mostly only what can be new; now and then, as the re-read budget allows, further back.
  const plan = g.cursor.planRead(ctx.clock.now());
  const query = {
    logGroup: g.logGroup,
    startTime: plan.start,
    filterPattern: cfg.filterPattern,
    pageSize: cfg.pageSize,
  };
  const fresh: LogEvent[] = [];
  let token: string | undefined;
  const tokens = new Set<string>();
  do {
    const page = await filterPage(
      client,
      ctx,
      query,
      token,
      {
        onThrottled: (api) => {
          markThrottled();
          observer.onThrottled(api);
        },
      },
      cfg.backoff,
    );
    const now = ctx.clock.now();
    for (const e of page.events) {
      const verdict = g.cursor.accept(e, now);
      if (verdict === 'duplicate') {
        gs.duplicates++;
        if (plan.depth !== 'recent') gs.lookBackDuplicates++;
        continue;
      }
      if (verdict === 'late') gs.late++;
      if (verdict === 'swept') gs.swept++;
      gs.delivered++;
      fresh.push(e);
    }
    token = page.nextToken;
    if (token !== undefined) {
      if (tokens.has(token)) break;
      tokens.add(token);
    }
  } while (token !== undefined);
  if (plan.depth !== 'recent') gs.lookBacks++;
  if (plan.depth === 'sweep') gs.sweeps++;
  // Advance only after the whole poll: the pages of this poll share one window.
  g.cursor.advance(ctx.clock.now());
  fresh.sort((a, b) => a.timestamp - b.timestamp);
  return fresh;
}
