/**
 * The report's charges and account rules, each against a hand computation in exact
 * decimals: per-account free tier and tiers (and pooled under consolidated billing),
 * provisioned concurrency (its duration rate and its standing charge), the SnapStart cache,
 * CloudWatch Logs ingestion with its volume tiers and free tier, X-Ray, and the checks that
 * refuse a report built from nothing.
 */
import { describe, expect, it } from 'vitest';
import { StreamContextTable } from '../../../collectors/correlator/stream-context.ts';
import { emptyInvocation, type Invocation } from '../../../collectors/model.ts';
import { parseFunctionConfigs } from '../../../pricing/context.ts';
import type { PriceTable, ServiceTable } from '../../../pricing/price-table.ts';
import { CostAggregator, type UsageInput } from '../../../pricing/report/aggregator.ts';
import { type BuildOptions, buildReport } from '../../../pricing/report/build.ts';
import { checkPeriodHasData, NothingToReportError } from '../../../pricing/report/empty.ts';
import { monthPeriod, rangePeriod } from '../../../pricing/report/period.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';
import { add, dec, div, mul, str } from './decimal.ts';

const OCT = Date.parse('2026-10-05T00:00:00Z');
const GB = 2 ** 30;

function usage(extra: Partial<UsageInput>): UsageInput {
  return {
    functionName: 'fn',
    region: 'us-east-1',
    accountId: '111111111111',
    architecture: 'x86_64',
    dayMs: OCT,
    status: 'success',
    count: 1,
    memorySizeMB: 1024,
    billedMs: 1000,
    coldStarts: 0,
    coldStartBilledMs: 0,
    restores: 0,
    traced: 0,
    provisioned: false,
    maxMemoryUsedMB: 100,
    ...extra,
  };
}

function report(inputs: UsageInput[], options: BuildOptions = {}, configs?: Record<string, object>) {
  const agg = new CostAggregator({
    table: AWS_LIST_PRICES,
    period: monthPeriod('2026-10'),
    configs: configs ? parseFunctionConfigs({ functions: configs }, 'test') : undefined,
  });
  for (const i of inputs) {
    agg.countRecords('current', i.count);
    agg.addUsage('current', i);
  }
  return { agg, report: buildReport(agg, options) };
}

/** GB-s of `ms` at `mb`, exact. */
const gbs = (ms: number | bigint, mb: number) => div(mul(dec(ms), dec(mb)), dec(1_024_000));

describe('accounts', () => {
  // 300,000 GB-s and 500,000 requests in each of two accounts: each inside its own free tier.
  const twoAccounts = ['111111111111', '222222222222'].map((accountId) =>
    usage({ accountId, functionName: `api-${accountId.slice(0, 1)}`, count: 500_000, billedMs: 300_000_000 }),
  );

  it('gives each account its own free tier: two standalone accounts owe nothing', () => {
    const { report: r } = report(twoAccounts, { freeTier: true });
    expect(r.exact.total).toBe('0');
    expect(r.functions.map((f) => f.accountId)).toEqual(['111111111111', '222222222222']);
    expect(r.accounts.map((a) => [a.accountId, a.exact.total])).toEqual([
      ['111111111111', '0'],
      ['222222222222', '0'],
    ]);
    expect(r.adjustments.filter((a) => a.charge === 'lambda-free-tier')).toHaveLength(2);
  });

  it('pools one free tier across accounts under consolidated billing', () => {
    const { report: r } = report(twoAccounts, { freeTier: true, consolidatedBilling: true });
    // 600,000 GB-s − 400,000 free = 200,000 × $0.0000166667; 1M requests, all free.
    expect(r.exact.total).toBe(str(mul(dec(200_000), dec('0.0000166667'))));
  });

  it('applies volume tiers per account, or to the pooled sum', () => {
    // 7e9 GB-s in one account (crosses 6e9), 1e9 in the other: 7e11 s × 10 GB and 1e11 s × 10 GB.
    const big = [
      usage({
        accountId: '111111111111',
        functionName: 'a',
        memorySizeMB: 10_240,
        billedMs: 700_000_000_000,
        count: 1,
      }),
      usage({
        accountId: '222222222222',
        functionName: 'b',
        memorySizeMB: 10_240,
        billedMs: 100_000_000_000,
        count: 1,
      }),
    ];
    const step = add(dec('0.000015'), dec('-0.0000166667'));
    const own = report(big).report;
    const tiers = own.adjustments.filter((a) => a.charge === 'lambda-tiers');
    expect(tiers.map((t) => [t.accountId, t.exactUsd])).toEqual([
      ['111111111111', str(mul(dec(1e9), step))],
      ['222222222222', '0'],
    ]);
    const pooled = report(big, { consolidatedBilling: true }).report;
    expect(pooled.adjustments.find((a) => a.charge === 'lambda-tiers')?.exactUsd).toBe(
      str(mul(dec(2e9), step)),
    );
  });

  it('lists every function as its account and Region name it, with one row each', () => {
    const { report: r } = report([
      usage({ accountId: '111111111111', region: 'us-east-1' }),
      usage({ accountId: '222222222222', region: 'us-east-1' }),
      usage({ accountId: '111111111111', region: 'eu-west-1' }),
    ]);
    expect(r.functions.map((f) => `${f.accountId} ${f.region}`).sort()).toEqual([
      '111111111111 eu-west-1',
      '111111111111 us-east-1',
      '222222222222 us-east-1',
    ]);
  });
});

