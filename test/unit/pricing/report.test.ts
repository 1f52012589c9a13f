import { describe, expect, it } from 'vitest';
import { emptyInvocation, type Invocation, type InvocationStatus } from '../../../collectors/model.ts';
import { missingMessage } from '../../../pricing/context.ts';
import { MBMS_PER_GBS, parsePrice, toUsd } from '../../../pricing/money.ts';
import { CostAggregator } from '../../../pricing/report/aggregator.ts';
import { buildReport } from '../../../pricing/report/build.ts';
import { monthPeriod } from '../../../pricing/report/period.ts';
import { QuantileSketch } from '../../../pricing/report/quantile-sketch.ts';
import { recommendedMemoryMB } from '../../../pricing/report/right-sizing.ts';
import { tieredCost } from '../../../pricing/report/tiers.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';
import { invocationsOfFixture } from './fixture-blocks.ts';

const EXACT = 12;

let seq = 0;
function inv(
  fn: string,
  at: string,
  billedMs: number,
  memoryMB: number,
  extra: Partial<Invocation> & { status?: InvocationStatus } = {},
): Invocation {
  return {
    ...emptyInvocation(`req-${seq++}`),
    functionName: fn,
    status: 'success',
    start: at,
    end: at,
    durationMs: billedMs - 0.4,
    billedDurationMs: billedMs,
    memorySizeMB: memoryMB,
    maxMemoryUsedMB: 60,
    region: 'us-east-1',
    ...extra,
  };
}

function usEast1(): CostAggregator {
  return new CostAggregator({ table: AWS_LIST_PRICES, defaults: { architecture: 'x86_64' } });
}

