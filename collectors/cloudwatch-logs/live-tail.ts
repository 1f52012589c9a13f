/**
 * `--live`: StartLiveTail push instead of polling. Groups are split into sessions of at
 * most ten. Before a session reaches the 3-hour limit its successor is opened beside it,
 * and the old one is closed only once the new one streams: renewal leaves no gap. A
 * session that breaks is reopened, and Live Tail events carry no eventId and are sampled
 * above 500/s, so every real gap (a sampled update, a reconnect) is filled with
 * FilterLogEvents. Everything is deduplicated by group, stream, timestamp and message: two
 * identical messages in the same stream and millisecond are delivered once, the price of
 * a key without an ID.
 */

import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  type LiveTailSessionLogEvent,
  StartLiveTailCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CallContext } from '../aws/call.ts';
import { callAws } from '../aws/call.ts';
import { LogGroupNotFoundError } from '../aws/errors.ts';
import { ConfigError, isRetryable, untilAborted } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { Channel } from './channel.ts';
import { FollowCursor } from './cursor.ts';
import { readGroup } from './history.ts';
import { mergeConcurrent } from './merge.ts';
import type { StatusBoard } from './source-status.ts';

export interface LiveTailConfig {
  startTime?: number | undefined;
  filterPattern?: string | undefined;
  /** Look-back used when filling a gap, default 60 s. */
  lookBackMs?: number | undefined;
  /** Groups per session, 1 to 10 (the API's limit), default 10. */
  groupsPerSession?: number | undefined;
  /** Session age at which it is replaced, default 2 h 50 min (the limit is 3 h). */
  renewAfterMs?: number | undefined;
  /** Pause before reopening a broken session, default 1 s. */
  reconnectDelayMs?: number | undefined;
  /** How long a renewed session and its successor both stream, default 5 s. */
  overlapMs?: number | undefined;
}

export class LiveTailConfigError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'LiveTailConfigError';
  }
}

/** Splits groups into sessions of at most `size`. */
export function shardGroups(groups: string[], size = 10): string[][] {
  if (!(Number.isInteger(size) && size >= 1 && size <= 10)) {
    throw new LiveTailConfigError(`live tail: groupsPerSession must be an integer from 1 to 10, got ${size}`);
  }
  const out: string[][] = [];
  for (let i = 0; i < groups.length; i += size) out.push(groups.slice(i, i + size));
  return out;
}

/** StartLiveTail wants ARNs; DescribeLogGroups gives them without the trailing `:*`. */
async function resolveArns(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  groups: string[],
): Promise<Map<string, string>> {
  const arnToName = new Map<string, string>();
  for (const name of groups) {
    const out = await callAws(ctx, 'logs:DescribeLogGroups', (abortSignal) =>
      client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }), { abortSignal }),
    );
    const g = out.logGroups?.find((x) => x.logGroupName === name);
    const arn = g?.logGroupArn ?? g?.arn?.replace(/:\*$/, '');
    if (!arn) throw new LogGroupNotFoundError(name);
    arnToName.set(arn, name);
  }
  return arnToName;
}

/** Live events of all groups until `ctx.signal` aborts. */
export async function* liveTail(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  logGroups: string[],
  config: LiveTailConfig,
  status: StatusBoard,
): AsyncGenerator<LogEvent> {
  const renewAfterMs = config.renewAfterMs ?? 10_200_000;
  if (!(renewAfterMs > 0 && renewAfterMs < 10_800_000)) {
    throw new LiveTailConfigError(`live tail: renewAfterMs must be below 3 h, got ${renewAfterMs}`);
  }
  const shards = shardGroups(logGroups, config.groupsPerSession ?? 10);
  yield* mergeConcurrent(
    shards.map((shard) => runShard(client, ctx, shard, { ...config, renewAfterMs }, status)),
  );
}

/** A Live Tail session running on its own, feeding the shard's channel. */
interface Session {
  /** True once the stream is open, false when it could not be opened. */
  opened: Promise<boolean>;
  /** Settles when the stream ends, for whatever reason. */
  ended: Promise<void>;
  openedAt: number;
  /** Why the stream could not be opened, once `opened` is false. */
  openError: unknown;
  close(): void;
}

/**
 * Whether a session that could not be opened may open if asked again: throttling (the
 * account's limit of concurrent sessions among it), a network break. A refusal (no
 * logs:StartLiveTail, a bad filter pattern, a group gone) would be refused every time:
 * asked again each second, it kept `--live` silent for ever, so it ends the run instead.
 */
function mayOpenLater(err: unknown): boolean {
  return isRetryable(err);
}

