/**
 * From usage to priced rows: each function's context is resolved once, now that the whole
 * input has spoken (what the logs said, then what its group said later, then the config,
 * then the flags), usage that resolves to the same account, Region, function and
 * architecture becomes one row, and every bucket is priced once with the one formula.
 */
import type { GroupFacts } from '../../collectors/correlator/stream-context.ts';
import type { Architecture, FailureStatus, FunctionConfig } from '../../collectors/model.ts';
import { isFailure } from '../../collectors/model.ts';
import { type FunctionConfigs, resolveInvocationContext, restoreCharge } from '../context.ts';
import { type MissingRate, usageCost } from '../estimate.ts';
import type { Money } from '../money.ts';
import { missingReason, type NotPricedReason } from '../price-invocation.ts';
import { type PriceTable, type RegionPrices, unknownRegionMessage } from '../price-table.ts';
import type { CostAggregator } from './aggregator.ts';
import { QuantileSketch } from './quantile-sketch.ts';
import { type KnownContext, type UnpricedRow, UnpricedRows } from './unpriced-rows.ts';
import { type FunctionUsage, totalBilledMs } from './usage.ts';

export interface MemoryRow {
  count: number;
  billedMs: bigint;
  durations: QuantileSketch;
  maxUsedMB: number | null;
}

/** One report row: a function in one account, Region and architecture, priced. */
export interface PricedRow {
  key: string;
  functionName: string;
  accountId: string | null;
  region: string;
  architecture: Architecture;
  runtime: string | null;
  config: FunctionConfig | undefined;
  prices: RegionPrices;
  groupKeys: Set<string>;
  invocations: number;
  provisionedInvocations: number;
  coldStarts: number;
  restores: number;
  traced: number;
  /** MB-ms at on-demand rates (what volume tiers and the free tier see), and on provisioned environments. */
  onDemandMbMs: bigint;
  provisionedMbMs: bigint;
  storageMbMs: bigint;
  compute: Money;
  provisionedCompute: Money;
  request: Money;
  ephemeralStorage: Money;
  snapStartRestore: Money;
  coldStartCost: Money;
  failures: Record<FailureStatus, { count: number; cost: Money }>;
  /** Lambda cost per UTC day number. */
  daily: Map<number, Money>;
  /** Traced invocations per UTC day number. */
  tracedDaily: Map<number, number>;
  byMemory: Map<number, MemoryRow>;
  snapStartVersions: Map<string, { first: number; last: number }>;
  /** Invocations whose charge the table could not price, by what is missing. */
  missing: Map<MissingRate | 'snapstart-restore-runtime', number>;
}

export interface RowsResult {
  rows: PricedRow[];
  /** Usage that could not be placed or priced, by function and reason. */
  notPriced: Array<{ functionName: string; reason: NotPricedReason; count: number; message: string }>;
  /** The same usage as rows of what is known of it, for the table to list. */
  unpriced: UnpricedRow[];
}

/** The context a function's usage resolves to, or why it cannot be priced. */
export function resolveUsage(
  f: FunctionUsage,
  agg: Pick<CostAggregator, 'configs' | 'defaults' | 'context'>,
  table: PriceTable,
):
  | {
      ok: true;
      accountId: string | null;
      region: string;
      architecture: Architecture;
      runtime: string | null;
      ephemeralStorageMB: number;
      config: FunctionConfig | undefined;
      prices: RegionPrices;
    }
  | { ok: false; reason: NotPricedReason; message: string; known: KnownContext } {
  const learned: Partial<GroupFacts> = agg.context?.group(f.groupKey) ?? {};
  const defaults = f.architecture ? { ...agg.defaults, architecture: f.architecture } : agg.defaults;
  const config = (agg.configs as FunctionConfigs).get(f.functionName);
  const resolved = resolveInvocationContext(
    {
      functionName: f.functionName,
      region: f.region,
      accountId: f.accountId,
      runtimeVersion: f.runtime,
      initializationType: null,
    },
    agg.configs,
    defaults,
    learned,
  );
  if (!resolved.ok) {
    // What resolveInvocationContext would have taken, as far as anything said it.
    const known = {
      accountId: f.accountId ?? learned.accountId ?? config?.accountId ?? null,
      region: f.region ?? learned.region ?? config?.region ?? defaults.region ?? null,
      architecture: config?.architecture ?? defaults.architecture ?? null,
    };
    return { ok: false, reason: missingReason(resolved.missing), message: resolved.message, known };
  }
  const c = resolved.context;
  const prices = table.regions.get(c.region);
  if (!prices) {
    return {
      ok: false,
      reason: 'unknown-region',
      message: `function "${f.functionName}": ${unknownRegionMessage(c.region, table)}`,
      known: { accountId: c.accountId, region: c.region, architecture: c.architecture },
    };
  }
  return {
    ok: true,
    accountId: c.accountId,
    region: c.region,
    architecture: c.architecture,
    runtime: c.runtime,
    ephemeralStorageMB: c.ephemeralStorageMB ?? 512,
    config,
    prices,
  };
}