describe('provisioned concurrency', () => {
  it('prices invocations on provisioned environments at the provisioned rate, outside tiers and free tier', () => {
    const { report: r } = report(
      [
        usage({ provisioned: true, count: 10, billedMs: 10_000 }),
        usage({ count: 10, billedMs: 10_000, status: 'timeout' }),
      ],
      { freeTier: true },
    );
    const f = r.functions[0]!;
    expect(f.provisioned.invocations).toBe(10);
    // 10 s × 1 GB at the provisioned duration rate, and 10 s × 1 GB on demand.
    expect(f.exact.compute).toBe(
      str(add(mul(gbs(10_000, 1024), dec('0.0000097222')), mul(gbs(10_000, 1024), dec('0.0000166667')))),
    );
    // A function with provisioned concurrency takes no free tier, not even for its on-demand
    // 10 GB-s and its 20 requests: nothing is taken off its cost, and the report says why.
    expect(r.adjustments.filter((a) => a.charge === 'lambda-free-tier')).toEqual([]);
    expect(r.exact.total).toBe(f.exact.total);
    expect(r.freeTierExcluded).toEqual([
      {
        functionName: 'fn',
        accountId: '111111111111',
        region: 'us-east-1',
        architecture: 'x86_64',
        message:
          'function "fn" (account 111111111111, us-east-1 x86_64): its 20 request(s) and 10.00 GB-s on demand are left out of the Lambda free tier, which does not apply to functions with provisioned concurrency (10 invocation(s) ran on provisioned-concurrency environments)',
      },
    ]);
    // Without --free-tier there is nothing to leave out.
    expect(report([usage({ provisioned: true })]).report.freeTierExcluded).toBeUndefined();
  });

  it('gives the free tier to the functions of a Region that have no provisioned concurrency, and only to them', () => {
    const { report: r } = report(
      [
        usage({ functionName: 'warm', count: 100, billedMs: 200_000 }),
        usage({ functionName: 'plain', count: 30, billedMs: 50_000 }),
      ],
      { freeTier: true },
      { warm: { architecture: 'x86_64', provisionedConcurrency: 2, memorySizeMB: 1024 } },
    );
    // All of warm's usage ran on demand, yet only plain's 50 GB-s and 30 requests are free.
    const free = r.adjustments.filter((a) => a.charge === 'lambda-free-tier');
    expect(free.map((a) => [a.label, a.usage, a.exactUsd])).toEqual([
      [
        'Lambda free tier, account 111111111111, us-east-1 x86_64',
        '50.00 GB-s, 30 requests',
        str(mul(dec(-1), add(mul(dec(50), dec('0.0000166667')), mul(dec(30), dec('0.0000002'))))),
      ],
    ]);
    expect(r.freeTierExcluded?.map((e) => e.message)).toEqual([
      'function "warm" (account 111111111111, us-east-1 x86_64): its 100 request(s) and 200.00 GB-s on demand are left out of the Lambda free tier, which does not apply to functions with provisioned concurrency (provisioned concurrency of 2 environment(s) configured)',
    ]);
    // warm's standing charge is there as ever: 2 × 1 GB × 744 h.
    expect(r.standing.map((s) => [s.functionName, s.exactUsd])).toEqual([
      ['warm', str(mul(dec(2), dec(744 * 3600), dec('0.0000041667')))],
    ]);
  });

  it('reports the standing charge from the config, for the hours given or the whole period', () => {
    const { report: r } = report(
      [usage({})],
      {},
      {
        fn: {
          architecture: 'x86_64',
          provisionedConcurrency: 2,
          memorySizeMB: 1024,
          provisionedConcurrencyHours: 10,
        },
        idle: { architecture: 'arm64', region: 'eu-west-1', provisionedConcurrency: 1, memorySizeMB: 512 },
      },
    );
    const [own, idle] = r.standing;
    // 2 × 1 GB × 36,000 s × $0.0000041667
    expect(own).toMatchObject({ functionName: 'fn', kind: 'provisioned-concurrency' });
    expect(own?.exactUsd).toBe(str(mul(dec(2), dec(36_000), dec('0.0000041667'))));
    // A function with no invocation still pays: 0.5 GB × 31 days at the derived arm64 rate
    // (80% of eu-west-1's x86_64 0.0000046460 = 0.0000037168).
    expect(idle).toMatchObject({ functionName: 'idle', region: 'eu-west-1' });
    expect(idle?.exactUsd).toBe(str(mul(dec('0.5'), dec(31 * 86_400), dec('0.0000037168'))));
    expect(r.exact.total).toBe(str(add(dec(r.exact.rows!), dec(own!.exactUsd!), dec(idle!.exactUsd!))));
  });

  it('names, and does not price, more configured hours than the period has', () => {
    const config = { architecture: 'x86_64', provisionedConcurrency: 2, memorySizeMB: 1024 };
    const { report: r } = report([usage({})], {}, { fn: { ...config, provisionedConcurrencyHours: 1e9 } });
    expect(r.standing).toEqual([
      expect.objectContaining({
        functionName: 'fn',
        costUsd: null,
        note: 'functions["fn"].provisionedConcurrencyHours is 1,000,000,000, more than the 744 h the report covers: not priced; give the hours the environments were configured in it',
      }),
    ]);
    // October has 744 hours: all of them are priced.
    const whole = report([usage({})], {}, { fn: { ...config, provisionedConcurrencyHours: 744 } }).report;
    expect(whole.standing[0]?.exactUsd).toBe(str(mul(dec(2), dec(744 * 3600), dec('0.0000041667'))));
  });
});

