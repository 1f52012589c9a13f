/**
 * Cost of one invocation, from what Lambda billed. Billed Duration is never recomputed:
 * since 2025-08-01 it already holds INIT for on-demand ZIP functions, and for SnapStart it
 * already holds the billed restore. Volume tiers and the free tier apply to monthly
 * aggregates, so this uses first-tier prices; the monthly report adjusts.
 */
import type { Architecture, Invocation } from '../collectors/model.ts';
import { gbSecondCost, type Money, toGbSeconds, toUsd, unitCost } from './money.ts';
import { archPrices, type PriceTable, type RegionPrices, regionPrices, tierOnePrice } from './price-table.ts';

/** What the logs do not say but pricing needs. */
export interface PricingContext {
  region: string;
  architecture: Architecture;
  /** Configured /tmp size; 512 MB is free. */
  ephemeralStorageMB?: number | undefined;
  /** Charge SnapStart restores (Python and .NET runtimes; Java managed runtimes are not charged). */
  chargeSnapStartRestore?: boolean | undefined;
}

/** The fields of an invocation pricing reads. */
export type BillingRecord = Pick<
  Invocation,
  'billedDurationMs' | 'memorySizeMB' | 'durationMs' | 'coldStart' | 'restoreDurationMs'
>;

export interface CostBreakdown {
  priceable: true;
  /** Billed ms × memory MB: the exact GB-second measure (÷ 1,024,000). */
  mbMs: bigint;
  gbSeconds: number;
  computeUsd: number;
  requestUsd: number;
  ephemeralStorageUsd: number;
  snapStartRestoreUsd: number;
  /** The part of compute billed for INIT/restore on a cold start (already inside compute). */
  coldStartUsd: number;
  totalUsd: number;
  exact: {
    compute: Money;
    request: Money;
    ephemeralStorage: Money;
    snapStartRestore: Money;
    coldStart: Money;
    total: Money;
  };
}

export type NotPriceableReason = 'no-billed-duration' | 'no-memory-size';

export interface NotPriceable {
  priceable: false;
  reason: NotPriceableReason;
  message: string;
}

export type Estimate = CostBreakdown | NotPriceable;

/** Billed ms spent outside the handler on a cold start: billed minus the handler's own rounded-up duration. */
export function coldStartBilledMs(record: BillingRecord): number {
  if (!record.coldStart || record.billedDurationMs === null || record.durationMs === null) return 0;
  return Math.max(0, record.billedDurationMs - Math.ceil(record.durationMs));
}

/** Prices one invocation; throws UnknownRegionError when the table lacks the region. */
export function estimate(record: BillingRecord, context: PricingContext, table: PriceTable): Estimate {
  if (record.billedDurationMs === null) {
    return {
      priceable: false,
      reason: 'no-billed-duration',
      message:
        'no Billed Duration in the report (Lambda Managed Instances or a truncated record): not priceable from logs',
    };
  }
  if (record.memorySizeMB === null) {
    return {
      priceable: false,
      reason: 'no-memory-size',
      message: 'no Memory Size in the report: not priceable',
    };
  }
  const cost = usageCost(regionPrices(table, context.region), context.architecture, {
    count: 1,
    billedMs: BigInt(record.billedDurationMs),
    memorySizeMB: record.memorySizeMB,
    ephemeralStorageMB: context.ephemeralStorageMB ?? 512,
    chargedRestores: context.chargeSnapStartRestore && record.restoreDurationMs !== null ? 1 : 0,
    coldStartBilledMs: BigInt(coldStartBilledMs(record)),
  });
  const { mbMs, compute, request, ephemeralStorage, snapStartRestore, coldStart, total } = cost;
  return {
    priceable: true,
    mbMs,
    gbSeconds: toGbSeconds(mbMs),
    computeUsd: toUsd(compute),
    requestUsd: toUsd(request),
    ephemeralStorageUsd: toUsd(ephemeralStorage),
    snapStartRestoreUsd: toUsd(snapStartRestore),
    coldStartUsd: toUsd(coldStart),
    totalUsd: toUsd(total),
    exact: { compute, request, ephemeralStorage, snapStartRestore, coldStart, total },
  };
}

/** Usage that shares every billing attribute: one invocation, or a group of them. */
export interface Usage {
  count: number;
  billedMs: bigint;
  memorySizeMB: number;
  ephemeralStorageMB: number;
  /** SnapStart restores that are charged. */
  chargedRestores: number;
  coldStartBilledMs: bigint;
  /** Served by provisioned-concurrency environments: duration at the provisioned rate. */
  provisioned?: boolean | undefined;
}

/** A charge the usage incurs whose rate the price table lacks: left out and said, never $0 in silence. */
export type MissingRate = 'provisioned-duration' | 'snapstart-restore';

/** What a usage costs at first-tier prices, part by part. */
export interface UsageCostParts {
  mbMs: bigint;
  storageMbMs: bigint;
  compute: Money;
  request: Money;
  ephemeralStorage: Money;
  snapStartRestore: Money;
  coldStart: Money;
  total: Money;
  missingRates: MissingRate[];
}

const NO_MISSING: MissingRate[] = [];

/**
 * What a usage costs at first-tier prices, part by part: the one billing formula.
 * Provisioned-concurrency duration has its own rate, outside the volume tiers.
 */
export function usageCost(prices: RegionPrices, architecture: Architecture, usage: Usage): UsageCostParts {
  const arch = archPrices(prices, architecture);
  let missingRates = NO_MISSING;
  let rate = tierOnePrice(arch);
  if (usage.provisioned) {
    if (arch.provisionedDuration === undefined) {
      missingRates = ['provisioned-duration'];
      rate = 0n;
    } else {
      rate = arch.provisionedDuration;
    }
  }
  const memory = BigInt(usage.memorySizeMB);
  const mbMs = usage.billedMs * memory;
  const compute = gbSecondCost(mbMs, rate);
  const request = unitCost(BigInt(usage.count), arch.request);
  const storageMbMs = BigInt(Math.max(0, usage.ephemeralStorageMB - 512)) * usage.billedMs;
  const ephemeralStorage = gbSecondCost(storageMbMs, prices.ephemeralStorage);
  let snapStartRestore = 0n;
  if (usage.chargedRestores > 0) {
    if (prices.snapStartRestore === undefined) {
      missingRates = [...missingRates, 'snapstart-restore'];
    } else {
      // Per GB restored: memory MB / 1024 × price = memory × 1000 MB-ms-equivalents.
      snapStartRestore = gbSecondCost(
        BigInt(usage.chargedRestores) * memory * 1000n,
        prices.snapStartRestore,
      );
    }
  }
  const coldStart = gbSecondCost(usage.coldStartBilledMs * memory, rate);
  return {
    mbMs,
    storageMbMs,
    compute,
    request,
    ephemeralStorage,
    snapStartRestore,
    coldStart,
    total: compute + request + ephemeralStorage + snapStartRestore,
    missingRates,
  };
}
