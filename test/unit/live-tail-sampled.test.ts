/**
 * Live Tail sampling and session renewal. moto's StartLiveTail returns one update and closes,
 * never flags `sampled`, has no 3-hour limit and cannot keep two sessions open side by side,
 * so these behaviours are driven with aws-sdk-client-mock; sharding, reconnects and dedupe
 * run against moto in test/integration/aws/live-tail.test.ts.
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../collectors/aws/rate-limiter.ts';
import { liveTail, shardGroups } from '../../collectors/cloudwatch-logs/live-tail.ts';
import { StatusBoard } from '../../collectors/cloudwatch-logs/source-status.ts';
import { silentLogger, sleep, systemClock } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';

const ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn';
const T = 1_700_000_000_000;
const ev = (n: number) => ({
  logStreamName: 's',
  message: `e${n}`,
  timestamp: T + n,
  ingestionTime: T + n + 5,
});

async function* stream(
  updates: { events: number[]; sampled?: boolean; afterMs?: number }[],
  signalEnd: AbortSignal,
  onClose?: () => void,
): AsyncGenerator<StartLiveTailResponseStream> {
  try {
    yield* updatesOf(updates, signalEnd);
  } finally {
    onClose?.();
  }
}

async function* updatesOf(
  updates: { events: number[]; sampled?: boolean; afterMs?: number }[],
  signalEnd: AbortSignal,
): AsyncGenerator<StartLiveTailResponseStream> {
  yield { sessionStart: { sessionId: 'x' } } as StartLiveTailResponseStream;
  for (const u of updates) {
    if (u.afterMs) await new Promise((r) => setTimeout(r, u.afterMs));
    yield {
      sessionUpdate: {
        sessionMetadata: { sampled: u.sampled ?? false },
        sessionResults: u.events.map((n) => ({ ...ev(n), logGroupIdentifier: ARN })),
      },
    } as StartLiveTailResponseStream;
  }
  // Then an empty update every 20 ms, as the service sends one per second.
  while (!signalEnd.aborted) {
    await new Promise((r) => setTimeout(r, 20));
    yield {
      sessionUpdate: { sessionMetadata: { sampled: false }, sessionResults: [] },
    } as StartLiveTailResponseStream;
  }
}

function setup() {
  const client = new CloudWatchLogsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const mock = mockClient(client);
  const stop = new AbortController();
  mock
    .on(DescribeLogGroupsCommand)
    .resolves({ logGroups: [{ logGroupName: '/aws/lambda/fn', logGroupArn: ARN }] });
  const ctx = {
    limiter: createRateLimiter({ ratePerSecond: 100 }),
    clock: systemClock,
    sleep,
    logger: silentLogger,
    signal: stop.signal,
  };
  const status = new StatusBoard('live', ['/aws/lambda/fn'], () => ctx.limiter.stats().calls);
  return { client, mock, stop, ctx, status };
}

/**
 * Waits for `done`, at most `ms` by the monotonic clock: a loaded machine (the whole suite
 * beside two search engines) can stall the event loop, and the wall clock can step.
 */