describe('function configs', () => {
  it("refuses what Lambda does not allow, naming the key and Lambda's range", () => {
    const refused = (fn: object) => {
      try {
        parseFunctionConfigs({ functions: { fn } }, 'config.json');
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refused({ ephemeralStorageMB: 100_000 })).toBe(
      'config.json: functions["fn"].ephemeralStorageMB is 100000; Lambda allows a whole number of MB from 512 to 10,240',
    );
    expect(refused({ memorySizeMB: 64 })).toBe(
      'config.json: functions["fn"].memorySizeMB is 64; Lambda allows a whole number of MB from 128 to 10,240',
    );
    expect(refused({ timeoutSeconds: 901 })).toBe(
      'config.json: functions["fn"].timeoutSeconds is 901; Lambda allows a whole number of seconds from 1 to 900',
    );
    expect(refused({ region: 'us east 1' })).toBe(
      'config.json: functions["fn"].region is "us east 1"; expected a Region name such as "us-east-1"',
    );
    expect(
      refused({
        ephemeralStorageMB: 10_240,
        memorySizeMB: 128,
        timeoutSeconds: 900,
        region: 'us-gov-west-1',
      }),
    ).toBeNull();
  });
});

describe('SnapStart', () => {
  function restores(region: string, runtime: string) {
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      period: monthPeriod('2026-10'),
      defaults: { architecture: 'x86_64' },
    });
    const inv = (id: string, at: string, version: string): Invocation => ({
      ...emptyInvocation(id),
      functionName: 'snap',
      status: 'success',
      start: at,
      end: at,
      durationMs: 100,
      billedDurationMs: 180,
      memorySizeMB: 2048,
      maxMemoryUsedMB: 300,
      coldStart: true,
      restoreDurationMs: 250,
      billedRestoreDurationMs: 80,
      region,
      runtimeVersion: runtime,
      version,
    });
    agg.addInvocation(inv('a', '2026-10-05T00:00:00.000Z', '3'));
    agg.addInvocation(inv('b', '2026-10-05T05:00:00.000Z', '3'));
    agg.addInvocation(inv('c', '2026-10-06T00:00:00.000Z', '4'));
    return buildReport(agg);
  }

  it('charges restores and the cache of a Python function, the runtime read from its logs', () => {
    const r = restores('us-east-1', 'python:3.12.v52');
    // 3 restores × 2 GB × $0.0001397998
    expect(r.functions[0]?.exact.snapStartRestore).toBe(str(mul(dec(6), dec('0.0001397998'))));
    // Version 3 restored over 5 h, version 4 once (3 h minimum): 2 GB × 8 h × $0.0000015046.
    const cache = r.standing.find((s) => s.kind === 'snapstart-cache');
    expect(cache?.exactUsd).toBe(str(mul(dec(2), dec(8 * 3600), dec('0.0000015046'))));
    expect(cache?.note).toMatch(/lower bound/);
  });

  it('does not charge a Java function, and names what it cannot price elsewhere', () => {
    expect(restores('us-east-1', 'java:21.v33').functions[0]?.exact.snapStartRestore).toBe('0');
    expect(restores('us-east-1', 'java:21.v33').standing).toEqual([]);
    const milan = restores('eu-west-1', 'python:3.12.v52');
    expect(milan.functions[0]?.exact.snapStartRestore).toBe('0');
    expect(milan.unpriced.map((u) => [u.charge, u.count])).toEqual([['snapstart-restore', 3]]);
    expect(milan.standing[0]).toMatchObject({ kind: 'snapstart-cache', costUsd: null });
    expect(milan.coverage.partlyPriced).toBe(3);
  });
});

