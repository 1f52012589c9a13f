/**
 * Built-in Lambda list prices (USD), as of 2026-09-06.
 *
 * Sources: the AWS Lambda pricing page (https://aws.amazon.com/lambda/pricing/, worked
 * examples) for us-east-1; per-region duration, request, ephemeral-storage and provisioned
 * concurrency rates from the AWS Pricing Calculator metered-unit map
 * (https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json);
 * tier boundaries from the AWS Compute Blog "Introducing tiered pricing for AWS Lambda".
 * me-central-1 (UAE): x86_64 duration, requests and provisioned rates from the AWS Savings
 * Plans pricing page's on-demand column for Middle East (UAE). ap-southeast-3 (Jakarta):
 * x86_64 duration from janritter/aws-lambda-live-tuner's regional table (2022).
 * il-central-1 (Tel Aviv): x86_64 duration and requests from a public third-party table,
 * not confirmed by an AWS source.
 *
 * What those sources did not give is derived and named in each region's `derived` list,
 * which every report prints: tier 2 and 3 outside us-east-1 (90% and 80% of tier 1, the
 * us-east-1 ratios, rounded to 10 decimals); arm64 rates the source lacks (80% of x86_64,
 * the ratio in every region that publishes both); storage and provisioned rates of the
 * newer regions (from the nearest region, or scaled by the x86_64 duration ratio). SnapStart
 * cache and restore rates were published for us-east-1 only: elsewhere they are unknown and
 * reports say so instead of charging $0. Regions priced in other currencies (China),
 * GovCloud and regions no source covered are absent: load an offer file with --prices.
 */
import { parsePrice } from '../money.ts';
import type { ArchPrices, DurationTier, PriceTable, RegionPrices } from '../price-table.ts';
import { CLOUDWATCH_LOGS_PRICES, XRAY_PRICES } from './observability-prices.ts';

const GBS = 1_000_000_000n;
const X86_TIERS = [0n, 6n * GBS, 15n * GBS];
const ARM_TIERS = [0n, 7_500_000_000n, 18_750_000_000n];
/** 1e-10 USD in atto-dollars: the precision AWS publishes Lambda rates to. */
const STEP = 100_000_000n;

function round(v: bigint): bigint {
  return ((v + STEP / 2n) / STEP) * STEP;
}

/** `rate × numerator / denominator`, rounded half-up to 1e-10 USD. */
function scaled(rate: bigint, numerator: bigint, denominator: bigint): bigint {
  return round((rate * numerator) / denominator);
}

function tiers(starts: bigint[], tier1: bigint, explicit?: [string, string]): DurationTier[] {
  return [
    { fromGbSeconds: starts[0] ?? 0n, price: tier1 },
    { fromGbSeconds: starts[1] ?? 0n, price: explicit ? parsePrice(explicit[0]) : scaled(tier1, 9n, 10n) },
    { fromGbSeconds: starts[2] ?? 0n, price: explicit ? parsePrice(explicit[1]) : scaled(tier1, 8n, 10n) },
  ];
}

interface Row {
  x86: string;
  /** Absent: 80% of x86_64, derived. */
  arm?: string;
  requestsPerMillion: string;
  storage: string;
  pc: string;
  pcDuration: string;
  /** What of this row was derived rather than read (beyond tiers and arm64 provisioned rates). */
  derived?: string[];
}

const US_EAST_1: Row = {
  x86: '0.0000166667',
  arm: '0.0000133334',
  requestsPerMillion: '0.20',
  storage: '0.0000000309',
  pc: '0.0000041667',
  pcDuration: '0.0000097222',
};

function same(storage: string, pc: string, pcDuration: string): Row {
  return { ...US_EAST_1, storage, pc, pcDuration };
}

