/**
 * Logs Insights rows that carry no invocation count are skipped and said once per log group
 * with how many there were, the group named even when the row lacks `@log`.
 *
 * moto records StartQuery but does not run `stats`: it answers every matching event as a
 * row of its own holding only `@ptr` (the shape repeated here), which is how `cost --source
 * insights` against moto came to print one identical warning per event, with a blank group.
 * The real service's rows (with the query's sums) are run against moto with GetQueryResults
 * stubbed in test/integration/cost-aws.test.ts; these rows need no server at all, so the
 * client here is stubbed whole.
 */
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  type StartQueryCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../collectors/aws/rate-limiter.ts';
import { silentLogger, sleep, systemClock } from '../../../collectors/kernel/index.ts';
import type { DiscoveredFunction } from '../../../collectors/lambda/discovery.ts';
import { CostAggregator } from '../../../pricing/report/aggregator.ts';
import { buildReport } from '../../../pricing/report/build.ts';
import { rangePeriod } from '../../../pricing/report/period.ts';
import { mergeDiscoveredConfigs } from '../../../pricing/sources/aws-functions.ts';
import { aggregateFromInsights } from '../../../pricing/sources/cloudwatch-insights.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';

function discovered(name: string): DiscoveredFunction {
  return {
    functionName: name,
    functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    logGroup: `/aws/lambda/${name}`,
    region: 'us-east-1',
    architecture: 'x86_64',
    memorySizeMB: 128,
  };
}

const field = (name: string, value: string): ResultField => ({ field: name, value });
/** A row as moto gives one: the matched event's pointer, nothing the query asked for. */
const motoRow = (n: number): ResultField[] => [field('@ptr', String(1_000 + n))];

/**
 * Reads 2026-12-04..2026-12-05 through a client whose every query answers `rows(input)`;
 * returns the warnings said and the report made.
 */
async function readInsights(
  functions: DiscoveredFunction[],
  rows: (input: StartQueryCommandInput) => ResultField[][],
) {
  const client = new CloudWatchLogsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const stub = mockClient(client);
  const started = new Map<string, StartQueryCommandInput>();
  stub.on(StartQueryCommand).callsFake(async (input: StartQueryCommandInput) => {
    const queryId = `q${started.size}`;
    started.set(queryId, input);
    return { queryId };
  });
  stub.on(GetQueryResultsCommand).callsFake(async ({ queryId }: { queryId: string }) => ({
    status: 'Complete',
    results: rows(started.get(queryId) as StartQueryCommandInput),
  }));
  const period = rangePeriod('2026-12-04', '2026-12-05');
  const agg = new CostAggregator({
    table: AWS_LIST_PRICES,
    period,
    configs: mergeDiscoveredConfigs(functions, new Map(), undefined),
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
  return { warnings, report: buildReport(agg) };
}

const DEC_05 = Date.parse('2026-12-05T00:00:00Z') / 1000;

describe('Logs Insights rows without an invocation count', () => {
  it("moto's rows: one warning per log group, with the count and the group the query read", async () => {
    const { warnings } = await readInsights([discovered('api')], (q) =>
      q.startTime === DEC_05 ? Array.from({ length: 160 }, (_, i) => motoRow(i)) : [],
    );
    expect(warnings).toEqual([
      "Logs Insights returned 160 row(s) for /aws/lambda/api on 2026-12-05 with no invocation count (they hold none of the query's sums: the endpoint did not run its stats command): skipped",
    ]);
  });

  it('over several days, and rows that name their group but carry a count of 0', async () => {
    const { warnings } = await readInsights([discovered('api')], (q) => [
      motoRow(1),
      motoRow(2),
      [field('@log', '123456789012:/aws/lambda/api'), field('invocations', '0'), field('billedMs', '0')],
      ...(q.startTime === DEC_05 ? [motoRow(3)] : []),
    ]);
    expect(warnings).toEqual([
      'Logs Insights returned 7 row(s) for /aws/lambda/api on 2 days, 2026-12-04..2026-12-05 with no invocation count: skipped',
    ]);
  });

  it('a query over several groups: rows without @log are said as what is known of them', async () => {
    const { warnings } = await readInsights([discovered('api'), discovered('worker')], (q) =>
      q.startTime === DEC_05 ? [motoRow(1), motoRow(2)] : [],
    );
    expect(warnings).toEqual([
      "Logs Insights returned 2 row(s) for one of /aws/lambda/api, /aws/lambda/worker (the row has no @log) on 2026-12-05 with no invocation count (they hold none of the query's sums: the endpoint did not run its stats command): skipped",
    ]);
  });

  it('a counted row without @log, from a query over one group, is that group’s', async () => {
    const { warnings, report } = await readInsights([discovered('api')], (q) =>
      q.startTime === DEC_05
        ? [
            [
              field('@memorySize', String(128 * 1_048_576)),
              field('bin(1d)', '2026-12-05 00:00:00.000'),
              field('status', '-'),
              field('errorType', '-'),
              field('invocations', '3'),
              field('billedMs', '300'),
            ],
          ]
        : [],
    );
    expect(warnings).toEqual([]);
    expect(report.functions.map((f) => [f.functionName, f.invocations])).toEqual([['api', 3]]);
  });
});
