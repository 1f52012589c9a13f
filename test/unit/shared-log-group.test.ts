/**
 * Functions sharing a custom log group: the stream name says whose each event is, in the
 * collectors (logs, tail, ship) and in both CloudWatch cost sources. The CLI runs of the
 * same are in test/e2e/shared-log-group.test.ts; here the rules themselves, and Logs
 * Insights, whose `stats` moto does not run: StartQuery and GetQueryResults are stubbed with
 * what Insights answers for the query lambdalens sends.
 */
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  type StartQueryCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { sourceNotes } from '../../cli/output/source-notes.ts';
import { createRateLimiter } from '../../collectors/aws/rate-limiter.ts';
import { StatusBoard } from '../../collectors/cloudwatch-logs/source-status.ts';
import {
  functionOfStream,
  namedByStream,
  planGroupReading,
} from '../../collectors/cloudwatch-logs/stream-function.ts';
import { silentLogger, sleep, systemClock } from '../../collectors/kernel/index.ts';
import type { DiscoveredFunction } from '../../collectors/lambda/discovery.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { rangePeriod } from '../../pricing/report/period.ts';
import {
  aggregateFromInsights,
  REPORT_STATS_QUERY,
  reportStatsByStreamQuery,
} from '../../pricing/sources/cloudwatch-insights.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';

const fn = (functionName: string, logGroup: string): DiscoveredFunction => ({
  functionName,
  functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  region: 'us-east-1',
  accountId: '123456789012',
  architecture: 'x86_64',
  logGroup,
});

const event = (logGroup: string, logStream: string, message = 'x'): LogEvent => ({
  timestamp: 1,
  message,
  logGroup,
  logStream,
});

