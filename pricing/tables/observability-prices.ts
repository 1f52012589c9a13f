/**
 * What Lambda's own observability costs beside Lambda: CloudWatch Logs ingestion of the
 * function's logs and X-Ray traces recorded. Dated, with sources.
 *
 * CloudWatch Logs: since 2025-05-01 Lambda's logs are "vended logs" with volume tiers per
 * account and Region (AWS News, "AWS Lambda introduces tiered pricing for Amazon CloudWatch
 * logs and additional logging destinations"): first 10 TB, next 20 TB, next 20 TB, over
 * 50 TB, Standard log class. us-east-1 as read 2025-10-28 from the AWS Price List,
 * AmazonCloudWatch `USE1-VendedLog-Bytes` ($0.50/$0.25/$0.10/$0.05; cross-check: 60 TB in
 * one month comes to $12,500, as The Duckbill Group computed). The other commercial Regions'
 * Standard vended-log tiers as the AWS Price List gave them on 2025-04-30, compiled per
 * Region by The Duckbill Group (github.com/DuckbillGroup/CloudWatchCashBack,
 * cloudwatch_pricing.json, `vended_logs.to_cloudwatch_logs_standard`); its us-east-1 row
 * agrees with the 2025-10-28 reading. Free tier: 5 GB of log data a month (CloudWatch free
 * tier). A GB is 2^30 bytes. A Region missing here is named as not priced; the
 * AmazonCloudWatch offer file (--prices) fills it.
 *
 * X-Ray: traces recorded per million, the first 100,000 a month free (AWS X-Ray pricing page,
 * us-east-1, $5.00, as of 2026-09-06); the other Regions' rates from the same 2025-04-30
 * compilation (`xray.traces_recorded`: $5.00 everywhere but ap-southeast-5 and
 * ap-southeast-7, $4.25).
 */
import { parsePrice } from '../money.ts';
import type { ServiceRegionPrices, ServiceTable, VolumeTier } from '../price-table.ts';

const GB_PER_TB = 1024n;

/** Region, then $/GB for the first 10 TB, the next 20 TB, the next 20 TB and over 50 TB. */
// biome-ignore format: one Region a row, as the source lists them
const VENDED_LOGS_STANDARD: readonly (readonly [string, string, string, string, string])[] = [
  ['af-south-1', '0.678', '0.339', '0.136', '0.068'],
  ['ap-east-1', '0.80', '0.39', '0.15', '0.08'],
  ['ap-northeast-1', '0.76', '0.38', '0.152', '0.076'],
  ['ap-northeast-2', '0.76', '0.38', '0.152', '0.076'],
  ['ap-northeast-3', '0.76', '0.38', '0.152', '0.076'],
  ['ap-south-1', '0.67', '0.335', '0.134', '0.067'],
  ['ap-south-2', '0.67', '0.335', '0.134', '0.067'],
  ['ap-southeast-1', '0.70', '0.35', '0.14', '0.07'],
  ['ap-southeast-2', '0.67', '0.335', '0.134', '0.067'],
  ['ap-southeast-3', '0.70', '0.35', '0.14', '0.07'],
  ['ap-southeast-4', '0.67', '0.335', '0.134', '0.067'],
  ['ap-southeast-5', '0.50', '0.25', '0.10', '0.05'],
  ['ap-southeast-7', '0.50', '0.25', '0.10', '0.05'],
  ['ca-central-1', '0.55', '0.275', '0.11', '0.055'],
  ['ca-west-1', '0.55', '0.275', '0.11', '0.055'],
  ['eu-central-1', '0.63', '0.315', '0.126', '0.063'],
  ['eu-central-2', '0.69', '0.347', '0.139', '0.069'],
  ['eu-north-1', '0.54', '0.271', '0.108', '0.054'],
  ['eu-south-1', '0.60', '0.30', '0.12', '0.06'],
  ['eu-south-2', '0.57', '0.285', '0.114', '0.057'],
  ['eu-west-1', '0.57', '0.285', '0.114', '0.057'],
  ['eu-west-2', '0.5985', '0.2993', '0.1197', '0.0599'],
  ['eu-west-3', '0.5985', '0.2993', '0.1197', '0.0599'],
  ['il-central-1', '0.50', '0.25', '0.10', '0.05'],
  ['me-central-1', '0.63', '0.314', '0.125', '0.063'],
  ['me-south-1', '0.63', '0.314', '0.125', '0.063'],
  ['mx-central-1', '0.50', '0.25', '0.10', '0.05'],
  ['sa-east-1', '0.90', '0.45', '0.18', '0.09'],
  ['us-east-1', '0.50', '0.25', '0.10', '0.05'],
  ['us-east-2', '0.50', '0.25', '0.10', '0.05'],
  ['us-west-1', '0.67', '0.335', '0.134', '0.067'],
  ['us-west-2', '0.50', '0.25', '0.10', '0.05'],
];

const TIER_STARTS_TB = [0n, 10n, 30n, 50n] as const;

function vendedLogTiers(prices: readonly string[]): VolumeTier[] {
  return TIER_STARTS_TB.map((tb, i) => ({ from: tb * GB_PER_TB, price: parsePrice(prices[i] ?? '0') }));
}

export const CLOUDWATCH_LOGS_PRICES: ServiceTable = {
  service: 'CloudWatch Logs ingestion (vended logs, Standard class)',
  unit: 'GB',
  asOf: '2025-10-28',
  source:
    'AWS Price List AmazonCloudWatch VendedLog-Bytes (built-in table; Regions other than us-east-1 as of 2025-04-30)',
  regions: new Map(
    VENDED_LOGS_STANDARD.map(([region, ...prices]): [string, ServiceRegionPrices] => [
      region,
      { region, tiers: vendedLogTiers(prices) },
    ]),
  ),
  freePerMonth: 5n,
};

/** Regions whose X-Ray rate differs from $5.00 per million traces recorded. */
const XRAY_PER_MILLION: ReadonlyMap<string, string> = new Map([
  ['ap-southeast-5', '4.25'],
  ['ap-southeast-7', '4.25'],
]);

export const XRAY_PRICES: ServiceTable = {
  service: 'X-Ray traces recorded',
  unit: 'trace',
  asOf: '2026-09-06',
  source: 'AWS X-Ray pricing page (built-in table; Regions other than us-east-1 as of 2025-04-30)',
  regions: new Map(
    VENDED_LOGS_STANDARD.map(([region]): [string, ServiceRegionPrices] => [
      region,
      {
        region,
        tiers: [{ from: 0n, price: parsePrice(XRAY_PER_MILLION.get(region) ?? '5.00') / 1_000_000n }],
      },
    ]),
  ),
  freePerMonth: 100_000n,
};
