/**
 * Built-in Lambda list prices (USD), as of 2026-09-06.
 *
 * Sources: the AWS Lambda pricing page (https://aws.amazon.com/lambda/pricing/, worked
 * examples) for us-east-1; per-region duration, request, ephemeral-storage and provisioned
 * concurrency rates from the AWS Pricing Calculator metered-unit map
 * (https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json);
 * tier boundaries from the AWS Compute Blog "Introducing tiered pricing for AWS Lambda".
 *
 * Tier 2 and 3 prices outside us-east-1 were not published in those sources; they are
 * derived as 90% and 80% of tier 1 rounded to 10 decimals (which reproduces the us-east-1
 * list exactly) and flagged `derivedTiers`. Regions priced in other currencies (China) or
 * whose rates the sources did not give in full (me-central-1, il-central-1, GovCloud) are
 * absent: load an offer file with --prices for them.
 */
import { parsePrice } from '../money.ts';
import type { ArchPrices, DurationTier, PriceTable, RegionPrices } from '../price-table.ts';

const GBS = 1_000_000_000n;
const X86_TIERS = [0n, 6n * GBS, 15n * GBS];
const ARM_TIERS = [0n, 7_500_000_000n, 18_750_000_000n];

/** Tier 1 × 0.9 and × 0.8, rounded half-up to 1e-10 USD (1e8 atto). */
function derivedTiers(starts: bigint[], tier1: string, explicit?: [string, string]): DurationTier[] {
  const p1 = parsePrice(tier1);
  const step = 100_000_000n;
  const round = (v: bigint): bigint => ((v + step / 2n) / step) * step;
  const p2 = explicit ? parsePrice(explicit[0]) : round((p1 * 9n) / 10n);
  const p3 = explicit ? parsePrice(explicit[1]) : round((p1 * 8n) / 10n);
  return [
    { fromGbSeconds: starts[0] ?? 0n, price: p1 },
    { fromGbSeconds: starts[1] ?? 0n, price: p2 },
    { fromGbSeconds: starts[2] ?? 0n, price: p3 },
  ];
}

interface Row {
  x86: string;
  arm: string;
  requestsPerMillion: string;
  storage: string;
  pc: string;
  pcDuration: string;
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
};

/** Published arm64 provisioned rates exist for us-east-1 only; other regions leave them unknown. */
const US_EAST_1_ARM_PC = { pc: '0.0000033334', pcDuration: '0.0000077778' };

function buildRegion(region: string, row: Row): RegionPrices {
  const request = parsePrice(row.requestsPerMillion) / 1_000_000n;
  const isUsEast1Rates = row.x86 === US_EAST_1.x86;
  const x86: ArchPrices = {
    request,
    duration: derivedTiers(X86_TIERS, row.x86, isUsEast1Rates ? ['0.000015', '0.0000133334'] : undefined),
    provisionedConcurrency: parsePrice(row.pc),
    provisionedDuration: parsePrice(row.pcDuration),
  };
  const arm: ArchPrices = {
    request,
    duration: derivedTiers(ARM_TIERS, row.arm, isUsEast1Rates ? ['0.0000120001', '0.0000106667'] : undefined),
    provisionedConcurrency: region === 'us-east-1' ? parsePrice(US_EAST_1_ARM_PC.pc) : undefined,
    provisionedDuration: region === 'us-east-1' ? parsePrice(US_EAST_1_ARM_PC.pcDuration) : undefined,
  };
  return {
    region,
    x86_64: x86,
    arm64: arm,
    ephemeralStorage: parsePrice(row.storage),
    // SnapStart rates were published for us-east-1 only.
    snapStartCache: region === 'us-east-1' ? parsePrice('0.0000015046') : undefined,
    snapStartRestore: region === 'us-east-1' ? parsePrice('0.0001397998') : undefined,
    derivedTiers: region !== 'us-east-1',
  };
}

/** The built-in table. */
export const AWS_LIST_PRICES: PriceTable = {
  asOf: '2026-09-06',
  source: 'AWS Lambda pricing page and AWS Pricing Calculator lambda.json (built-in table)',
  currency: 'USD',
  regions: new Map(Object.entries(ROWS).map(([region, row]) => [region, buildRegion(region, row)])),
  freeTier: { requests: 1_000_000n, gbSeconds: 400_000n },
};