const ROWS: Record<string, Row> = {
  'us-east-1': US_EAST_1,
  'us-east-2': US_EAST_1,
  'us-west-2': US_EAST_1,
  'us-west-1': same('0.0000000370', '0.0000049041', '0.0000114430'),
  'ca-central-1': same('0.0000000340', '0.0000046460', '0.0000108407'),
  'sa-east-1': same('0.0000000586', '0.0000066372', '0.0000154867'),
  'eu-west-1': same('0.0000000340', '0.0000046460', '0.0000108407'),
  'eu-west-2': same('0.0000000358', '0.0000048304', '0.0000112709'),
  'eu-west-3': same('0.0000000358', '0.0000048673', '0.0000113569'),
  'eu-central-1': same('0.0000000367', '0.0000050147', '0.0000117011'),
  'eu-north-1': same('0.0000000323', '0.0000044248', '0.0000103245'),
  'eu-south-1': {
    x86: '0.0000195172',
    arm: '0.0000156138',
    requestsPerMillion: '0.23',
    storage: '0.0000000357',
    pc: '0.0000048783',
    pcDuration: '0.0000113827',
  },
  'eu-central-2': {
    x86: '0.0000183334',
    arm: '0.0000146667',
    requestsPerMillion: '0.22',
    storage: '0.0000000441',
    pc: '0.0000055162',
    pcDuration: '0.0000128712',
  },
  'ap-south-1': same('0.0000000352', '0.0000044985', '0.0000104966'),
  'ap-northeast-1': same('0.0000000370', '0.0000053835', '0.0000125615'),
  'ap-northeast-2': same('0.0000000352', '0.0000051254', '0.0000119592'),
  'ap-northeast-3': same('0.0000000370', '0.0000053835', '0.0000125615'),
  'ap-southeast-1': same('0.0000000370', '0.0000051991', '0.0000121313'),
  'ap-southeast-2': same('0.0000000370', '0.0000052360', '0.0000122173'),
  'ap-southeast-4': same('0.0000000370', '0.0000052360', '0.0000122173'),
  'ap-southeast-5': {
    x86: '0.0000150000',
    arm: '0.0000120000',
    requestsPerMillion: '0.18',
    storage: '0.0000000333',
    pc: '0.0000046791',
    pcDuration: '0.0000109181',
  },
  'ap-east-1': {
    x86: '0.0000229200',
    arm: '0.0000183000',
    requestsPerMillion: '0.28',
    storage: '0.0000000407',
    pc: '0.0000057153',
    pcDuration: '0.0000133358',
  },
  'af-south-1': {
    x86: '0.0000221000',
    arm: '0.0000176800',
    requestsPerMillion: '0.27',
    storage: '0.0000000404',
    pc: '0.0000055300',
    pcDuration: '0.0000129000',
  },
  'me-south-1': {
    x86: '0.0000206667',
    arm: '0.0000165334',
    requestsPerMillion: '0.25',
    storage: '0.0000000374',
    pc: '0.0000051108',
    pcDuration: '0.0000119251',
  },
  // Savings Plans page, Middle East (UAE), on-demand column: the same rates as me-south-1.
  'me-central-1': {
    x86: '0.0000206667',
    requestsPerMillion: '0.25',
    storage: '0.0000000374',
    pc: '0.0000051108',
    pcDuration: '0.0000119251',
    derived: ['ephemeral storage (me-south-1 rate)'],
  },
  'ap-southeast-3': {
    x86: '0.0000166667',
    requestsPerMillion: '0.20',
    storage: '0.0000000370',
    pc: '0.0000051991',
    pcDuration: '0.0000121313',
    derived: ['requests, ephemeral storage and provisioned concurrency (ap-southeast-1 rates)'],
  },
  'il-central-1': {
    x86: '0.0000175000',
    requestsPerMillion: '0.21',
    // us-east-1's rates × 0.0000175 / 0.0000166667, rounded to 10 decimals.
    storage: '0.0000000324',
    pc: '0.0000043750',
    pcDuration: '0.0000102083',
    derived: [
      'x86_64 duration and requests (third-party figure, unconfirmed)',
      'ephemeral storage and provisioned concurrency (us-east-1 rates scaled by the duration ratio)',
    ],
  },
};

/** arm64 provisioned rates are published for us-east-1; elsewhere they are 80% of x86_64. */
const US_EAST_1_ARM_PC = { pc: '0.0000033334', pcDuration: '0.0000077778' };

function buildRegion(region: string, row: Row): RegionPrices {
  const request = parsePrice(row.requestsPerMillion) / 1_000_000n;
  const isUsEast1Rates = row.x86 === US_EAST_1.x86 && row.arm === US_EAST_1.arm;
  const x86Rate = parsePrice(row.x86);
  const armRate = row.arm ? parsePrice(row.arm) : scaled(x86Rate, 8n, 10n);
  const pc = parsePrice(row.pc);
  const pcDuration = parsePrice(row.pcDuration);
  const published = region === 'us-east-1';
  const x86: ArchPrices = {
    request,
    duration: tiers(X86_TIERS, x86Rate, isUsEast1Rates ? ['0.000015', '0.0000133334'] : undefined),
    provisionedConcurrency: pc,
    provisionedDuration: pcDuration,
  };
  const arm: ArchPrices = {
    request,
    duration: tiers(ARM_TIERS, armRate, isUsEast1Rates ? ['0.0000120001', '0.0000106667'] : undefined),
    provisionedConcurrency: published ? parsePrice(US_EAST_1_ARM_PC.pc) : scaled(pc, 8n, 10n),
    provisionedDuration: published ? parsePrice(US_EAST_1_ARM_PC.pcDuration) : scaled(pcDuration, 8n, 10n),
  };
  const derived: string[] = [];
  if (!published) derived.push('duration tiers 2-3 (90%/80% of tier 1)');
  if (!row.arm) derived.push('arm64 duration (80% of x86_64)');
  if (!published) derived.push('arm64 provisioned concurrency (80% of x86_64)');
  derived.push(...(row.derived ?? []));
  return {
    region,
    x86_64: x86,
    arm64: arm,
    ephemeralStorage: parsePrice(row.storage),
    // SnapStart rates were published for us-east-1 only.
    snapStartCache: published ? parsePrice('0.0000015046') : undefined,
    snapStartRestore: published ? parsePrice('0.0001397998') : undefined,
    derivedTiers: !published,
    derived,
  };
}

/** The built-in table. */
export const AWS_LIST_PRICES: PriceTable = {
  asOf: '2026-09-06',
  source: 'AWS Lambda pricing page and AWS Pricing Calculator lambda.json (built-in table)',
  currency: 'USD',
  regions: new Map(Object.entries(ROWS).map(([region, row]) => [region, buildRegion(region, row)])),
  freeTier: { requests: 1_000_000n, gbSeconds: 400_000n },
  logs: CLOUDWATCH_LOGS_PRICES,
  xray: XRAY_PRICES,
};