/** Events buffered between the sessions and the consumer. */
const CHANNEL_SIZE = 10_000;

/** Tries of one StartLiveTail (500 ms, then 1 s apart) before new events are read by polling. */
const START_ATTEMPTS = 3;

/** The longest pause between starts while none opens, and so between polls: a follower's idle poll. */
const POLL_WITHOUT_SESSION_MS = 5000;

async function* runShard(
  client: CloudWatchLogsClient,
  ctx: CallContext,
  groups: string[],
  config: LiveTailConfig & { renewAfterMs: number },
  status: StatusBoard,
): AsyncGenerator<LogEvent> {
  const arnToName = await resolveArns(client, ctx, groups);
  const lookBackMs = config.lookBackMs ?? 60_000;
  const startTime = config.startTime ?? ctx.clock.now();
  const reconnectDelayMs = config.reconnectDelayMs ?? 1000;
  const overlapMs = config.overlapMs ?? 5000;
  const cursors = new Map(
    groups.map((g) => [g, new FollowCursor({ startTime, lookBackMs, sweepBackMs: 0, byContent: true })]),
  );
  const out = new Channel<LogEvent>(CHANNEL_SIZE);
  // Ends the sessions and the supervisor when the caller stops, or stops reading.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const pause = (ms: number) =>
    ctx.sleep(ms, stop.signal).then(
      () => true,
      () => false,
    );
  /** Waits for `done` or `ms`, whichever first; the timer does not outlive the wait. */
  const within = async (done: Promise<void>, ms: number): Promise<'done' | 'timeout' | 'stop'> => {
    const timer = new AbortController();
    const onStop = () => timer.abort();
    stop.signal.addEventListener('abort', onStop, { once: true });
    try {
      return await Promise.race([
        done.then(() => 'done' as const),
        ctx.sleep(ms, timer.signal).then(
          () => 'timeout' as const,
          () => 'stop' as const,
        ),
      ]);
    } finally {
      stop.signal.removeEventListener('abort', onStop);
      timer.abort();
    }
  };

  /** `live`: read from the session now, so how late it came is lag; a backfill's events are history. */
  const deliver = async (e: LogEvent, live = false): Promise<boolean> => {
    const cursor = cursors.get(e.logGroup ?? '');
    if (!cursor) return true;
    const gs = status.group(e.logGroup ?? '');
    const now = ctx.clock.now();
    if (cursor.accept(e, now) === 'duplicate') {
      gs.duplicates++;
      return true;
    }
    cursor.advance(now);
    gs.delivered++;
    if (live && e.ingestionTime !== undefined) gs.lagMs = Math.max(0, now - e.ingestionTime);
    return out.push(e);
  };

  const backfill = async (from: number): Promise<void> => {
    status.backfills++;
    const until = ctx.clock.now();
    for (const logGroup of groups) {
      const query = {
        logGroup,
        startTime: Math.max(startTime, from - lookBackMs),
        endTime: until,
        filterPattern: config.filterPattern,
      };
      // No status board for the read: `deliver` counts what it delivers.
      for await (const e of readGroup(client, ctx, query)) if (!(await deliver(e))) return;
      status.group(logGroup).sampled = false;
    }
  };

  const open = (): Session => {
    const session = new AbortController();
    const onStop = () => session.abort();
    stop.signal.addEventListener('abort', onStop, { once: true });
    let markOpened: (ok: boolean) => void = () => {};
    const opened = new Promise<boolean>((resolve) => {
      markOpened = resolve;
    });
    const handle: Session = {
      opened,
      ended: Promise.resolve(),
      openedAt: 0,
      openError: undefined,
      close: () => session.abort(),
    };
    handle.ended = (async () => {
      try {
        const response = await callAws(
          ctx,
          'logs:StartLiveTail',
          () =>
            client.send(
              new StartLiveTailCommand({
                logGroupIdentifiers: [...arnToName.keys()],
                logEventFilterPattern: config.filterPattern,
              }),
              { abortSignal: session.signal },
            ),
          {
            // Few tries a start: while none opens, the supervisor reads new events with
            // FilterLogEvents between starts (nine tries kept the run silent for a minute).
            policy: { maxAttempts: START_ATTEMPTS },
            // Told while the call backs off: a throttled start (too many sessions in the
            // account) can take minutes, and nothing else shows meanwhile.
            observer: {
              onThrottled: () => {
                status.throttleCount++;
                status.liveTailClosedBy = 'AWS throttled logs:StartLiveTail: too many sessions or requests';
              },
            },
          },
        );
        status.sessions++;
        handle.openedAt = ctx.clock.now();
        markOpened(true);
        for await (const msg of untilAborted(response.responseStream ?? noUpdates(), session.signal)) {
          const update = msg.sessionUpdate;
          if (!update) continue;
          const events = (update.sessionResults ?? []).map((r) => toEvent(r, arnToName));
          const now = ctx.clock.now();
          // Every update says the session is current: a group it brings nothing of is caught up.
          for (const g of groups) {
            const gs = status.group(g);
            gs.lastPollAt = now;
            gs.lagMs = 0;
          }
          for (const e of events) if (!(await deliver(e, true))) return;
          if (update.sessionMetadata?.sampled) {
            for (const g of groups) status.group(g).sampled = true;
            let first = now;
            for (const e of events) first = Math.min(first, e.timestamp);
            await backfill(first);
          }
        }
      } catch (err) {
        if (!session.signal.aborted) {
          handle.openError = err;
          ctx.logger.warn('live tail session ended', { error: String(err) });
        }
      } finally {
        markOpened(false);
        stop.signal.removeEventListener('abort', onStop);
        session.abort();
      }
    })();
    return handle;
  };

  const watermark = () => Math.max(...[...cursors.values()].map((c) => c.watermark));

  /** Reads the gap from `from` to now; false when it could not be read (said in the status). */
  const fillGap = async (from: number): Promise<boolean> => {
    try {
      await backfill(from);
      status.backfillFailedBy = null;
      return true;
    } catch (err) {
      if (stop.signal.aborted) return false;
      // Kept for the next try: the user is told that what came before is not (yet) shown.
      status.backfillFailedBy = messageOf(err);
      ctx.logger.warn('live tail backfill failed', { error: String(err) });
      return false;
    }
  };

  const supervise = async (): Promise<void> => {
    let current: Session | null = null;
    // Where the next backfill starts: the start, then wherever continuity was lost.
    let gapFrom: number | null = startTime;
    /** Starts refused in a row: the pause between them grows up to a follower's idle poll. */
    let refusedStarts = 0;
    while (!stop.signal.aborted) {
      if (current === null) {
        const s = open();
        if (!(await s.opened)) {
          if (stop.signal.aborted) break;
          if (!mayOpenLater(s.openError)) throw s.openError;
          status.liveTailClosedBy = messageOf(s.openError);
          // No session: the window before the start and what comes while Live Tail is
          // away are read by polling, so an outage delays events instead of hiding them
          // (it showed nothing, for as long as it lasted). The next session's backfill
          // starts where this read reached.
          const from: number = gapFrom ?? watermark();
          gapFrom = (await fillGap(from)) ? watermark() : from;
          if (stop.signal.aborted) break;
          const wait = Math.min(reconnectDelayMs * 2 ** refusedStarts++, POLL_WITHOUT_SESSION_MS);
          if (!(await pause(Math.max(reconnectDelayMs, wait)))) break;
          continue;
        }
        refusedStarts = 0;
        status.liveTailClosedBy = null;
        current = s;
        // The session is open: anything before now that we may have missed comes by backfill.
        if (gapFrom !== null && (await fillGap(gapFrom))) gapFrom = null;
        if (stop.signal.aborted) break;
      }
      const live: Session = current;
      const due = live.openedAt + config.renewAfterMs - ctx.clock.now();
      const outcome = await within(live.ended, Math.max(0, due));
      if (stop.signal.aborted) break;
      if (outcome === 'done') {
        // Broken (or ended by the service): continuity is lost from the newest event held.
        gapFrom = watermark();
        current = null;
        if (!(await pause(reconnectDelayMs))) break;
        continue;
      }
      // Renewal: the successor streams beside the old session before that one is closed.
      const next = open();
      if (await next.opened) {
        await within(live.ended, overlapMs);
        live.close();
        current = next;
      } else if (!(await pause(reconnectDelayMs))) {
        break;
      }
    }
    current?.close();
  };

  const supervisor = supervise().then(
    () => out.close(),
    (err: unknown) => out.close(stop.signal.aborted ? undefined : err),
  );
  try {
    yield* out;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    stop.abort();
    out.close();
    await supervisor;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toEvent(r: LiveTailSessionLogEvent, arnToName: Map<string, string>): LogEvent {
  const id = r.logGroupIdentifier ?? '';
  return {
    timestamp: r.timestamp ?? 0,
    message: r.message ?? '',
    logGroup: arnToName.get(id) ?? arnToName.get(id.replace(/:\*$/, '')) ?? id,
    logStream: r.logStreamName,
    ingestionTime: r.ingestionTime,
  };
}

async function* noUpdates(): AsyncGenerator<never> {}