function newRow(
  key: string,
  f: FunctionUsage,
  r: Extract<ReturnType<typeof resolveUsage>, { ok: true }>,
): PricedRow {
  return {
    key,
    functionName: f.functionName,
    accountId: r.accountId,
    region: r.region,
    architecture: r.architecture,
    runtime: r.runtime,
    config: r.config,
    prices: r.prices,
    groupKeys: new Set(),
    invocations: 0,
    provisionedInvocations: 0,
    coldStarts: 0,
    restores: 0,
    traced: 0,
    onDemandMbMs: 0n,
    provisionedMbMs: 0n,
    storageMbMs: 0n,
    compute: 0n,
    provisionedCompute: 0n,
    request: 0n,
    ephemeralStorage: 0n,
    snapStartRestore: 0n,
    coldStartCost: 0n,
    failures: {
      timeout: { count: 0, cost: 0n },
      error: { count: 0, cost: 0n },
      oom: { count: 0, cost: 0n },
      crash: { count: 0, cost: 0n },
    },
    daily: new Map(),
    tracedDaily: new Map(),
    byMemory: new Map(),
    snapStartVersions: new Map(),
    missing: new Map(),
  };
}

export function rowKey(accountId: string | null, region: string, functionName: string, arch: Architecture) {
  return `${accountId ?? ''}\u0000${region}\u0000${functionName}\u0000${arch}`;
}

/** Resolves and prices every function's usage into rows. */
export function priceRows(
  usages: Iterable<FunctionUsage>,
  agg: Pick<CostAggregator, 'configs' | 'defaults' | 'context'>,
  table: PriceTable,
): RowsResult {
  const rows = new Map<string, PricedRow>();
  const notPriced = new Map<string, RowsResult['notPriced'][number]>();
  const unpriced = new UnpricedRows();
  for (const f of usages) {
    const r = resolveUsage(f, agg, table);
    if (!r.ok) {
      unpriced.add(f, r.known, r.reason, r.message);
      const k = `${f.functionName}\u0000${r.reason}`;
      const entry = notPriced.get(k);
      if (entry) entry.count += f.invocations;
      else
        notPriced.set(k, {
          functionName: f.functionName,
          reason: r.reason,
          count: f.invocations,
          message: r.message,
        });
      continue;
    }
    const key = rowKey(r.accountId, r.region, f.functionName, r.architecture);
    let row = rows.get(key);
    if (!row) {
      row = newRow(key, f, r);
      rows.set(key, row);
    }
    row.runtime ??= r.runtime;
    addUsage(row, f, r.ephemeralStorageMB);
  }
  return { rows: [...rows.values()], notPriced: [...notPriced.values()], unpriced: unpriced.list() };
}

function addUsage(row: PricedRow, f: FunctionUsage, ephemeralStorageMB: number): void {
  row.groupKeys.add(f.groupKey);
  const charge = restoreCharge(row.runtime);
  for (const b of f.buckets.values()) {
    const billedMs = totalBilledMs(b);
    const cost = usageCost(row.prices, row.architecture, {
      count: b.count,
      billedMs,
      memorySizeMB: b.memorySizeMB,
      ephemeralStorageMB,
      chargedRestores: charge === 'charged' ? b.restores : 0,
      coldStartBilledMs: BigInt(b.coldStartBilledMs),
      provisioned: b.provisioned,
    });
    row.invocations += b.count;
    row.coldStarts += b.coldStarts;
    row.restores += b.restores;
    row.traced += b.traced;
    if (b.provisioned) {
      row.provisionedInvocations += b.count;
      row.provisionedMbMs += cost.mbMs;
      row.provisionedCompute += cost.compute;
    } else {
      row.onDemandMbMs += cost.mbMs;
    }
    row.storageMbMs += cost.storageMbMs;
    row.compute += cost.compute;
    row.request += cost.request;
    row.ephemeralStorage += cost.ephemeralStorage;
    row.snapStartRestore += cost.snapStartRestore;
    row.coldStartCost += cost.coldStart;
    if (isFailure(b.status)) {
      row.failures[b.status].count += b.count;
      row.failures[b.status].cost += cost.total;
    }
    row.daily.set(b.day, (row.daily.get(b.day) ?? 0n) + cost.total);
    if (b.traced > 0) row.tracedDaily.set(b.day, (row.tracedDaily.get(b.day) ?? 0) + b.traced);
    for (const m of cost.missingRates) {
      const n = m === 'snapstart-restore' ? b.restores : b.count;
      row.missing.set(m, (row.missing.get(m) ?? 0) + n);
    }
    if (charge === 'unknown' && b.restores > 0) {
      row.missing.set(
        'snapstart-restore-runtime',
        (row.missing.get('snapstart-restore-runtime') ?? 0) + b.restores,
      );
    }
    let m = row.byMemory.get(b.memorySizeMB);
    if (!m) {
      m = { count: 0, billedMs: 0n, durations: new QuantileSketch(), maxUsedMB: null };
      row.byMemory.set(b.memorySizeMB, m);
    }
    m.billedMs += billedMs;
  }
  for (const [memory, stats] of f.byMemory) {
    const m = row.byMemory.get(memory);
    if (!m) continue;
    m.count += stats.count;
    m.durations.merge(stats.durations);
    if (stats.maxUsedMB !== null && (m.maxUsedMB === null || stats.maxUsedMB > m.maxUsedMB))
      m.maxUsedMB = stats.maxUsedMB;
  }
  for (const [version, span] of f.snapStartVersions) {
    const v = row.snapStartVersions.get(version);
    if (!v) row.snapStartVersions.set(version, { ...span });
    else {
      v.first = Math.min(v.first, span.first);
      v.last = Math.max(v.last, span.last);
    }
  }
}

/** Lambda's first-tier (and provisioned) total of a row. */
export function lambdaTotal(row: PricedRow): Money {
  return row.compute + row.request + row.ephemeralStorage + row.snapStartRestore;
}
