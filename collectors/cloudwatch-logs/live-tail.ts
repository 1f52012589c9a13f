/**
 * `--live`: StartLiveTail push instead of polling. Groups are split into sessions of at
 * most ten; each session is renewed before the 3-hour limit and reopened when the stream
 * breaks. Live Tail events carry no eventId and are sampled above 500/s, so every gap (a
 * sampled update, a reconnect, a renewal) is filled with FilterLogEvents and deduplicated
 * by group, stream, timestamp and message. Two identical messages in the same stream and
 * millisecond are therefore delivered once: the price of a key without an ID.
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
import { ConfigError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { contentKey, FollowCursor } from './cursor.ts';
import { readGroup } from './history.ts';
import { abortable, mergeConcurrent } from './merge.ts';
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
  const cursors = new Map(groups.map((g) => [g, new FollowCursor({ startTime, lookBackMs })]));
  // Where the next backfill starts: the start, then wherever continuity was lost.
  let gapFrom: number | null = startTime;

  const accept = (e: LogEvent): boolean => {
    const cursor = cursors.get(e.logGroup ?? '')!;
    const gs = status.group(e.logGroup ?? '');
    if (cursor.accept(e, contentKey(e)) === 'duplicate') {
      gs.duplicates++;
      return false;
    }
    cursor.advance(e.timestamp);
    gs.delivered++;
    if (e.ingestionTime !== undefined) gs.lagMs = Math.max(0, ctx.clock.now() - e.ingestionTime);
    return true;
  };

  async function* backfill(from: number): AsyncGenerator<LogEvent> {
    status.backfills++;
    const until = ctx.clock.now();
    for (const logGroup of groups) {
      const query = {
        logGroup,
        startTime: Math.max(startTime, from - lookBackMs),
        endTime: until,
        filterPattern: config.filterPattern,
      };
      // No status board for the read: `accept` counts what it delivers.
      for await (const e of readGroup(client, ctx, query)) if (accept(e)) yield e;
      status.group(logGroup).sampled = false;
    }
  }

  while (!ctx.signal?.aborted) {
    const session = new AbortController();
    const onAbort = () => session.abort();
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    const renewal = ctx.sleep(config.renewAfterMs, session.signal).then(
      () => session.abort('renew'),
      () => {},
    );
    try {
      const out = await callAws(ctx, 'logs:StartLiveTail', () =>
        client.send(
          new StartLiveTailCommand({
            logGroupIdentifiers: [...arnToName.keys()],
            logEventFilterPattern: config.filterPattern,
          }),
          { abortSignal: session.signal },
        ),
      );
      status.sessions++;
      // The session is open: anything before now that we may have missed comes by backfill.
      if (gapFrom !== null) {
        yield* backfill(gapFrom);
        gapFrom = null;
      }
      for await (const msg of abortable(out.responseStream ?? noUpdates(), session.signal)) {
        const update = msg.sessionUpdate;
        if (!update) continue;
        const events = (update.sessionResults ?? []).map((r) => toEvent(r, arnToName));
        const now = ctx.clock.now();
        for (const g of groups) status.group(g).lastPollAt = now;
        for (const e of events) if (accept(e)) yield e;
        if (update.sessionMetadata?.sampled) {
          for (const g of groups) status.group(g).sampled = true;
          const first = Math.min(now, ...events.map((e) => e.timestamp));
          yield* backfill(first);
        }
      }
    } catch (err) {
      if (ctx.signal?.aborted) return;
      if (!session.signal.aborted) ctx.logger.warn('live tail session ended', { error: String(err) });
    } finally {
      ctx.signal?.removeEventListener('abort', onAbort);
      session.abort();
      await renewal;
    }
    if (ctx.signal?.aborted) return;
    // Renewed or broken: continuity is lost from the newest event we hold.
    gapFrom = Math.max(...[...cursors.values()].map((c) => c.watermark));
    if (session.signal.reason !== 'renew') {
      try {
        await ctx.sleep(config.reconnectDelayMs ?? 1000, ctx.signal);
      } catch {
        return;
      }
    }
  }
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
