/**
 * Live Tail sampling and session renewal. moto's StartLiveTail returns one update and closes,
 * never flags `sampled` and has no 3-hour limit, so these two behaviours are driven with
 * aws-sdk-client-mock; sharding, reconnects and dedupe run against moto in
 * test/integration/aws/live-tail.test.ts.
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
  updates: { events: number[]; sampled?: boolean }[],
  signalEnd: AbortSignal,
): AsyncGenerator<StartLiveTailResponseStream> {
  yield { sessionStart: { sessionId: 'x' } } as StartLiveTailResponseStream;
  for (const u of updates) {
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

describe('live tail gaps', () => {
  it('backfills a sampled update, renews the session before its limit, and dedupes across transports', async () => {
    const client = new CloudWatchLogsClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const mock = mockClient(client);
    const stop = new AbortController();
    mock
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/aws/lambda/fn', logGroupArn: ARN }] });
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

    const ctx = {
      limiter: createRateLimiter({ ratePerSecond: 100 }),
      clock: systemClock,
      sleep,
      logger: silentLogger,
      signal: stop.signal,
    };
    const status = new StatusBoard('live', ['/aws/lambda/fn'], () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const sampledSeen: boolean[] = [];
    const run = (async () => {
      for await (const e of liveTail(
        client,
        ctx,
        ['/aws/lambda/fn'],
        { startTime: T, renewAfterMs: 250 },
        status,
      )) {
        got.push(e);
        sampledSeen.push(status.snapshot().groups[0]!.sampled);
      }
    })();
    const deadline = Date.now() + 5000;
    while ((got.length < 6 || mock.commandCalls(StartLiveTailCommand).length < 3) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    stop.abort();
    await run;

    expect(got.map((e) => e.message)).toEqual(['e1', 'e2', 'e4', 'e3', 'e5', 'e6']);
    // e3 came from the backfill, so it carries its eventId; live events have none.
    expect(got.find((e) => e.message === 'e3')?.eventId).toBe('id3');
    expect(got.find((e) => e.message === 'e1')?.eventId).toBeUndefined();
    expect(got.every((e) => e.logGroup === '/aws/lambda/fn')).toBe(true);
    // Sampled was reported while the gap was open, and cleared once it was filled.
    expect(sampledSeen.slice(0, 3)).toEqual([false, false, true]);
    expect(status.snapshot().groups[0]!.sampled).toBe(false);
    // Renewed at 250 ms (no reconnect delay), with a backfill for each renewal.
    const starts = mock.commandCalls(StartLiveTailCommand);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(starts[0]!.args[0].input.logGroupIdentifiers).toEqual([ARN]);
    const snap = status.snapshot();
    expect(snap.sessions).toBe(starts.length);
    // Start, sampled update, and each renewal: one backfill apiece (the last may be cut by the stop).
    expect(snap.backfills).toBeGreaterThanOrEqual(3);
    expect(mock.commandCalls(FilterLogEventsCommand).length).toBeGreaterThanOrEqual(3);
    expect(snap.groups[0]!.delivered).toBe(6);
  });

  it('splits groups into sessions of at most ten and rejects a bigger session size', () => {
    const groups = Array.from({ length: 23 }, (_, i) => `g${i}`);
    expect(shardGroups(groups).map((s) => s.length)).toEqual([10, 10, 3]);
    expect(shardGroups(groups, 4).map((s) => s.length)).toEqual([4, 4, 4, 4, 4, 3]);
    expect(() => shardGroups(groups, 11)).toThrow('groupsPerSession must be an integer from 1 to 10, got 11');
  });
});
