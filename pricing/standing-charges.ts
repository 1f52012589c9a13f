/**
 * Charges that accrue while something is configured rather than per invocation: provisioned
 * concurrency and the SnapStart cache. Logs cannot show them, so callers supply the
 * configured time; the minimums (5-minute rounding, 3-hour cache minimum) are applied here.
 */
import { ConfigError } from '../collectors/kernel/index.ts';
import type { Architecture } from '../collectors/model.ts';
import { gbSecondCost, type Money } from './money.ts';
import { archPrices, type PriceTable, regionPrices } from './price-table.ts';

export class MissingPriceError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MissingPriceError';
  }
}

const FIVE_MINUTES_MS = 300_000;
const THREE_HOURS_MS = 10_800_000;

/** Provisioned concurrency standing charge: memory × instances × enabled time (rounded up to 5 minutes). */
export function provisionedConcurrencyCost(
  table: PriceTable,
  region: string,
  architecture: Architecture,
  memoryMB: number,
  instances: number,
  enabledMs: number,
): Money {
  const price = archPrices(regionPrices(table, region), architecture).provisionedConcurrency;
  if (price === undefined) {
    throw new MissingPriceError(
      `no ${architecture} provisioned concurrency price for ${region}: pass --prices`,
    );
  }
  const billedMs = Math.ceil(enabledMs / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
  return gbSecondCost(BigInt(billedMs) * BigInt(memoryMB) * BigInt(instances), price);
}

/** SnapStart cache for one published version: memory × active time, at least 3 hours, per ms after. */
export function snapStartCacheCost(
  table: PriceTable,
  region: string,
  memoryMB: number,
  activeMs: number,
): Money {
  const price = regionPrices(table, region).snapStartCache;
  if (price === undefined)
    throw new MissingPriceError(`no SnapStart cache price for ${region}: pass --prices`);
  const billedMs = Math.max(THREE_HOURS_MS, Math.ceil(activeMs));
  return gbSecondCost(BigInt(billedMs) * BigInt(memoryMB), price);
}
