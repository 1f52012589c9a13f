import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { emptyInvocation, type Invocation } from '../../../collectors/model.ts';
import { estimate } from '../../../pricing/estimate.ts';
import { MBMS_PER_GBS, parsePrice, toUsd, UNITS_PER_USD } from '../../../pricing/money.ts';
import { UnknownRegionError } from '../../../pricing/price-table.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';
import { invocationsOfFixture } from './fixture-blocks.ts';

const EXACT = 12; // decimal places: 1e-12 USD

function report(billedMs: number, memoryMB: number, extra: Partial<Invocation> = {}): Invocation {
  return {
    ...emptyInvocation('r'),
    billedDurationMs: billedMs,
    memorySizeMB: memoryMB,
    durationMs: billedMs - 0.5,
    ...extra,
  };
}

function priced(e: ReturnType<typeof estimate>) {
  if (!e.priceable) throw new Error(`expected a priced estimate, got ${e.reason}`);
  return e;
}

describe('estimate', () => {
  it('prices 100 ms at 128 MB, x86_64, us-east-1 as Datadog and the pricing page do', () => {
    const e = priced(
      estimate(report(100, 128), { region: 'us-east-1', architecture: 'x86_64' }, AWS_LIST_PRICES),
    );
    expect(e.totalUsd).toBeCloseTo(4.0833375e-7, EXACT);
    expect(e.exact.total).toBe((4_0833375n * UNITS_PER_USD) / 10n ** 14n);
    expect(e.computeUsd).toBeCloseTo(2.0833375e-7, EXACT);
    expect(e.requestUsd).toBeCloseTo(2e-7, EXACT);
    expect(e.gbSeconds).toBe(0.0125);
    expect(e.ephemeralStorageUsd).toBe(0);
  });

  it('prices a 2,048 MB arm64 function in eu-south-1 at Milan rates', () => {
    // 1,000 ms × 2 GB = 2 GB-s × $0.0000156138 + $0.23 / 1M
    const e = priced(
      estimate(report(1000, 2048), { region: 'eu-south-1', architecture: 'arm64' }, AWS_LIST_PRICES),
    );
    expect(e.computeUsd).toBeCloseTo(0.0000312276, EXACT);
    expect(e.requestUsd).toBeCloseTo(2.3e-7, EXACT);
    expect(e.totalUsd).toBeCloseTo(0.0000314576, EXACT);
  });

  it('adds ephemeral storage above the free 512 MB', () => {
    // (10,240 − 512) / 1024 = 9.5 GB × 1 s × $0.0000000309 = $2.9355e-7
    const e = priced(
      estimate(
        report(1000, 128),
        { region: 'us-east-1', architecture: 'x86_64', ephemeralStorageMB: 10_240 },
        AWS_LIST_PRICES,
      ),
    );
    expect(e.ephemeralStorageUsd).toBeCloseTo(2.9355e-7, EXACT);
    expect(e.totalUsd).toBeCloseTo(2.0833375e-6 + 2e-7 + 2.9355e-7, EXACT);
    const free = priced(
      estimate(
        report(1000, 128),
        { region: 'us-east-1', architecture: 'x86_64', ephemeralStorageMB: 512 },
        AWS_LIST_PRICES,
      ),
    );
    expect(free.ephemeralStorageUsd).toBe(0);
  });

  it('bills a SnapStart line from Billed Duration alone: the billed restore is already inside it', async () => {
    const [inv] = await invocationsOfFixture('SnapStart REPORT');
    expect(inv?.billedDurationMs).toBe(500);
    expect(inv?.billedRestoreDurationMs).toBe(75);
    const e = priced(estimate(inv!, { region: 'us-east-1', architecture: 'x86_64' }, AWS_LIST_PRICES));
    // 0.5 s × 1 GB × $0.0000166667 + $0.0000002 — not 575 ms.
    expect(e.computeUsd).toBeCloseTo(8.33335e-6, EXACT);
    expect(e.totalUsd).toBeCloseTo(8.53335e-6, EXACT);
    // Cold-start share: 500 − ceil(469.40) = 30 ms × 1 GB
    expect(e.coldStartUsd).toBeCloseTo(0.03 * 0.0000166667, EXACT);
    expect(e.snapStartRestoreUsd).toBe(0);
    const python = priced(
      estimate(
        inv!,
        { region: 'us-east-1', architecture: 'x86_64', chargeSnapStartRestore: true },
        AWS_LIST_PRICES,
      ),
    );
    // Python/.NET restores: 1 GB × $0.0001397998 per GB restored.
    expect(python.snapStartRestoreUsd).toBeCloseTo(0.0001397998, EXACT);
    expect(python.totalUsd).toBeCloseTo(8.53335e-6 + 0.0001397998, EXACT);
  });

  it('bills a post-2025-08-01 cold start with INIT inside Billed Duration', async () => {
    const [cold, warm] = await invocationsOfFixture('AFTER Aug-2025');
    expect(cold?.coldStart).toBe(true);
    expect(cold?.region).toBe('eu-central-1');
    const ctx = { region: cold!.region!, architecture: 'x86_64' as const };
    const c = priced(estimate(cold!, ctx, AWS_LIST_PRICES));
    // 1,698 ms × 0.25 GB = 0.4245 GB-s × $0.0000166667 = $7.07501415e-6
    expect(c.computeUsd).toBeCloseTo(7.07501415e-6, EXACT);
    expect(c.totalUsd).toBeCloseTo(7.27501415e-6, EXACT);
    // INIT share: 1,698 − ceil(1,233.96) = 464 ms × 0.25 GB = 0.116 GB-s
    expect(c.coldStartUsd).toBeCloseTo(0.116 * 0.0000166667, EXACT);
    const w = priced(estimate(warm!, ctx, AWS_LIST_PRICES));
    expect(w.totalUsd).toBeCloseTo(0.26825 * 0.0000166667 + 2e-7, EXACT);
    expect(w.coldStartUsd).toBe(0);
  });

  it('reports a Lambda Managed Instances record as not priceable, never as zero', async () => {
    const [managed] = await invocationsOfFixture('Managed Instances report carrying only durationMs');
    expect(managed?.billedDurationMs).toBeNull();
    const e = estimate(managed!, { region: 'us-east-1', architecture: 'arm64' }, AWS_LIST_PRICES);
    expect(e).toMatchObject({ priceable: false, reason: 'no-billed-duration' });
  });

  it('refuses a region the table lacks instead of using us-east-1 prices', () => {
    expect(() =>
      estimate(report(100, 128), { region: 'cn-north-1', architecture: 'x86_64' }, AWS_LIST_PRICES),
    ).toThrow(UnknownRegionError);
    expect(() =>
      estimate(report(100, 128), { region: 'xx-nowhere-9', architecture: 'x86_64' }, AWS_LIST_PRICES),
    ).toThrow(/no Lambda prices for region "xx-nowhere-9".*--prices/);
  });
});

