import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  DescribeQueriesCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  type StartQueryCommandInput,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInvocations } from '../../collectors/files/read-invocations.ts';
import { createFunctionDiscovery, type DiscoveredFunction } from '../../collectors/lambda/discovery.ts';
import { parseFunctionConfigs } from '../../pricing/context.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { rangePeriod } from '../../pricing/report/period.ts';
import type { CostReport, FunctionReport } from '../../pricing/report/types.ts';
import { mergeDiscoveredConfigs } from '../../pricing/sources/aws-functions.ts';
import {
  aggregateFromInsights,
  type InsightsProgress,
  REPORT_STATS_QUERY,
} from '../../pricing/sources/cloudwatch-insights.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import {
  clientConfig,
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  testContext,
  uniqueName,
} from './aws/helpers.ts';
import { DAY, day, lines, reportsFor, statsRows, type Written } from './cost-aws-fixtures.ts';

function cli(args: string[]) {
  return runCli(args, { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });
}

describe('cost from CloudWatch Logs (moto)', () => {
  const prefix = uniqueName('cost');
  const api = `${prefix}-api`;
  const worker = `${prefix}-worker`;
  // Three days ending yesterday: moto (like CloudWatch) refuses events older than 14 days.
  const d0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  const from = day(d0);
  const to = day(d0 + 2 * DAY);
  const written: Written[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'cost-aws-'));
  const configs = parseFunctionConfigs(
    {
      functions: {
        // What discovery finds (moto's default timeout is 3 s), so both paths advise alike.
        [api]: { architecture: 'x86_64', region: 'us-east-1', timeoutSeconds: 3 },
        [worker]: { architecture: 'arm64', region: 'us-east-1', ephemeralStorageMB: 1024, timeoutSeconds: 3 },
      },
    },
    'test config',
  );
  let local: CostReport;

  beforeAll(async () => {
    await createFunction(api, { MemorySize: 512 });
    await createFunction(worker, {
      MemorySize: 1024,
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
    });
    const logs = logsClient();
    for (const [i, name] of [api, worker].entries()) {
      const reports = reportsFor(i + 1, d0, name === worker);
      const w: Written = {
        group: `/aws/lambda/${name}`,
        stream: '2026/01/01/[$LATEST]abc',
        events: lines(reports),
        reports,
      };
      await createGroup(logs, w.group, [w.stream]);
      await putEvents(logs, w.group, w.stream, w.events);
      written.push(w);
      // The same lines as `aws logs filter-log-events` output, named after the function.
      writeFileSync(
        join(tmp, `${name}.json`),
        JSON.stringify({
          events: w.events.map((e, k) => ({ logStreamName: w.stream, eventId: String(k), ...e })),
        }),
      );
    }
    const agg = new CostAggregator({ table: AWS_LIST_PRICES, period: rangePeriod(from, to), configs });
    for await (const inv of readInvocations([tmp], { maxLinesPerInvocation: 0 })) agg.addInvocation(inv);
    local = buildReport(agg);
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function expectSameMoney(actual: FunctionReport, expected: FunctionReport) {
    expect(actual.region).toBe(expected.region);
    expect(actual.architecture).toBe(expected.architecture);
    expect(actual.invocations).toBe(expected.invocations);
    expect(actual.billedGbSeconds).toBe(expected.billedGbSeconds);
    expect(actual.computeCostUsd).toBe(expected.computeCostUsd);
    expect(actual.requestCostUsd).toBe(expected.requestCostUsd);
    expect(actual.ephemeralStorageCostUsd).toBe(expected.ephemeralStorageCostUsd);
    expect(actual.totalCostUsd).toBe(expected.totalCostUsd);
    expect(actual.coldStarts).toBe(expected.coldStarts);
    expect(actual.coldStartCostUsd).toBe(expected.coldStartCostUsd);
    expect([actual.timeouts, actual.crashes, actual.errors, actual.ooms]).toEqual([
      expected.timeouts,
      expected.crashes,
      expected.errors,
      expected.ooms,
    ]);
    expect(actual.memory).toEqual(expected.memory);
    expect(actual.previousTotalCostUsd).toBe(expected.previousTotalCostUsd);
  }

  it('the local-file baseline covers both functions, failures and the previous period', () => {
    const rows = local.functions.map((f) => [f.functionName, f.invocations, f.coldStarts, f.timeouts.count]);
    expect(rows.sort()).toEqual([
      [api, 12, 3, 1],
      [worker, 12, 3, 1],
    ]);
    const w = local.functions.find((f) => f.functionName === worker)!;
    expect([w.timeouts.count, w.crashes.count, w.memory.configuredMB]).toEqual([1, 1, 1024]);
    expect(local.previous?.invocations).toBe(8);
  });

  it('--source filter-log-events prices the REPORT lines exactly like local files', () => {
    const run = cli([
      'cost',
      '--function',
      `${prefix}-*`,
      '--source',
      'filter-log-events',
      '--from',
      from,
      '--to',
      to,
      '--output',
      'json',
    ]);
    // moto has no provisioned-concurrency API: the one note says the standing charge comes
    // from --config alone, and nothing else is on stderr.
    expect(run.stderr).toBe(
      `lambdalens: note: provisioned concurrency of ${api}, ${worker} could not be read (${run.stderr.match(/\((.*)\): its/)?.[1]}): its standing charge comes from provisionedConcurrency in --config only\n`,
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions.map((f) => f.functionName).sort()).toEqual([api, worker]);
    for (const l of local.functions)
      expectSameMoney(report.functions.find((f) => f.functionName === l.functionName)!, l);
    expect(report.totalCostUsd).toBe(local.totalCostUsd);
    expect(report.previous).toEqual(local.previous);
    expect(report.notPriced).toEqual([]);
  }, 60_000);

  it('architecture and storage come from discovery; --arch overrides discovery, --config overrides --arch', async () => {
    const lambda = new LambdaClient(clientConfig());
    const found = await createFunctionDiscovery({ client: lambda, ctx: testContext() }).discover({
      prefixes: [`${prefix}-`],
    });
    const byName = (fns: DiscoveredFunction[], n: string) => fns.find((f) => f.functionName === n)!;
    expect([byName(found, worker).architecture, byName(found, worker).ephemeralStorageMB]).toEqual([
      'arm64',
      1024,
    ]);
    const none = mergeDiscoveredConfigs(found, new Map(), undefined);
    expect(none.get(worker)?.architecture).toBe('arm64');
    expect(none.get(worker)?.ephemeralStorageMB).toBe(1024);
    const flag = mergeDiscoveredConfigs(found, new Map(), 'x86_64');
    expect(flag.get(worker)?.architecture).toBeUndefined();
    expect(flag.get(worker)?.region).toBe('us-east-1');
    const file = mergeDiscoveredConfigs(
      found,
      parseFunctionConfigs(
        { functions: { [worker]: { architecture: 'x86_64', ephemeralStorageMB: 4096 } } },
        't',
      ),
      'arm64',
    );
    expect([file.get(worker)?.architecture, file.get(worker)?.ephemeralStorageMB]).toEqual(['x86_64', 4096]);
    expect(file.get(api)?.architecture).toBeUndefined();

    const run = cli([
      'cost',
      '--function',
      api,
      '--source',
      'filter-log-events',
      '--from',
      from,
      '--to',
      to,
      '--arch',
      'arm64',
      '--output',
      'json',
    ]);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions.map((f) => [f.functionName, f.architecture])).toEqual([[api, 'arm64']]);
  }, 60_000);

  it('names an unknown function clearly', () => {
    const missing = `${prefix}-nope`;
    const run = cli(['cost', '--function', missing, '--source', 'filter-log-events', '--month', '2026-01']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`lambdalens: Lambda function "${missing}" not found in us-east-1.`);
  }, 60_000);

  it('Logs Insights: one stats query per day over both groups, rows priced exactly like local files', async () => {
    const real = logsClient();
    const client = new CloudWatchLogsClient(clientConfig());
    // moto records StartQuery but answers `stats` with no aggregation (it ignores most of the
    // query language), so GetQueryResults alone is stubbed: it returns what Insights' stats
    // would, computed here from the very lines written to moto.
    const stub = mockClient(client);
    const started = new Map<string, StartQueryCommandInput>();
    const polls = new Map<string, number>();
    stub.on(StartQueryCommand).callsFake(async (input: StartQueryCommandInput) => {
      const out = await real.send(new StartQueryCommand(input));
      started.set(out.queryId!, input);
      return out;
    });
    stub.on(StopQueryCommand).resolves({ success: true });
    stub.on(GetQueryResultsCommand).callsFake(async ({ queryId }: { queryId: string }) => {
      const input = started.get(queryId)!;
      const n = (polls.get(queryId) ?? 0) + 1;
      polls.set(queryId, n);
      const rows = statsRows(written, input);
      const matched = rows.reduce((s, r) => s + Number(r.find((f) => f.field === 'invocations')!.value), 0);
      return n === 1
        ? { status: 'Running', statistics: { recordsScanned: 3, recordsMatched: 1 }, results: [] }
        : { status: 'Complete', statistics: { recordsScanned: 100, recordsMatched: matched }, results: rows };
    });
    const discovery = createFunctionDiscovery({
      client: new LambdaClient(clientConfig()),
      ctx: testContext(),
    });
    const functions = await discovery.discover({ names: [api, worker] });
    const period = rangePeriod(from, to);
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      period,
      configs: mergeDiscoveredConfigs(functions, new Map(), undefined),
    });
    const progress: InsightsProgress[] = [];
    const warnings: string[] = [];
    await aggregateFromInsights(agg, {
      client,
      ctx: testContext(),
      functions,
      startMs: agg.previous!.period.fromMs,
      endMs: period.toMs,
      pollIntervalMs: 1,
      concurrency: 2,
      onProgress: (p) => progress.push(p),
      onWarning: (m) => warnings.push(m),
    });
    const report = buildReport(agg);

    // Six windows (three days and the three before), each one query over both log groups.
    const windows = [...started.values()]
      .map((q) => [q.startTime, q.endTime, [...(q.logGroupNames ?? [])].sort()])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    const groups = [`/aws/lambda/${api}`, `/aws/lambda/${worker}`].sort();
    expect(windows).toEqual(
      [-3, -2, -1, 0, 1, 2].map((k) => [(d0 + k * DAY) / 1000, (d0 + (k + 1) * DAY) / 1000, groups]),
    );
    for (const group of groups) {
      const recorded = await real.send(new DescribeQueriesCommand({ logGroupName: group }));
      expect(recorded.queries?.map((q) => q.queryString)).toEqual(Array(6).fill(REPORT_STATS_QUERY));
    }
    expect(REPORT_STATS_QUERY.startsWith('filter @type = "REPORT"\n| ')).toBe(true);
    expect(REPORT_STATS_QUERY).toContain('by @log, @memorySize, bin(1d), status, errorType');

    expect(warnings).toEqual([]);
    // 32 REPORTs, the two written at midnight matched by both windows that share that second.
    expect(progress.at(-1)).toEqual({
      windowsDone: 6,
      windowsTotal: 6,
      recordsScanned: 600,
      recordsMatched: 34,
    });
    expect(progress.some((p) => p.windowsDone < 6 && p.recordsScanned > 0)).toBe(true);

    expect(report.functions.map((f) => f.functionName).sort()).toEqual([api, worker]);
    for (const l of local.functions)
      expectSameMoney(report.functions.find((f) => f.functionName === l.functionName)!, l);
    expect(report.totalCostUsd).toBe(local.totalCostUsd);
    expect(report.totals).toEqual(local.totals);
    expect(report.daily).toEqual(local.daily);
    expect(report.previous).toEqual(local.previous);
    for (const f of report.functions) {
      const durations = written.flatMap((w) => w.reports).map((r) => r.durationMs);
      expect(f.durationMs.p50).toBeGreaterThanOrEqual(Math.min(...durations) * 0.98);
      expect(f.durationMs.p99).toBeLessThanOrEqual(Math.max(...durations) * 1.02);
    }
  }, 60_000);
});
