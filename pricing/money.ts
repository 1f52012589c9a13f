/**
 * Exact money arithmetic. Summing millions of per-invocation float costs drifts, so every
 * amount is an integer (BigInt) count of a unit small enough that GB-second, request and
 * storage charges all land on whole units: 1 unit = 1e-18 USD / 1,024,000.
 *
 * Why 1,024,000: GB-seconds are billed ms × memory MB / (1000 × 1024), so an amount in
 * "MB-ms × price" divides exactly into this unit without rounding.
 */
import { ConfigError } from '../collectors/kernel/index.ts';

/** Prices are held as integer atto-dollars (1e-18 USD) per billing unit. */
export const PRICE_SCALE = 10n ** 18n;
/** MB-ms per GB-second. */
export const MBMS_PER_GBS = 1_024_000n;
/** Money units per USD. */
export const UNITS_PER_USD = PRICE_SCALE * MBMS_PER_GBS;

/** A price per unit (GB-s, request, GB) in atto-dollars. */
export type Price = bigint;
/** An exact amount of money in units of 1e-18/1,024,000 USD. */
export type Money = bigint;

export class PriceFormatError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PriceFormatError';
  }
}

/** Parses a decimal price string ("0.0000166667", "2E-7") exactly into atto-dollars. */
export function parsePrice(text: string, where = 'price'): Price {
  const trimmed = text.trim();
  const match = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(trimmed);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new PriceFormatError(`${where}: "${text}" is not a decimal price`);
  }
  const intPart = match[1] ?? '';
  const fracPart = match[2] ?? '';
  const exponent = Number(match[3] ?? '0');
  const digits = BigInt(`${intPart}${fracPart}` || '0');
  // value = digits × 10^(exponent − fracLen); scaled by 1e18.
  const shift = exponent - fracPart.length + 18;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  if (digits % divisor !== 0n) {
    throw new PriceFormatError(`${where}: "${text}" has more precision than 1e-18 USD`);
  }
  return digits / divisor;
}

/** Cost of `mbMs` MB-milliseconds at a price per GB-second. */
export function gbSecondCost(mbMs: bigint, pricePerGbS: Price): Money {
  return mbMs * pricePerGbS;
}

/** Cost of `count` units (requests, GB) at a price per unit. */
export function unitCost(count: bigint, pricePerUnit: Price): Money {
  return count * pricePerUnit * MBMS_PER_GBS;
}

/** Converts exact money to USD as a float, splitting whole and fraction so precision holds. */
export function toUsd(amount: Money): number {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / UNITS_PER_USD;
  const fraction = abs % UNITS_PER_USD;
  // Fraction to 1e-18 USD first; both parts are then well inside float precision.
  const atto = fraction / MBMS_PER_GBS;
  const value = Number(whole) + Number(atto) / 1e18;
  return negative ? -value : value;
}

/** GB-seconds from MB-ms as a float (for display; sums stay in MB-ms). */
export function toGbSeconds(mbMs: bigint): number {
  const whole = mbMs / MBMS_PER_GBS;
  const rest = mbMs % MBMS_PER_GBS;
  return Number(whole) + Number(rest) / Number(MBMS_PER_GBS);
}

/**
 * The exact decimal form of an amount in USD. A unit is 1e-18 / 1,024,000 USD and
 * 1,024,000 = 2^13 × 5^3, so every amount has a finite decimal expansion: at most 34
 * places, trailing zeros dropped.
 */
export function toDecimalString(amount: Money): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  // In units of 1e-34 USD: 1e34 / (1e18 × 1,024,000) = 9,765,625,000 exactly.
  const scaled = abs * 9_765_625_000n;
  const digits = scaled.toString().padStart(35, '0');
  const whole = digits.slice(0, -34);
  const fraction = digits.slice(-34).replace(/0+$/, '');
  return `${negative && abs > 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** USD as a number without float noise: 15 significant digits, what a double holds faithfully. */
export function roundUsd(amount: Money): number {
  const value = toUsd(amount);
  return value === 0 ? 0 : Number(value.toPrecision(15));
}

/** A byte count for people: KB, MB or GB of 1,024 (as CloudWatch bills them). */
export function formatBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(3)} GB`;
}