describe('the logs and traces of a function', () => {
  function withLogs(
    bytes: number,
    traced: number,
    options: BuildOptions = {},
    region = 'us-east-1',
    table: PriceTable = AWS_LIST_PRICES,
  ) {
    const agg = new CostAggregator({ table, period: monthPeriod('2026-10') });
    agg.countRecords('current', 1);
    agg.addUsage('current', usage({ groupKey: '/aws/lambda/fn', traced, region }));
    agg.addLogBytes('/aws/lambda/fn', OCT, bytes);
    return buildReport(agg, options);
  }

  it('prices what CloudWatch Logs ingested at the vended-log rate, and X-Ray per trace', () => {
    const r = withLogs(3 * GB, 150_000);
    const f = r.functions[0]!;
    expect(f.logs.bytes).toBe(3 * GB);
    expect(f.exact.logs).toBe('1.5');
    expect(f.exact.xray).toBe(str(mul(dec(150_000), dec('0.000005'))));
    expect(f.exact.total).toBe(str(add(dec(f.exact.lambda!), dec('1.5'), dec('0.75'))));
  });

  it('applies the logs volume tiers and the free tiers of logs and X-Ray per account', () => {
    // 11 TB: 10 TB at $0.50 and 1 TB at $0.25; the row carries 11 TB at $0.50.
    const r = withLogs(11 * 1024 * GB, 150_000, { freeTier: true });
    const line = (charge: string) => r.adjustments.find((a) => a.charge === charge)?.exactUsd;
    expect(line('logs-tiers')).toBe(str(mul(dec(-1024), dec('0.25'))));
    // 5 GB free at the first tier; 100,000 traces free.
    expect(line('logs-free-tier')).toBe('-2.5');
    expect(line('xray-free-tier')).toBe('-0.5');
  });

  it("prices each Region's logs at its own vended-log tiers, and X-Ray at its own rate", () => {
    // eu-west-1: $0.57, $0.285 (next 20 TB). 11 TB: the row at $0.57, 1 TB back to $0.285.
    const eu = withLogs(11 * 1024 * GB, 150_000, { freeTier: true }, 'eu-west-1');
    expect(eu.functions[0]?.exact.logs).toBe(str(mul(dec(11 * 1024), dec('0.57'))));
    const line = (charge: string) => eu.adjustments.find((a) => a.charge === charge)?.exactUsd;
    expect(line('logs-tiers')).toBe(str(mul(dec(-1024), dec('0.285'))));
    expect(line('logs-free-tier')).toBe(str(mul(dec(-5), dec('0.57'))));
    // eu-south-1: $0.60 a GB; eu-west-2: $0.5985 a GB.
    expect(withLogs(3 * GB, 0, {}, 'eu-south-1').functions[0]?.exact.logs).toBe('1.8');
    expect(withLogs(2 * GB, 0, {}, 'eu-west-2').functions[0]?.exact.logs).toBe('1.197');
    // ap-southeast-5 records traces at $4.25 a million.
    const my = withLogs(GB, 150_000, {}, 'ap-southeast-5');
    expect(my.functions[0]?.exact.xray).toBe(str(mul(dec(150_000), dec('0.00000425'))));
    expect(my.functions[0]?.exact.logs).toBe('0.5');
    expect(eu.unpriced).toEqual([]);
  });

  it('names a Region whose logs rate it does not have instead of pricing its logs at $0', () => {
    const logs = AWS_LIST_PRICES.logs as ServiceTable;
    const regions = new Map([...logs.regions].filter(([region]) => region !== 'eu-west-1'));
    const table = { ...AWS_LIST_PRICES, logs: { ...logs, regions } };
    const r = withLogs(GB, 0, {}, 'eu-west-1', table);
    expect(r.functions[0]?.logs).toEqual({ bytes: GB, costUsd: null });
    expect(r.unpriced[0]?.message).toMatch(
      /no CloudWatch Logs vended-log rate for eu-west-1.*1\.000 GB of logs/,
    );
  });
});

