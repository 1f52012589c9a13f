/**
 * What a function's own observability costs: CloudWatch Logs ingestion of the bytes its
 * log group received and X-Ray recording of its traced requests. Rows get first-tier list
 * prices; volume tiers and free allowances are account lines (`accounts.ts`).
 */
import { functionNameFromLogGroup } from '../../collectors/model.ts';
import type { Money, Price } from '../money.ts';
import { MBMS_PER_GBS } from '../money.ts';
import type { ServiceTable, VolumeTier } from '../price-table.ts';
import type { CostAggregator } from './aggregator.ts';
import type { Period } from './period.ts';
import type { PricedRow } from './rows.ts';
import { DAY_MS } from './usage.ts';

const BYTES_PER_GB = 1n << 30n;

/**
 * Money for `bytes` at a price per GB (2^30 bytes), to the nearest unit: a unit is
 * 1e-18 / 1,024,000 USD, so this is bytes × price × 1,024,000 / 2^30 = × 1000 / 2^20.
 */
export function bytesCost(bytes: bigint, pricePerGb: Price): Money {
  const numerator = bytes * pricePerGb * 1000n;
  const denominator = 1n << 20n;
  return (numerator + denominator / 2n) / denominator;
}

/** Cost of the bytes between `from` and `to` along a tier schedule in GB. */
export function tieredBytesCost(tiers: readonly VolumeTier[], from: bigint, to: bigint): Money {
  let cost = 0n;
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i] as VolumeTier;
    const start = tier.from * BYTES_PER_GB;
    const next = tiers[i + 1];
    const end = next ? next.from * BYTES_PER_GB : null;
    const lo = from > start ? from : start;
    const hi = end === null || to < end ? to : end;
    if (hi > lo) cost += bytesCost(hi - lo, tier.price);
  }
  return cost;
}

/** Cost of `count` traces (or requests) at a price per unit. */
export function countCost(count: bigint, price: Price): Money {
  return count * price * MBMS_PER_GBS;
}

export function tierOne(table: ServiceTable | undefined, region: string): VolumeTier[] | null {
  const prices = table?.regions.get(region);
  return prices && prices.tiers.length > 0 ? prices.tiers : null;
}

/** A window of days to count bytes in; `undated` takes in the bytes of lines without a time too. */
export type BytesWindow = Period & { undated?: boolean };

/** Bytes a group received, per day, inside [fromMs, toMs) — or all of them without a window. */
export function groupBytes(
  agg: Pick<CostAggregator, 'logBytes'>,
  groupKey: string,
  window: BytesWindow | undefined,
): { total: bigint; byDay: Map<number, bigint> } {
  const days = agg.logBytes.get(groupKey);
  const byDay = new Map<number, bigint>();
  let total = 0n;
  if (!days) return { total, byDay };
  for (const [day, bytes] of days) {
    if (window) {
      const ms = day * DAY_MS;
      if (day < 0 ? window.undated !== true : ms < window.fromMs || ms >= window.toMs) continue;
    }
    const b = BigInt(bytes);
    byDay.set(day, b);
    total += b;
  }
  return { total, byDay };
}

/** Log groups with bytes that belong to no single priced row: a shared group, or a function Lambda could not price. */
export function unownedGroups(
  agg: Pick<CostAggregator, 'logBytes'>,
  rows: readonly PricedRow[],
): Map<string, PricedRow[]> {
  const owners = new Map<string, PricedRow[]>();
  for (const row of rows) {
    for (const key of row.groupKeys) {
      const list = owners.get(key) ?? [];
      list.push(row);
      owners.set(key, list);
    }
  }
  const out = new Map<string, PricedRow[]>();
  for (const key of agg.logBytes.keys()) {
    const list = owners.get(key) ?? [];
    if (list.length !== 1) out.set(key, list);
  }
  return out;
}

/** The function a log group stands for, by its name (`/aws/lambda/x` → x), else the group itself. */
export function groupLabel(groupKey: string): string {
  return functionNameFromLogGroup(groupKey) ?? groupKey;
}