async function until(done: () => boolean, ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('live tail gaps', () => {
  it('backfills a sampled update and dedupes across transports', async () => {
    const { client, mock, stop, ctx, status } = setup();
    mock
      .on(StartLiveTailCommand)
      .resolvesOnce({
        responseStream: stream([{ events: [1, 2] }, { events: [4], sampled: true }], stop.signal),
      })
      .resolves({ responseStream: stream([{ events: [5, 6] }], stop.signal) });
    mock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [] })
      .resolves({ events: [1, 2, 3, 4, 5].map((n) => ({ ...ev(n), eventId: `id${n}` })) });

    const got: LogEvent[] = [];
    const sampledSeen: boolean[] = [];
    const run = (async () => {
      for await (const e of liveTail(client, ctx, ['/aws/lambda/fn'], { startTime: T }, status)) {
        got.push(e);
        sampledSeen.push(status.snapshot().groups[0]!.sampled);
      }
    })();
    await until(() => got.length >= 4);
    stop.abort();
    await run;

    expect(got.map((e) => e.message)).toEqual(['e1', 'e2', 'e4', 'e3', 'e5']);
    // e3 came from the backfill, so it carries its eventId; live events have none.
    expect(got.find((e) => e.message === 'e3')?.eventId).toBe('id3');
    expect(got.find((e) => e.message === 'e1')?.eventId).toBeUndefined();
    expect(got.every((e) => e.logGroup === '/aws/lambda/fn')).toBe(true);
    // Sampled was reported while the gap was open, and cleared once it was filled.
    expect(sampledSeen.slice(0, 3)).toEqual([false, false, true]);
    expect(status.snapshot().groups[0]!.sampled).toBe(false);
    const snap = status.snapshot();
    // One backfill when the session opened, one for the sampled update.
    expect(snap.backfills).toBe(2);
    expect(snap.groups[0]!.delivered).toBe(5);
    expect(snap.groups[0]!.duplicates).toBe(3);
  });

  it('counts no lag for the backfill, and none once an update brings nothing new', async () => {
    const { client, mock, stop, ctx, status } = setup();
    mock.on(StartLiveTailCommand).resolves({ responseStream: stream([{ events: [1] }], stop.signal) });
    // The start's backfill: an event ingested long ago (the --since window), history, not late.
    mock
      .on(FilterLogEventsCommand)
      .resolves({ events: [{ ...ev(0), ingestionTime: T - 1e9, eventId: 'id0' }] });
    const got: LogEvent[] = [];
    const lags = new Map<string, number | null>();
    const run = (async () => {
      for await (const e of liveTail(client, ctx, ['/aws/lambda/fn'], { startTime: T }, status)) {
        got.push(e);
        lags.set(e.message, status.snapshot().groups[0]!.lagMs);
      }
    })();
    await until(() => got.length >= 2);
    // Then empty updates: the session is current, and so is the group.
    const sessions = status.snapshot().groups[0]!.lastPollAt;
    await until(() => status.snapshot().groups[0]!.lastPollAt !== sessions);
    const idle = status.snapshot().groups[0]!.lagMs;
    stop.abort();
    await run;
    expect(got.map((e) => e.message).sort()).toEqual(['e0', 'e1']);
    // e1 came live, ingested in 2023: late by years. e0 came from the backfill, ingested 11.6
    // days before that: history, so the lag it would give (11.6 days more) is never shown.
    expect(lags.get('e1')).toBeGreaterThan(86_400_000);
    expect(lags.get('e0') ?? 0).toBeLessThan(Date.now() - T + 5e8);
    expect(idle).toBe(0);
  });

  it('renews a session by opening its successor first: both stream for a while, nothing is lost or doubled', async () => {
    const { client, mock, stop, ctx, status } = setup();
    const timeline: string[] = [];
    // The first session sends e1 and e2, then (during the overlap) e3; the second starts
    // with what the first already sent (the service's own overlap) and goes on with e4.
    mock
      .on(StartLiveTailCommand)
      .callsFakeOnce(() => {
        timeline.push('open 1');
        return {
          responseStream: stream([{ events: [1, 2] }, { events: [3], afterMs: 250 }], stop.signal, () =>
            timeline.push('close 1'),
          ),
        };
      })
      .callsFake(() => {
        timeline.push('open 2');
        return {
          responseStream: stream([{ events: [2, 3] }, { events: [4], afterMs: 50 }], stop.signal, () =>
            timeline.push('close 2'),
          ),
        };
      });
    mock.on(FilterLogEventsCommand).resolves({ events: [] });

    const got: LogEvent[] = [];
    const run = (async () => {
      for await (const e of liveTail(
        client,
        ctx,
        ['/aws/lambda/fn'],
        { startTime: T, renewAfterMs: 150, overlapMs: 300 },
        status,
      )) {
        got.push(e);
      }
    })();
    await until(() => got.length >= 4 && timeline.includes('close 1'));
    stop.abort();
    await run;

    expect(got.map((e) => e.message)).toEqual(['e1', 'e2', 'e3', 'e4']);
    // The successor opened while the first still streamed, and the first closed after it
    // (the successor is renewed in turn, the same way).
    expect(timeline.slice(0, 2)).toEqual(['open 1', 'open 2']);
    expect(timeline.indexOf('close 1')).toBeGreaterThan(1);
    const snap = status.snapshot();
    expect(snap.sessions).toBeGreaterThanOrEqual(2);
    // Only the start was backfilled: the renewal left no gap to fill.
    expect(snap.backfills).toBe(1);
    expect(mock.commandCalls(FilterLogEventsCommand)).toHaveLength(1);
    expect(snap.groups[0]!.delivered).toBe(4);
    expect(snap.groups[0]!.duplicates).toBeGreaterThanOrEqual(2);
  });

  it('splits groups into sessions of at most ten and rejects a bigger session size', () => {
    const groups = Array.from({ length: 23 }, (_, i) => `g${i}`);
    expect(shardGroups(groups).map((s) => s.length)).toEqual([10, 10, 3]);
    expect(shardGroups(groups, 4).map((s) => s.length)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(() => shardGroups(groups, 11)).toThrow('groupsPerSession must be an integer from 1 to 10, got 11');
  });
});