describe('money', () => {
  it('parses decimal and exponent prices exactly', () => {
    expect(parsePrice('0.0000166667')).toBe(16_666_700_000_000n);
    expect(parsePrice('2E-7')).toBe(200_000_000_000n);
    expect(parsePrice('0.0000166667000')).toBe(16_666_700_000_000n);
    expect(() => parsePrice('abc', 'row 3')).toThrow(/row 3: "abc" is not a decimal price/);
    expect(() => parsePrice('1e-19')).toThrow(/more precision/);
  });

  it('sums a million invocation costs without drift', () => {
    let exact = 0n;
    let naive = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const e = priced(
        estimate(report(100, 128), { region: 'us-east-1', architecture: 'x86_64' }, AWS_LIST_PRICES),
      );
      exact += e.exact.total;
      naive += e.totalUsd;
    }
    expect(toUsd(exact)).toBe(0.40833375);
    expect(exact).toBe(
      1_000_000n * 12_800n * 16_666_700_000_000n + 1_000_000n * 200_000_000_000n * MBMS_PER_GBS,
    );
    // The float sum is what the exact path protects against.
    expect(Math.abs(naive - 0.40833375)).toBeGreaterThan(0);
  });
});

describe('fixture file', () => {
  it('keeps its source lines', async () => {
    const text = await readFile(new URL('../../fixtures/pricing-report-lines.txt', import.meta.url), 'utf8');
    expect(text.match(/^# source: /gm)?.length).toBe(3);
  });
});