describe('a report over several months', () => {
  const SEP = Date.parse('2026-09-20T00:00:00Z');
  /** 300,000 GB-s, 400,000 requests and 4 GB of logs on each day given; no period unless one is given. */
  function months(days: number[], options: BuildOptions, period?: ReturnType<typeof rangePeriod>) {
    const agg = new CostAggregator({ table: AWS_LIST_PRICES, ...(period ? { period } : {}) });
    for (const dayMs of days) {
      if (agg.classify(dayMs) !== 'current') continue;
      agg.countRecords('current', 400_000);
      agg.addUsage(
        'current',
        usage({
          groupKey: '/aws/lambda/fn',
          dayMs,
          count: 400_000,
          memorySizeMB: 1024,
          billedMs: 300_000_000,
        }),
      );
      agg.addLogBytes('/aws/lambda/fn', dayMs, 4 * GB);
    }
    return buildReport(agg, options);
  }

  it("applies each month's free tier to that month's usage, and names the month in each line", () => {
    const r = months([SEP, OCT], { freeTier: true });
    // Each month: 300,000 GB-s of 400,000 free, 400,000 requests of 1M, 4 GB of logs of 5: nothing owed.
    expect(r.exact.total).toBe('0');
    expect(r.adjustments.map((a) => [a.label, a.exactUsd])).toEqual([
      ['Lambda volume tiers, account 111111111111, us-east-1 x86_64, 2026-09', '0'],
      [
        'Lambda free tier, account 111111111111, us-east-1 x86_64, 2026-09',
        str(mul(dec(-1), add(mul(dec(300_000), dec('0.0000166667')), mul(dec(400_000), dec('0.0000002'))))),
      ],
      ['CloudWatch Logs volume tiers, account 111111111111, us-east-1, 2026-09', '0'],
      ['CloudWatch Logs free tier, account 111111111111, us-east-1, 2026-09', '-2'],
      ['Lambda volume tiers, account 111111111111, us-east-1 x86_64, 2026-10', '0'],
      [
        'Lambda free tier, account 111111111111, us-east-1 x86_64, 2026-10',
        str(mul(dec(-1), add(mul(dec(300_000), dec('0.0000166667')), mul(dec(400_000), dec('0.0000002'))))),
      ],
      ['CloudWatch Logs volume tiers, account 111111111111, us-east-1, 2026-10', '0'],
      ['CloudWatch Logs free tier, account 111111111111, us-east-1, 2026-10', '-2'],
    ]);
    // One month's data keeps its lines as they were, without a month.
    const one = months([OCT, OCT + 86_400_000], { freeTier: true });
    expect(one.adjustments.map((a) => a.label)).toContain(
      'Lambda free tier, account 111111111111, us-east-1 x86_64',
    );
    // 600,000 GB-s in one month: 200,000 over the allowance.
    expect(one.exact.total).toBe(str(add(mul(dec(200_000), dec('0.0000166667')), mul(dec(3), dec('0.5')))));
  });

  it('splits a --from/--to range at the months it crosses, inside the range only', () => {
    const range = rangePeriod('2026-09-15', '2026-10-14');
    // Aug 30 is outside the range: neither priced nor a month of its own.
    const r = months([Date.parse('2026-08-30T00:00:00Z'), SEP, OCT], { freeTier: true }, range);
    expect(r.functions[0]?.invocations).toBe(800_000);
    expect(r.exact.total).toBe('0');
    expect(new Set(r.adjustments.map((a) => a.label.slice(-7)))).toEqual(new Set(['2026-09', '2026-10']));
  });
});