/** An error as the SDK throws it for a service's answer. */
function serviceError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

/** Reads `/aws/lambda/fn` live into `got` until stopped; reopens after 20 ms. */
function tailInto(s: ReturnType<typeof setup>, got: LogEvent[]): Promise<void> {
  return (async () => {
    for await (const e of liveTail(
      s.client,
      s.ctx,
      ['/aws/lambda/fn'],
      { startTime: T, reconnectDelayMs: 20 },
      s.status,
    ))
      got.push(e);
  })();
}

describe('live tail sessions that cannot open', () => {
  it("the account's session limit is told and tried again; the session that opens clears it", async () => {
    const s = setup();
    const { mock, stop, status } = s;
    const limit = serviceError(
      'LimitExceededException',
      'You have exceeded the maximum number of concurrent sessions',
    );
    mock
      .on(StartLiveTailCommand)
      .rejectsOnce(limit)
      .rejectsOnce(limit)
      .resolves({ responseStream: stream([{ events: [1] }], stop.signal) });
    mock.on(FilterLogEventsCommand).resolves({ events: [] });
    const closedBy: (string | null)[] = [];
    const got: LogEvent[] = [];
    const run = tailInto(s, got);
    await until(() => {
      closedBy.push(status.snapshot().liveTailClosedBy);
      return got.length >= 1;
    });
    stop.abort();
    await run;
    expect(got.map((e) => e.message)).toEqual(['e1']);
    expect(closedBy).toContain('AWS throttled logs:StartLiveTail: too many sessions or requests');
    expect(status.snapshot().liveTailClosedBy).toBeNull();
    expect(mock.commandCalls(StartLiveTailCommand)).toHaveLength(3);
  });

  it('a refusal ends the stream with its error instead of asking again', async () => {
    const s = setup();
    const { mock, stop } = s;
    mock
      .on(StartLiveTailCommand)
      .rejects(
        serviceError('AccessDeniedException', 'User is not authorized to perform: logs:StartLiveTail'),
      );
    const run = tailInto(s, []);
    await expect(run).rejects.toThrow(
      /^Access denied: your AWS identity is not allowed logs:StartLiveTail\. Add "logs:StartLiveTail" to its IAM policy\./,
    );
    stop.abort();
    expect(mock.commandCalls(StartLiveTailCommand)).toHaveLength(1);
  });

  it('a start whose history cannot be read shows the live events and says what is missing', async () => {
    const s = setup();
    const { mock, stop, status } = s;
    mock.on(StartLiveTailCommand).resolves({ responseStream: stream([{ events: [1, 2] }], stop.signal) });
    mock
      .on(FilterLogEventsCommand)
      .rejects(
        serviceError('AccessDeniedException', 'User is not authorized to perform: logs:FilterLogEvents'),
      );
    const got: LogEvent[] = [];
    const run = tailInto(s, got);
    await until(() => got.length >= 2 && status.snapshot().backfillFailedBy !== null);
    const failedBy = status.snapshot().backfillFailedBy;
    stop.abort();
    await run;
    expect(got.map((e) => e.message)).toEqual(['e1', 'e2']);
    expect(failedBy).toMatch(
      /^Access denied: your AWS identity is not allowed logs:FilterLogEvents on \/aws\/lambda\/fn\. /,
    );
  });
});
