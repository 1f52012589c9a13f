/**
 * Volume tiers and the free tier apply to the monthly aggregate per region and
 * architecture, not to single invocations: these helpers price such an aggregate exactly.
 */
import { gbSecondCost, MBMS_PER_GBS, type Money } from '../money.ts';
import type { DurationTier } from '../price-table.ts';

/** Cost of the usage between `fromMbMs` and `toMbMs` (MB-ms) along a tier schedule. */
export function tieredCost(tiers: readonly DurationTier[], fromMbMs: bigint, toMbMs: bigint): Money {
  let cost = 0n;
  for (let i = 0; i < tiers.length; i++) {
    const tier = tiers[i];
    if (!tier) continue;
    const start = tier.fromGbSeconds * MBMS_PER_GBS;
    const next = tiers[i + 1];
    const end = next ? next.fromGbSeconds * MBMS_PER_GBS : null;
    const lo = fromMbMs > start ? fromMbMs : start;
    const hi = end === null || toMbMs < end ? toMbMs : end;
    if (hi > lo) cost += gbSecondCost(hi - lo, tier.price);
  }
  return cost;
}