describe('where the context comes from', () => {
  it('places a warm invocation by what its group said after it closed', () => {
    const context = new StreamContextTable();
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      defaults: { architecture: 'x86_64', region: 'eu-west-1' },
      context,
    });
    const warm = {
      ...emptyInvocation('w'),
      functionName: 'pay',
      logGroup: '/aws/lambda/pay',
      status: 'success' as const,
      end: '2026-10-05T00:00:00Z',
      billedDurationMs: 100,
      memorySizeMB: 128,
    };
    agg.addInvocation(warm);
    // Another stream of the group starts later and names its Region: the warm one is there too.
    context.learnStream('/aws/lambda/pay', 'b', { region: 'eu-south-1' });
    agg.addInvocation({ ...warm, requestId: 'c', region: 'eu-south-1', coldStart: true });
    const r = buildReport(agg);
    expect(r.functions.map((f) => [f.functionName, f.region, f.invocations])).toEqual([
      ['pay', 'eu-south-1', 2],
    ]);
  });
});

describe('a report built from nothing', () => {
  it('fails and says which months the data covers', () => {
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      period: monthPeriod('2026-11'),
      defaults: { architecture: 'x86_64', region: 'us-east-1' },
    });
    agg.addInvocation({
      ...emptyInvocation('x'),
      functionName: 'f',
      status: 'success',
      end: '2026-10-05T00:00:00Z',
      billedDurationMs: 1,
      memorySizeMB: 128,
    });
    agg.addInvocation({
      ...emptyInvocation('y'),
      functionName: 'f',
      status: 'success',
      end: '2026-09-30T00:00:00Z',
      billedDurationMs: 1,
      memorySizeMB: 128,
    });
    const r = buildReport(agg);
    expect(() => checkPeriodHasData(r, true)).toThrow(NothingToReportError);
    expect(() => checkPeriodHasData(r, true)).toThrow(
      'no invocations in 2026-11: the data covers 2026-09-30..2026-10-05 (months 2026-09, 2026-10)',
    );
  });
});
