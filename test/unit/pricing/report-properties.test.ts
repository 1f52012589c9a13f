/**
 * Properties of any report, whatever usage it holds (accounts, Regions, architectures,
 * tier crossings, provisioned environments, logs, traces, free tier or not, accounts
 * billed alone or together): its total is exactly the sum of its rows, account lines and
 * standing charges; the accounts add up to it; every priced invocation is in one row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFunctionConfigs } from '../../../pricing/context.ts';
import { CostAggregator, type UsageInput } from '../../../pricing/report/aggregator.ts';
import { buildReport } from '../../../pricing/report/build.ts';
import { monthPeriod } from '../../../pricing/report/period.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';
import { add, dec } from './decimal.ts';

const usageArb = fc.record({
  functionName: fc.constantFrom('api', 'worker', 'cron'),
  region: fc.constantFrom('us-east-1', 'eu-west-1', 'eu-south-1', 'me-central-1', 'cn-north-1'),
  accountId: fc.constantFrom('111111111111', '222222222222', null),
  architecture: fc.constantFrom('x86_64' as const, 'arm64' as const),
  day: fc.integer({ min: 1, max: 31 }),
  status: fc.constantFrom('success' as const, 'timeout' as const, 'error' as const),
  count: fc.integer({ min: 1, max: 5_000_000 }),
  memorySizeMB: fc.constantFrom(128, 1024, 1769, 10_240),
  // Up to 8e11 ms at 10 GB: past the 6e9 GB-s tier in one group.
  billedMs: fc.integer({ min: 0, max: 800_000_000_000 }),
  provisioned: fc.boolean(),
  traced: fc.integer({ min: 0, max: 200_000 }),
  logBytes: fc.integer({ min: 0, max: 2 ** 44 }),
});

describe('report totals', () => {
  it('equal the sum of the rows, account lines and standing charges, across accounts and tiers', () => {
    fc.assert(
      fc.property(
        fc.array(usageArb, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        (groups, freeTier, consolidatedBilling) => {
          const agg = new CostAggregator({
            table: AWS_LIST_PRICES,
            period: monthPeriod('2026-10'),
            configs: parseFunctionConfigs(
              {
                functions: {
                  cron: { provisionedConcurrency: 1, memorySizeMB: 512, provisionedConcurrencyHours: 5 },
                },
              },
              'test',
            ),
          });
          let records = 0;
          for (const g of groups) {
            const dayMs = Date.UTC(2026, 9, g.day);
            const input: UsageInput = {
              ...g,
              groupKey: `/aws/lambda/${g.functionName}`,
              dayMs,
              coldStarts: 0,
              coldStartBilledMs: 0,
              restores: 0,
              maxMemoryUsedMB: 64,
            };
            agg.countRecords('current', g.count);
            agg.addUsage('current', input);
            agg.addLogBytes(input.groupKey as string, dayMs, g.logBytes);
            records += g.count;
          }
          const r = buildReport(agg, { freeTier, consolidatedBilling });
          const rows = add(...r.functions.map((f) => dec(f.exact.total ?? '0')));
          const lines = add(...r.adjustments.map((a) => dec(a.exactUsd)));
          const standing = add(...r.standing.map((s) => dec(s.exactUsd ?? '0')));
          expect(dec(r.exact.total as string)).toBe(rows + lines + standing);
          expect(dec(r.exact.rows as string)).toBe(rows);
          expect(add(...r.accounts.map((a) => dec(a.exact.total as string)))).toBe(
            dec(r.exact.total as string),
          );
          // Every invocation is priced in one row or counted as not priced, never both.
          expect(r.coverage.invocations).toBe(records);
          expect(r.coverage.priced + r.coverage.notPriced).toBe(records);
          // The table lists them all as the headline counts them: priced rows and rows not priced.
          const listed = (notPriced: boolean) =>
            r.functions
              .filter((f) => (f.notPriced !== undefined) === notPriced)
              .reduce((n, f) => n + f.invocations, 0);
          expect(listed(false)).toBe(r.coverage.priced);
          expect(listed(true)).toBe(r.coverage.notPriced);
          // The daily chart has every day of October, and the tier and free-tier lines never add money.
          expect(r.daily).toHaveLength(31);
          for (const a of r.adjustments) expect(dec(a.exactUsd) <= 0n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
