/**
 * Price table shapes and lookup. Tables are dated and cite their source because Lambda
 * prices drift; a region a table lacks is an error for the caller to report, never a
 * silent fall-back to us-east-1.
 */
import { ConfigError } from '../collectors/kernel/index.ts';
import type { Architecture } from '../collectors/model.ts';
import type { Price } from './money.ts';

/** One volume tier: usage from `fromGbSeconds` (inclusive) up to the next tier is billed at `price`. */
export interface DurationTier {
  fromGbSeconds: bigint;
  price: Price;
}

/** Prices that depend on the architecture. */
export interface ArchPrices {
  /** Per request. */
  request: Price;
  /** Per GB-second, ascending tiers; the first starts at 0. */
  duration: DurationTier[];
  /** Per GB-second of configured provisioned concurrency. */
  provisionedConcurrency?: Price | undefined;
  /** Per GB-second of duration while provisioned concurrency is enabled. */
  provisionedDuration?: Price | undefined;
}

export interface RegionPrices {
  region: string;
  x86_64: ArchPrices;
  arm64: ArchPrices;
  /** Per GB-second of ephemeral storage above the free 512 MB. */
  ephemeralStorage: Price;
  /** SnapStart cache, per GB-second (minimum 3 h per published version). */
  snapStartCache?: Price | undefined;
  /** SnapStart restore, per GB restored. */
  snapStartRestore?: Price | undefined;
  /** True when tier 2/3 prices were derived from tier 1 rather than read from a source. */
  derivedTiers?: boolean | undefined;
  /**
   * Prices of this region not read from a source for it but derived (from tier 1, from the
   * x86_64 rate, from a neighbouring region), each named so every report can flag it.
   */
  derived?: readonly string[] | undefined;
}

/** Monthly allowance applied to the account's aggregate when the user asks for it. */
export interface FreeTier {
  requests: bigint;
  gbSeconds: bigint;
}

export interface PriceTable {
  /** ISO date the prices were read. */
  asOf: string;
  /** Where they came from. */
  source: string;
  currency: 'USD';
  regions: ReadonlyMap<string, RegionPrices>;
  freeTier: FreeTier;
  /** CloudWatch Logs ingestion of Lambda's logs (vended logs), when known. */
  logs?: ServiceTable | undefined;
  /** X-Ray traces recorded, when known. */
  xray?: ServiceTable | undefined;
}

/** One volume tier of a service billed by quantity: from `from` units on, `price` per unit. */
export interface VolumeTier {
  from: bigint;
  price: Price;
}

export interface ServiceRegionPrices {
  region: string;
  /** Ascending; the first starts at 0. */
  tiers: VolumeTier[];
  /** What was derived rather than read, for reports to flag. */
  derived?: readonly string[] | undefined;
}

/**
 * Prices of a service Lambda's use bills beside Lambda (CloudWatch Logs, X-Ray): one unit
 * (a GB of 2^30 bytes, a trace), volume tiers per account and Region, a monthly allowance.
 */
export interface ServiceTable {
  service: string;
  unit: 'GB' | 'trace';
  asOf: string;
  source: string;
  regions: ReadonlyMap<string, ServiceRegionPrices>;
  /** Units free per account and month (applied with the free tier). */
  freePerMonth: bigint;
}

export function unknownRegionMessage(region: string, table: PriceTable): string {
  return (
    `no Lambda prices for region "${region}" in the price table (${table.source}, as of ${table.asOf}); ` +
    'pass an AWS Price List offer file with --prices'
  );
}

export class UnknownRegionError extends ConfigError {
  readonly region: string;
  constructor(region: string, table: PriceTable, options?: { cause?: unknown }) {
    super(unknownRegionMessage(region, table), options);
    this.name = 'UnknownRegionError';
    this.region = region;
  }
}

/** The prices of a region, or an UnknownRegionError naming it. */
export function regionPrices(table: PriceTable, region: string): RegionPrices {
  const prices = table.regions.get(region);
  if (!prices) throw new UnknownRegionError(region, table);
  return prices;
}

export function archPrices(prices: RegionPrices, architecture: Architecture): ArchPrices {
  return architecture === 'arm64' ? prices.arm64 : prices.x86_64;
}

/** The first-tier duration price, which per-invocation estimates use. */
export function tierOnePrice(arch: ArchPrices): Price {
  const first = arch.duration[0];
  if (!first) throw new Error('price table has no duration tier');
  return first.price;
}
