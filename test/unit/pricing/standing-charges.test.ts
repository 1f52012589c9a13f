import { describe, expect, it } from 'vitest';
import { toUsd } from '../../../pricing/money.ts';
import {
  MissingPriceError,
  provisionedConcurrencyCost,
  snapStartCacheCost,
} from '../../../pricing/standing-charges.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';

describe('standing charges', () => {
  it('bills provisioned concurrency in 5-minute steps', () => {
    // 1 GB × 2 instances × 300 s (61 s rounds up to 5 min) × $0.0000041667
    const cost = provisionedConcurrencyCost(AWS_LIST_PRICES, 'us-east-1', 'x86_64', 1024, 2, 61_000);
    expect(toUsd(cost)).toBeCloseTo(600 * 0.0000041667, 12);
    const arm = provisionedConcurrencyCost(AWS_LIST_PRICES, 'us-east-1', 'arm64', 512, 1, 3_600_000);
    expect(toUsd(arm)).toBeCloseTo(0.5 * 3600 * 0.0000033334, 12);
    // eu-west-1 arm64: not published; derived as 80% of x86_64's 0.0000046460 = 0.0000037168.
    const derived = provisionedConcurrencyCost(AWS_LIST_PRICES, 'eu-west-1', 'arm64', 1024, 1, 300_000);
    expect(toUsd(derived)).toBeCloseTo(300 * 0.0000037168, 15);
    const noPc = {
      ...AWS_LIST_PRICES,
      regions: new Map([
        ['us-east-1', { ...AWS_LIST_PRICES.regions.get('us-east-1')!, arm64: { request: 0n, duration: [] } }],
      ]),
    };
    expect(() => provisionedConcurrencyCost(noPc, 'us-east-1', 'arm64', 512, 1, 1)).toThrow(
      MissingPriceError,
    );
  });

  it('bills the SnapStart cache for at least 3 hours', () => {
    // 2 GB × 10,800 s × $0.0000015046
    expect(toUsd(snapStartCacheCost(AWS_LIST_PRICES, 'us-east-1', 2048, 60_000))).toBeCloseTo(
      2 * 10_800 * 0.0000015046,
      12,
    );
    expect(toUsd(snapStartCacheCost(AWS_LIST_PRICES, 'us-east-1', 1024, 86_400_000))).toBeCloseTo(
      86_400 * 0.0000015046,
      12,
    );
  });
});
