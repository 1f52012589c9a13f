/**
 * The one way to price a single invocation, for every consumer that shows a cost per
 * invocation (the terminal UI, the shipper's documents): it never throws, and when it
 * cannot price it says why with a typed reason and a message naming the fix.
 *
 *   const price = createInvocationPricer({ table, configs, defaults });
 *   const result = price(invocation);
 *   if (result.ok) show(result.totalUsd) else note(result.reason, result.message);
 *
 * The monthly report sums usage per pricing group and prices each group once with the
 * same formula (`usageCost`) and the same context rules (`resolveInvocationContext`).
 */
import type { FunctionConfig, Invocation } from '../collectors/model.ts';
import {
  describeProblem,
  type ReportValueProblem,
  type ReportValues,
  reportValueProblem,
} from '../collectors/report-values.ts';
import {
  type ContextDefaults,
  type FunctionConfigs,
  type InvocationContext,
  invocationFunctionName,
  type MissingField,
  resolveInvocationContext,
  restoreCharge,
} from './context.ts';
import { coldStartBilledMs, type MissingRate, usageCost } from './estimate.ts';
import { type Money, roundUsd, toDecimalString, toGbSeconds } from './money.ts';
import { type PriceTable, unknownRegionMessage } from './price-table.ts';
import { AWS_LIST_PRICES } from './tables/aws-list-prices.ts';

/** Why an invocation has no price. */
export type NotPricedReason =
  /** No REPORT line: still running, or its log was cut. */
  | 'incomplete'
  /** A REPORT without Billed Duration or Memory Size (Lambda Managed Instances). */
  | 'no-billed-duration'
  /** A REPORT figure that cannot be billed (fractional, negative, out of range). */
  | 'invalid-report'
  | 'missing-region'
  | 'missing-architecture'
  | 'missing-region-and-architecture'
  /** The price table has no prices for the invocation's Region. */
  | 'unknown-region';

export interface NotPricedResult {
  ok: false;
  reason: NotPricedReason;
  /** One line naming the function, what is missing and the flag or key that fixes it. */
  message: string;
}

/** A priced invocation: USD numbers (15 significant digits), exact decimal strings, the context used. */
export interface PricedResult {
  ok: true;
  context: InvocationContext;
  /** Served by a provisioned-concurrency environment (duration at the provisioned rate). */
  provisioned: boolean;
  gbSeconds: number;
  computeUsd: number;
  requestUsd: number;
  ephemeralStorageUsd: number;
  snapStartRestoreUsd: number;
  /** The part of compute billed for INIT on a cold start (already inside compute). */
  coldStartUsd: number;
  totalUsd: number;
  /** The same amounts as exact decimal strings. */
  exactUsd: {
    compute: string;
    request: string;
    ephemeralStorage: string;
    snapStartRestore: string;
    total: string;
  };
  exact: { compute: Money; request: Money; ephemeralStorage: Money; snapStartRestore: Money; total: Money };
  /**
   * Charges this invocation incurs that are not in the total, and why: a rate the table
   * lacks (SnapStart restore outside us-east-1), or a runtime unknown for a restore.
   */
  unpriced: Array<{ charge: MissingRate | 'snapstart-restore-runtime'; message: string }>;
}

export type PriceResult = PricedResult | NotPricedResult;

export interface InvocationPricerOptions {
  /** Default: the built-in list prices. */
  table?: PriceTable | undefined;
  /** Per-function settings (`--config`, discovery). */
  configs?: FunctionConfigs | ReadonlyMap<string, FunctionConfig> | undefined;
  /** `--region`, `--arch`: for functions neither the logs nor the configs place. */
  defaults?: ContextDefaults | undefined;
}

export function missingReason(missing: readonly MissingField[]): NotPricedReason {
  if (missing.length === 2) return 'missing-region-and-architecture';
  return missing[0] === 'region' ? 'missing-region' : 'missing-architecture';
}

/** Why a REPORT-less or unbillable invocation has no price, or null when it has the figures. */
export function unbillable(
  inv: ReportValues & Pick<Invocation, 'functionName' | 'status'>,
): NotPricedResult | null {
  const name = invocationFunctionName(inv);
  if (inv.billedDurationMs === null || inv.memorySizeMB === null) {
    // No figure of a REPORT at all: the invocation's REPORT is not in the input, whatever
    // its lines said of it (a timeout's own line, an error), not a REPORT short of figures.
    const noReport = inv.durationMs === null && (inv.status === 'incomplete' || inv.maxMemoryUsedMB === null);
    if (noReport) {
      return {
        ok: false,
        reason: 'incomplete',
        message: `function "${name}": invocation without a REPORT line (still running or its log was cut)`,
      };
    }
    return {
      ok: false,
      reason: 'no-billed-duration',
      message: `function "${name}": REPORT without a Billed Duration/Memory Size figure (Lambda Managed Instances, or a damaged line): not priceable from logs`,
    };
  }
  const problem = reportValueProblem(inv);
  if (problem) return { ok: false, reason: 'invalid-report', message: invalidReportMessage(name, problem) };
  return null;
}