async function collect(batches: AsyncIterable<LogEvent[]>): Promise<LogEvent[][]> {
  const out: LogEvent[][] = [];
  for await (const b of batches) out.push(b);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('the function a log stream names', () => {
  it('reads YYYY/MM/DD/<function>[<version>]<GUID>, and nothing else', () => {
    expect(functionOfStream('2026/10/08/tenner-notifier[$LATEST]22be53a8cfde4e68b844f8ec293b2543')).toEqual({
      functionName: 'tenner-notifier',
      version: '$LATEST',
    });
    // As the documentation prints it, the GUID in brackets too; a published version.
    expect(functionOfStream('2024/01/15/orders_api-2[8][0123abcd]')).toEqual({
      functionName: 'orders_api-2',
      version: '8',
    });
    expect(functionOfStream('2026/10/08/[$LATEST]22be53a8cfde4e68b844f8ec293b2543')).toBeNull();
    expect(functionOfStream('audit-export')).toBeNull();
    expect(functionOfStream('x/2026/10/08/fn[1]abc')).toBeNull();
    expect(functionOfStream(undefined)).toBeNull();
  });
});

describe('reading a log group by stream', () => {
  it('plans a default group whole, a shared or custom group by stream, an explicit group whole', () => {
    const plan = planGroupReading(
      [fn('a', '/shared'), fn('b', '/shared'), fn('c', '/aws/lambda/c'), fn('d', '/custom/d')],
      ['/other'],
    );
    expect(Object.fromEntries(plan)).toEqual({
      '/shared': { kind: 'by-stream', functions: new Set(['a', 'b']), keepAll: false, streamless: null },
      '/aws/lambda/c': { kind: 'whole' },
      '/custom/d': { kind: 'by-stream', functions: new Set(['d']), keepAll: false, streamless: null },
      '/other': { kind: 'whole' },
    });
  });

  it('names events by stream, leaves out and counts other functions’ events as not delivered', async () => {
    const plan = planGroupReading([fn('a', '/shared'), fn('c', '/aws/lambda/c')]);
    const board = new StatusBoard('history', ['/shared', '/aws/lambda/c'], () => ({}));
    board.group('/shared').delivered = 4;
    board.group('/aws/lambda/c').delivered = 1;
    const out = await collect(
      namedByStream(
        from([
          [
            event('/shared', '2026/12/01/a[$LATEST]1'),
            event('/shared', '2026/12/01/b[3]2'),
            event('/aws/lambda/c', '2026/12/01/[$LATEST]3'),
          ],
          [event('/shared', 'audit-export'), event('/shared', '2026/12/01/b[3]2', 'y')],
        ]),
        plan,
        board,
      ),
    );
    // The second batch is left out whole: no empty batch is handed on.
    expect(out).toEqual([
      [
        { ...event('/shared', '2026/12/01/a[$LATEST]1'), functionName: 'a' },
        event('/aws/lambda/c', '2026/12/01/[$LATEST]3'),
      ],
    ]);
    const s = board.snapshot();
    expect(s.groups.map((g) => [g.logGroup, g.delivered, g.otherFunctions])).toEqual([
      ['/shared', 1, 3],
      ['/aws/lambda/c', 1, 0],
    ]);
    expect(sourceNotes(s).map((n) => n.text)).toEqual([
      "3 events of other functions' streams in /shared left out",
    ]);
    // Not while a follower runs: the count would change every poll.
    expect(sourceNotes(s, false)).toEqual([]);
  });

  it('a group also asked for with --log-group keeps every event; a default group another function shares names its own streams', async () => {
    const kept = planGroupReading([fn('a', '/shared')], ['/shared']);
    const board = new StatusBoard('history', ['/shared'], () => ({}));
    expect(
      await collect(
        namedByStream(
          from([[event('/shared', '2026/12/01/a[1]x'), event('/shared', '2026/12/01/b[1]x')]]),
          kept,
          board,
        ),
      ),
    ).toEqual([
      [{ ...event('/shared', '2026/12/01/a[1]x'), functionName: 'a' }, event('/shared', '2026/12/01/b[1]x')],
    ]);
    expect(board.group('/shared').otherFunctions).toBe(0);

    const both = planGroupReading([fn('c', '/aws/lambda/c'), fn('e', '/aws/lambda/c')]);
    expect(both.get('/aws/lambda/c')).toEqual({
      kind: 'by-stream',
      functions: new Set(['c', 'e']),
      keepAll: false,
      streamless: 'c',
    });
    const board2 = new StatusBoard('history', ['/aws/lambda/c'], () => ({}));
    expect(
      await collect(
        namedByStream(
          from([
            [event('/aws/lambda/c', '2026/12/01/[$LATEST]x'), event('/aws/lambda/c', '2026/12/01/e[2]x')],
          ]),
          both,
          board2,
        ),
      ),
    ).toEqual([
      [
        { ...event('/aws/lambda/c', '2026/12/01/[$LATEST]x'), functionName: 'c' },
        { ...event('/aws/lambda/c', '2026/12/01/e[2]x'), functionName: 'e' },
      ],
    ]);
  });
});

describe('Logs Insights cost of a shared log group', () => {
  it('queries the shared group alone for the functions asked for and prices each from its own streams', async () => {
    const client = new CloudWatchLogsClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const stub = mockClient(client);
    const started: StartQueryCommandInput[] = [];
    stub.on(StartQueryCommand).callsFake(async (input: StartQueryCommandInput) => {
      started.push(input);
      return { queryId: String(started.length - 1) };
    });
    const row = (group: string, fields: Record<string, string | number>) =>
      Object.entries({
        '@log': `123456789012:${group}`,
        '@memorySize': 256 * 1_048_576,
        'bin(1d)': '2026-10-01 00:00:00.000',
        status: '-',
        errorType: '-',
        ...fields,
      }).map(([field, value]) => ({ field, value: String(value) }));
    stub.on(GetQueryResultsCommand).callsFake(async ({ queryId }: { queryId: string }) => {
      const q = started[Number(queryId)]!;
      const shared = q.logGroupNames?.includes('/custom/shared');
      return {
        status: 'Complete',
        statistics: { recordsScanned: 10, recordsMatched: 4 },
        results: shared
          ? [
              row('/custom/shared', { writer: 'a', invocations: 3, billedMs: 300 }),
              row('/custom/shared', { writer: 'b', invocations: 1, billedMs: 7 }),
              // The stream filter lets none through, but should one come, it is told, not priced.
              row('/custom/shared', { writer: 'z', invocations: 5, billedMs: 500 }),
            ]
          : [row('/aws/lambda/c', { invocations: 2, billedMs: 40 })],
      };
    });
    const functions = [fn('a', '/custom/shared'), fn('b', '/custom/shared'), fn('c', '/aws/lambda/c')];
    const period = rangePeriod('2026-10-01', '2026-10-01');
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      period,
      defaults: { architecture: 'x86_64', region: 'us-east-1' },
    });
    const warnings: string[] = [];
    await aggregateFromInsights(agg, {
      client,
      ctx: {
        limiter: createRateLimiter({ ratePerSecond: 1000 }),
        clock: systemClock,
        sleep,
        logger: silentLogger,
      },
      functions,
      startMs: period.fromMs,
      endMs: period.toMs,
      pollIntervalMs: 1,
      onWarning: (m) => warnings.push(m),
    });
    expect(started.map((q) => [q.logGroupNames, q.queryString])).toEqual([
      [['/aws/lambda/c'], REPORT_STATS_QUERY],
      [['/custom/shared'], reportStatsByStreamQuery(['a', 'b'], false)],
    ]);
    expect(reportStatsByStreamQuery(['b', 'a'], false)).toBe(
      [
        'filter @type = "REPORT"',
        'filter @logStream like /^\\d{4}\\/\\d{2}\\/\\d{2}\\/(a|b)\\[/',
        'parse @logStream /^\\d{4}\\/\\d{2}\\/\\d{2}\\/(?<streamFunction>[\\w-]+)\\[/',
        ...REPORT_STATS_QUERY.split('\n| ').slice(1, -2),
        `${REPORT_STATS_QUERY.split('\n| ').at(-2)}, coalesce(streamFunction, "-") as writer`,
        REPORT_STATS_QUERY.split('\n| ').at(-1)!.replace('by @log, ', 'by @log, writer, '),
      ].join('\n| '),
    );
    expect(reportStatsByStreamQuery(['c', 'e'], true)).toContain('\\/(c|e)?\\[/');
    expect(warnings).toEqual([
      'Logs Insights row of 5 REPORT line(s) in /custom/shared on 2026-10-01 is of a stream naming z, not a function asked for: left out',
    ]);
    const report = buildReport(agg);
    expect(report.functions.map((f) => [f.functionName, f.invocations, f.billedGbSeconds]).sort()).toEqual([
      ['a', 3, 0.075],
      ['b', 1, 0.00175],
      ['c', 2, 0.01],
    ]);
  });
});