describe('monthly report', () => {
  it('applies the x86_64 volume tier at 6 billion GB-s exactly', () => {
    const x86 = AWS_LIST_PRICES.regions.get('us-east-1')!.x86_64.duration;
    const sevenBillion = 7_000_000_000n * MBMS_PER_GBS;
    const tiered = tieredCost(x86, 0n, sevenBillion);
    // 6e9 × 0.0000166667 + 1e9 × 0.000015 = 100,000.2 + 15,000 = 115,000.2
    expect(tiered).toBe(
      6_000_000_000n * MBMS_PER_GBS * parsePrice('0.0000166667') +
        1_000_000_000n * MBMS_PER_GBS * parsePrice('0.000015'),
    );
    expect(toUsd(tiered)).toBe(115000.2);
    const arm = AWS_LIST_PRICES.regions.get('us-east-1')!.arm64.duration;
    // arm64 crosses at 7.5e9: 7e9 GB-s all in tier 1.
    expect(toUsd(tieredCost(arm, 0n, sevenBillion))).toBe(93333.8);
    expect(toUsd(tieredCost(arm, 0n, 20_000_000_000n * MBMS_PER_GBS))).toBe(
      // 7.5e9 × 0.0000133334 + 11.25e9 × 0.0000120001 + 1.25e9 × 0.0000106667
      100000.5 + 135001.125 + 13333.375,
    );
  });

  it('reports the tier adjustment at region/architecture level for a month crossing a tier', () => {
    const agg = new CostAggregator({ table: AWS_LIST_PRICES, period: monthPeriod('2026-10') });
    // A pre-aggregated group (as Elasticsearch would give): 1e8 invocations, 7e11 ms at 10,240 MB = 7e9 GB-s.
    agg.countRecords('current', 100_000_000);
    agg.addUsage('current', {
      functionName: 'bulk',
      region: 'us-east-1',
      accountId: null,
      architecture: 'x86_64',
      dayMs: Date.parse('2026-10-03T00:00:00Z'),
      status: 'success',
      count: 100_000_000,
      memorySizeMB: 10_240,
      billedMs: 700_000_000_000,
      coldStarts: 0,
      coldStartBilledMs: 0,
      restores: 0,
      traced: 0,
      provisioned: false,
      maxMemoryUsedMB: 9000,
    });
    const r = buildReport(agg);
    expect(r.functions[0]?.billedGbSeconds).toBe(7e9);
    expect(r.functions[0]?.computeCostUsd).toBe(116666.9);
    expect(r.functions[0]?.requestCostUsd).toBe(20);
    expect(r.adjustments).toHaveLength(1);
    expect(r.adjustments[0]).toMatchObject({
      charge: 'lambda-tiers',
      region: 'us-east-1',
      architecture: 'x86_64',
    });
    expect(r.adjustments[0]?.exactUsd).toBe('-1666.7');
    expect(r.totals.tierAdjustmentUsd).toBeCloseTo(-1666.7, 9);
    expect(r.totalCostUsd).toBeCloseTo(115020.2, 9);
  });

  it('applies the free tier only when asked', () => {
    // 2M requests, 500,000 GB-s: 2,000,000 × 250 ms × 1,024 MB
    const build = (freeTier: boolean) => {
      const agg = usEast1();
      agg.countRecords('current', 2_000_000);
      agg.addUsage('current', {
        functionName: 'api',
        region: 'us-east-1',
        accountId: null,
        architecture: 'x86_64',
        dayMs: Date.parse('2026-10-01T00:00:00Z'),
        status: 'success',
        count: 2_000_000,
        memorySizeMB: 1024,
        billedMs: 500_000_000,
        coldStarts: 0,
        coldStartBilledMs: 0,
        restores: 0,
        traced: 0,
        provisioned: false,
        maxMemoryUsedMB: 300,
      });
      return buildReport(agg, { freeTier });
    };
    const without = build(false);
    expect(without.totalCostUsd).toBeCloseTo(8.33335 + 0.4, EXACT);
    expect(without.totals.freeTierUsd).toBe(0);
    const withFree = build(true);
    // 100,000 billable GB-s × 0.0000166667 + 1M billable requests × 2e-7
    expect(withFree.totalCostUsd).toBeCloseTo(1.86667, EXACT);
    // 400,000 GB-s × 0.0000166667 + 1M requests × 0.0000002
    expect(withFree.adjustments.find((a) => a.charge === 'lambda-free-tier')?.exactUsd).toBe('-6.86668');
    expect(withFree.freeTierApplied).toBe(true);
  });

  it('sums per function, counts failures and cold starts, and compares with the previous month', () => {
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      period: monthPeriod('2026-10'),
      defaults: { architecture: 'x86_64' },
    });
    agg.addInvocation(inv('orders', '2026-10-01T10:00:00Z', 100, 128));
    agg.addInvocation(inv('orders', '2026-10-01T11:00:00Z', 100, 128, { status: 'timeout' }));
    agg.addInvocation(inv('orders', '2026-10-02T11:00:00Z', 300, 128, { coldStart: true, durationMs: 99.2 }));
    agg.addInvocation(
      inv('orders', '2026-10-03T11:00:00Z', 100, 128, { status: 'oom', maxMemoryUsedMB: 129 }),
    );
    agg.addInvocation(inv('orders', '2026-09-30T23:59:59Z', 100, 128));
    agg.addInvocation(inv('orders', '2026-11-01T00:00:00Z', 100, 128));
    agg.addInvocation(inv('orders', 'not a time', 100, 128));
    const r = buildReport(agg);
    const f = r.functions[0]!;
    const per100 = 0.0125 * 0.0000166667;
    expect(f.invocations).toBe(4);
    expect(f.billedGbSeconds).toBe(0.075);
    expect(f.computeCostUsd).toBeCloseTo(6 * per100, EXACT);
    expect(f.requestCostUsd).toBeCloseTo(8e-7, EXACT);
    expect(f.timeouts).toEqual({ count: 1, costUsd: expect.closeTo(per100 + 2e-7, EXACT) });
    expect(f.ooms.count).toBe(1);
    expect(f.errors.count).toBe(0);
    expect(f.coldStarts).toBe(1);
    expect(f.coldStartRate).toBe(0.25);
    // 300 − ceil(99.2) = 200 ms of INIT at 128 MB
    expect(f.coldStartCostUsd).toBeCloseTo(2 * per100, EXACT);
    // Out of memory at 128 MB: ceil(129 × 1.2) = 155 → the next 64 MB step.
    expect(f.memory.recommendation).toBe('raise to 192 MB');
    // Every day of October, the empty ones too.
    expect(r.daily).toHaveLength(31);
    expect(r.daily[0]).toEqual({ day: '2026-10-01', costUsd: expect.closeTo(2 * (per100 + 2e-7), EXACT) });
    expect(r.daily[30]).toEqual({ day: '2026-10-31', costUsd: 0 });
    expect(r.previous?.label).toBe('2026-09');
    expect(r.previous?.invocations).toBe(1);
    expect(r.previous?.totalCostUsd).toBeCloseTo(per100 + 2e-7, EXACT);
    expect(f.changePct).toBeCloseTo(((6 * per100 + 8e-7) / (per100 + 2e-7) - 1) * 100, 9);
    expect(r.records).toEqual({ seen: 7, outsidePeriod: 1, undated: 1 });
  });

  it('recommends a smaller memory size no lower than the timeout allows, and an arm64 move, with their savings', () => {
    const agg = usEast1();
    for (let i = 0; i < 10; i++)
      agg.addInvocation(inv('thumbs', '2026-10-05T00:00:00Z', 1000, 1024, { maxMemoryUsedMB: 200 }));
    const f = buildReport(agg).functions[0]!;
    expect(recommendedMemoryMB(200, 20)).toBe(256);
    // Memory alone would allow 256 MB; but if CPU-bound, p99 999.6 ms grows to 999.6 × 1024 / m,
    // which must stay under 80% of the (unknown, so default) 3 s timeout: m ≥ 426.5 → 448 MB.
    expect(f.memory.recommendedMB).toBe(448);
    expect(f.memory.recommendation).toBe('try 448 MB');
    expect(f.memory.basis).toBe('assumption');
    expect(f.memory.note).toMatch(/Power Tuning/);
    expect(f.memory.headroomPct).toBeCloseTo(80.46875, 9);
    // Up to 10 s × (1024 − 448) MB = 5.625 GB-s, if duration holds
    expect(f.memory.savingUsd).toBeCloseTo(5.625 * 0.0000166667, EXACT);
    // 10 GB-s × (0.0000166667 − 0.0000133334)
    expect(f.arm64SavingUsd).toBeCloseTo(10 * 0.0000033333, EXACT);
  });

  it('gives duration quantiles within the sketch accuracy', () => {
    const agg = usEast1();
    for (let d = 1; d <= 1000; d++)
      agg.addInvocation(inv('q', '2026-10-05T00:00:00Z', d + 1, 128, { durationMs: d }));
    const r = buildReport(agg);
    const f = r.functions[0]!;
    expect(r.durationHistogram.reduce((n, b) => n + b.count, 0)).toBe(1000);
    expect(r.durationHistogram.length).toBeLessThanOrEqual(40);
    expect(Math.abs(f.durationMs.p50! - 500) / 500).toBeLessThanOrEqual(0.011);
    expect(Math.abs(f.durationMs.p95! - 950) / 950).toBeLessThanOrEqual(0.011);
    expect(Math.abs(f.durationMs.p99! - 990) / 990).toBeLessThanOrEqual(0.011);
    const sketch = new QuantileSketch();
    for (let i = 0; i < 1_000_000; i++) sketch.add(1 + (i % 900_000));
    // Buckets 1% apart from 1 ms to 900,000 ms: 1.01^0 to 1.01^1378.
    expect(sketch.bucketCount).toBeLessThanOrEqual(1379);
  });

  it('names the missing flag or config key for REPORT lines without region or architecture', async () => {
    const invocations = await invocationsOfFixture('SnapStart REPORT', 'checkout');
    const agg = new CostAggregator({ table: AWS_LIST_PRICES });
    for (const i of invocations) agg.addInvocation(i);
    const r = buildReport(agg);
    const message =
      'cannot price function "checkout": region unknown (the log group/ARN did not say): pass --region <region> or set functions["checkout"].region in the --config file; architecture unknown (REPORT lines do not carry it): pass --arch x86_64|arm64 or set functions["checkout"].architecture in the --config file';
    expect(r.notPriced).toEqual([
      { functionName: 'checkout', reason: 'missing-region-and-architecture', count: 1, message },
    ]);
    // Listed with what is known of it, its Lambda cost not priced and why.
    expect(r.functions).toHaveLength(1);
    expect(r.functions[0]).toMatchObject({
      functionName: 'checkout',
      region: null,
      architecture: null,
      invocations: 1,
      lambdaCostUsd: 0,
      totalCostUsd: 0,
      memory: { recommendation: 'Region, arch unknown: --region --arch' },
      notPriced: { reason: 'missing-region-and-architecture', message },
    });
    const armOnly = new CostAggregator({ table: AWS_LIST_PRICES, defaults: { region: 'us-east-1' } });
    for (const i of invocations) armOnly.addInvocation(i);
    expect(buildReport(armOnly).notPriced[0]?.reason).toBe('missing-architecture');
    expect(buildReport(armOnly).notPriced[0]?.message).toMatch(/pass --arch x86_64\|arm64/);
    expect(buildReport(armOnly).functions[0]).toMatchObject({ region: 'us-east-1', architecture: null });
    // Input that names no function has no config key until --function-name names it.
    expect(missingMessage('(unknown function)', ['region'])).toBe(
      'cannot price function "(unknown function)": region unknown (the log group/ARN did not say): pass --region <region> or set functions["<name>"].region in the --config file (with --function-name <name>, as the input names none)',
    );
  });

  it('warns about a region the table lacks and reports Managed Instances as not priceable', async () => {
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      defaults: { architecture: 'arm64', region: 'us-east-1' },
    });
    agg.addInvocation(inv('ningxia', '2026-10-05T00:00:00Z', 100, 128, { region: 'cn-north-1' }));
    for (const i of await invocationsOfFixture('Managed Instances report carrying only durationMs', 'mi')) {
      agg.addInvocation(i);
    }
    const r = buildReport(agg);
    // The Region the table lacks is listed, with its architecture; a REPORT with nothing to bill is not.
    expect(
      r.functions.map((f) => [f.functionName, f.region, f.architecture, f.invocations, f.notPriced?.reason]),
    ).toEqual([['ningxia', 'cn-north-1', 'arm64', 1, 'unknown-region']]);
    expect(r.totalCostUsd).toBe(0);
    expect(r.notPriced.map((n) => [n.functionName, n.reason, n.count])).toEqual([
      ['mi', 'no-billed-duration', 1],
      ['ningxia', 'unknown-region', 1],
    ]);
    expect(r.notPriced[1]?.message).toMatch(/no Lambda prices for region "cn-north-1"/);
  });
});