/** What a damaged REPORT is called in a report, whichever source found it. */
export function invalidReportMessage(functionName: string, problem: ReportValueProblem): string {
  // Every place that shows it says "not priced" first: the message says why.
  return `function "${functionName}": ${describeProblem(problem)}`;
}

/** Prices one invocation. Never throws. */
export function priceInvocation(inv: Invocation, options: InvocationPricerOptions = {}): PriceResult {
  try {
    return price(inv, options.table ?? AWS_LIST_PRICES, options.configs ?? new Map(), options.defaults ?? {});
  } catch (err) {
    // Nothing above throws on any input; this keeps the promise if that ever changes.
    return {
      ok: false,
      reason: 'invalid-report',
      message: `function "${invocationFunctionName(inv)}": ${(err as Error).message}`,
    };
  }
}

/** A pricer bound to one table and configuration, for per-invocation use. */
export function createInvocationPricer(
  options: InvocationPricerOptions = {},
): (inv: Invocation) => PriceResult {
  const bound = {
    table: options.table ?? AWS_LIST_PRICES,
    configs: options.configs ?? new Map<string, FunctionConfig>(),
    defaults: options.defaults ?? {},
  };
  return (inv) => priceInvocation(inv, bound);
}

function price(
  inv: Invocation,
  table: PriceTable,
  configs: FunctionConfigs,
  defaults: ContextDefaults,
): PriceResult {
  const bad = unbillable(inv);
  if (bad) return bad;
  const resolved = resolveInvocationContext(inv, configs, defaults);
  if (!resolved.ok) return { ok: false, reason: missingReason(resolved.missing), message: resolved.message };
  const { context } = resolved;
  const prices = table.regions.get(context.region);
  if (!prices) {
    return {
      ok: false,
      reason: 'unknown-region',
      message: `function "${invocationFunctionName(inv)}": ${unknownRegionMessage(context.region, table)}`,
    };
  }
  const restored = inv.restoreDurationMs !== null;
  const charge = restored ? restoreCharge(context.runtime) : 'free';
  const provisioned = inv.initializationType === 'provisioned-concurrency';
  const cost = usageCost(prices, context.architecture, {
    count: 1,
    billedMs: BigInt(inv.billedDurationMs as number),
    memorySizeMB: inv.memorySizeMB as number,
    ephemeralStorageMB: context.ephemeralStorageMB ?? 512,
    chargedRestores: charge === 'charged' ? 1 : 0,
    coldStartBilledMs: BigInt(coldStartBilledMs(inv)),
    provisioned,
  });
  const name = invocationFunctionName(inv);
  const unpriced: PricedResult['unpriced'] = cost.missingRates.map((missing) => ({
    charge: missing,
    message:
      missing === 'snapstart-restore'
        ? `function "${name}": no SnapStart restore rate for ${context.region} in the price table: the restore charge is not included; pass --prices`
        : `function "${name}": no ${context.architecture} provisioned-concurrency duration rate for ${context.region}: duration is not included; pass --prices`,
  }));
  if (charge === 'unknown') {
    unpriced.push({
      charge: 'snapstart-restore-runtime',
      message: `function "${name}": SnapStart restore with an unknown runtime (Python and .NET restores are charged, Java's are not): set functions["${name}"].runtime in the --config file`,
    });
  }
  return {
    ok: true,
    context,
    provisioned,
    gbSeconds: toGbSeconds(cost.mbMs),
    computeUsd: roundUsd(cost.compute),
    requestUsd: roundUsd(cost.request),
    ephemeralStorageUsd: roundUsd(cost.ephemeralStorage),
    snapStartRestoreUsd: roundUsd(cost.snapStartRestore),
    coldStartUsd: roundUsd(cost.coldStart),
    totalUsd: roundUsd(cost.total),
    exactUsd: {
      compute: toDecimalString(cost.compute),
      request: toDecimalString(cost.request),
      ephemeralStorage: toDecimalString(cost.ephemeralStorage),
      snapStartRestore: toDecimalString(cost.snapStartRestore),
      total: toDecimalString(cost.total),
    },
    exact: {
      compute: cost.compute,
      request: cost.request,
      ephemeralStorage: cost.ephemeralStorage,
      snapStartRestore: cost.snapStartRestore,
      total: cost.total,
    },
    unpriced,
  };
}
