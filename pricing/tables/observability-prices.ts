/**
 * What Lambda's own observability costs beside Lambda: CloudWatch Logs ingestion of the
 * function's logs and X-Ray traces recorded. Dated, with sources.
 *
 * CloudWatch Logs, as of 2025-10-28: since 2025-05-01 Lambda's logs are "vended logs" with
 * volume tiers per account and Region (AWS News, "AWS Lambda introduces tiered pricing for
 * Amazon CloudWatch logs and additional logging destinations"). us-east-1 Standard class:
 * first 10 TB $0.50/GB, next 20 TB $0.25/GB, next 20 TB $0.10/GB, over 50 TB $0.05/GB (AWS
 * Price List, AmazonCloudWatch `USE1-VendedLog-Bytes`, as read 2025-10-28 in a public
 * snapshot; cross-check: 60 TB in one month comes to $12,500, as The Duckbill Group
 * computed). Free tier: 5 GB of log data a month (CloudWatch free tier). A GB is 2^30
 * bytes. Other Regions' vended-log rates were not in the sources: reports name them as not
 * priced; pass the AmazonCloudWatch offer file with --prices.
 *
 * X-Ray: $5.00 per million traces recorded, the first 100,000 a month free (AWS X-Ray
 * pricing page, us-east-1; cross-checked with a 2026 third-party summary). The same rate
 * elsewhere is assumed, and flagged as derived.
 */
import { parsePrice } from '../money.ts';
import type { ServiceRegionPrices, ServiceTable, VolumeTier } from '../price-table.ts';

const GB_PER_TB = 1024n;

const VENDED_LOGS_US_EAST_1: VolumeTier[] = [
  { from: 0n, price: parsePrice('0.50') },
  { from: 10n * GB_PER_TB, price: parsePrice('0.25') },
  { from: 30n * GB_PER_TB, price: parsePrice('0.10') },
  { from: 50n * GB_PER_TB, price: parsePrice('0.05') },
];

export const CLOUDWATCH_LOGS_PRICES: ServiceTable = {
  service: 'CloudWatch Logs ingestion (vended logs, Standard class)',
  unit: 'GB',
  asOf: '2025-10-28',
  source: 'AWS Price List AmazonCloudWatch VendedLog-Bytes (built-in table)',
  regions: new Map([['us-east-1', { region: 'us-east-1', tiers: VENDED_LOGS_US_EAST_1 }]]),
  freePerMonth: 5n,
};

/** Regions whose X-Ray rate is taken to be us-east-1's. */
const XRAY_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-east-1',
  'af-south-1',
  'me-south-1',
  'me-central-1',
  'il-central-1',
];

const XRAY_TIERS: VolumeTier[] = [{ from: 0n, price: parsePrice('5.00') / 1_000_000n }];

export const XRAY_PRICES: ServiceTable = {
  service: 'X-Ray traces recorded',
  unit: 'trace',
  asOf: '2026-09-06',
  source: 'AWS X-Ray pricing page (built-in table)',
  regions: new Map(
    XRAY_REGIONS.map((region): [string, ServiceRegionPrices] => [
      region,
      {
        region,
        tiers: XRAY_TIERS,
        derived: region === 'us-east-1' ? undefined : ['rate assumed equal to us-east-1'],
      },
    ]),
  ),
  freePerMonth: 100_000n,
};
