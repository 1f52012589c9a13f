/**
 * Standing charges: what accrues while something is configured, whatever the invocations.
 * Provisioned concurrency is billed for every configured environment while enabled (from
 * the --config file or discovery, for the hours given or the whole period); the SnapStart
 * cache of Python and .NET functions for every active version (at least 3 hours). Logs
 * show restores but not how long a version stayed published, so the cache charge is the
 * span between a version's first and last restore seen: a lower bound, and said to be.
 */
import type { Architecture, FunctionConfig } from '../../collectors/model.ts';
import { restoreCharge } from '../context.ts';
import type { Money } from '../money.ts';
import type { PriceTable } from '../price-table.ts';
import { MissingPriceError, provisionedConcurrencyCost, snapStartCacheCost } from '../standing-charges.ts';
import type { PricedRow } from './rows.ts';

export interface StandingItem {
  functionName: string;
  accountId: string | null;
  region: string;
  kind: 'provisioned-concurrency' | 'snapstart-cache';
  basis: string;
  cost: Money | null;
  note: string | null;
}

const HOUR_MS = 3_600_000;

/** One function's configuration and where it runs, for standing charges. */
export interface StandingTarget {
  functionName: string;
  accountId: string | null;
  region: string;
  architecture: Architecture;
  config: FunctionConfig | undefined;
  /** Highest memory seen in the data, when the config does not say. */
  memorySizeMB: number | null;
  runtime: string | null;
  snapStartVersions: Map<string, { first: number; last: number }>;
}

export function targetOf(row: PricedRow): StandingTarget {
  return {
    functionName: row.functionName,
    accountId: row.accountId,
    region: row.region,
    architecture: row.architecture,
    config: row.config,
    memorySizeMB: Math.max(0, ...row.byMemory.keys()) || null,
    runtime: row.runtime,
    snapStartVersions: row.snapStartVersions,
  };
}

/** Standing charges of the functions, over a period of `periodMs`. */
export function standingCharges(
  targets: readonly StandingTarget[],
  table: PriceTable,
  periodMs: number,
  /** The most hours configured capacity can have run in the report (its period, or the months its data spans). */
  maxHours = periodMs / HOUR_MS,
): StandingItem[] {
  const out: StandingItem[] = [];
  for (const t of targets) {
    const pc = provisioned(t, table, periodMs, maxHours);
    if (pc) out.push(pc);
    out.push(...snapStartCache(t, table));
  }
  return out;
}

function provisioned(
  t: StandingTarget,
  table: PriceTable,
  periodMs: number,
  maxHours: number,
): StandingItem | null {
  const environments = t.config?.provisionedConcurrency ?? 0;
  if (environments <= 0) return null;
  const memory = t.config?.memorySizeMB ?? t.memorySizeMB;
  const hours = t.config?.provisionedConcurrencyHours ?? periodMs / HOUR_MS;
  const base = {
    functionName: t.functionName,
    accountId: t.accountId,
    region: t.region,
    kind: 'provisioned-concurrency' as const,
  };
  const given =
    t.config?.provisionedConcurrencyHours !== undefined ? 'hours from the config' : 'the whole period';
  if (hours > maxHours) {
    return {
      ...base,
      basis: `${environments} environment(s) for ${hours.toLocaleString('en')} h (${given})`,
      cost: null,
      note: `functions["${t.functionName}"].provisionedConcurrencyHours is ${hours.toLocaleString('en')}, more than the ${maxHours.toLocaleString('en')} h the report covers: not priced; give the hours the environments were configured in it`,
    };
  }
  if (memory === null) {
    return {
      ...base,
      basis: `${environments} environment(s) for ${hours.toFixed(1)} h (${given})`,
      cost: null,
      note: `memory size unknown: set functions["${t.functionName}"].memorySizeMB in the --config file`,
    };
  }
  const basis = `${environments} environment(s) × ${memory} MB × ${hours.toFixed(1)} h (${given})`;
  try {
    const cost = provisionedConcurrencyCost(
      table,
      t.region,
      t.architecture,
      memory,
      environments,
      hours * HOUR_MS,
    );
    return { ...base, basis, cost, note: null };
  } catch (err) {
    if (!(err instanceof MissingPriceError)) throw err;
    return { ...base, basis, cost: null, note: err.message };
  }
}

function snapStartCache(t: StandingTarget, table: PriceTable): StandingItem[] {
  if (t.snapStartVersions.size === 0) return [];
  const charge = restoreCharge(t.runtime);
  if (charge === 'free') return [];
  const memory = t.config?.memorySizeMB ?? t.memorySizeMB;
  const base = {
    functionName: t.functionName,
    accountId: t.accountId,
    region: t.region,
    kind: 'snapstart-cache' as const,
  };
  let activeMs = 0;
  for (const v of t.snapStartVersions.values()) activeMs += Math.max(3 * HOUR_MS, v.last - v.first);
  const versions = t.snapStartVersions.size;
  const basis = `${versions} version(s) restoring, ${(activeMs / HOUR_MS).toFixed(1)} h from first to last restore seen (at least 3 h each)${memory === null ? '' : ` × ${memory} MB`}`;
  if (charge === 'unknown') {
    return [
      {
        ...base,
        basis,
        cost: null,
        note: `runtime unknown (Python and .NET pay for the cache, Java does not): set functions["${t.functionName}"].runtime in the --config file`,
      },
    ];
  }
  if (memory === null) return [{ ...base, basis, cost: null, note: 'memory size unknown' }];
  try {
    let cost = 0n;
    for (const v of t.snapStartVersions.values())
      cost += snapStartCacheCost(table, t.region, memory, v.last - v.first);
    return [
      {
        ...base,
        basis,
        cost,
        note: 'a lower bound: the cache is billed while a version stays published, which logs do not show',
      },
    ];
  } catch (err) {
    if (!(err instanceof MissingPriceError)) throw err;
    return [
      { ...base, basis, cost: null, note: `${err.message} (the rate was published for us-east-1 only)` },
    ];
  }
}
