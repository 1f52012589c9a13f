/**
 * Turns aggregated totals into the report: first-tier cost per function, then the
 * account-level lines (volume tiers per region and architecture, the free tier when asked),
 * right-sizing and arm64 savings, and the change against the previous period.
 */
import type { Architecture } from '../../collectors/model.ts';
import { gbSecondCost, MBMS_PER_GBS, type Money, toGbSeconds, toUsd, unitCost } from '../money.ts';
import { archPrices, type PriceTable, tierOnePrice } from '../price-table.ts';
import { type FunctionTotals, functionKey } from './accumulator.ts';
import type { CostAggregator } from './aggregator.ts';
import { QuantileSketch } from './quantile-sketch.ts';
import { tieredCost } from './tiers.ts';
import type { AdjustmentLine, CostReport, FunctionReport } from './types.ts';

export interface BuildOptions {
  freeTier?: boolean | undefined;
  /** Headroom kept above the highest memory used when recommending a size. Default 20%. */
  memoryHeadroomPct?: number | undefined;
}

interface Group {
  region: string;
  architecture: Architecture;
  mbMs: bigint;
  requests: bigint;
  tierOne: Money;
}

export function buildReport(agg: CostAggregator, options: BuildOptions = {}): CostReport {
  const table = agg.table;
  const all = [...agg.functions.values()].sort(
    (a, b) => Number(totalOf(b) - totalOf(a)) || a.functionName.localeCompare(b.functionName),
  );
  const functions = all.map((f) => functionReport(f, agg, table, options.memoryHeadroomPct ?? 20));
  const { lines, tierAdjustment, freeTier } = adjustments(all, table, options.freeTier === true);

  let firstTier = 0n;
  let compute = 0n;
  let request = 0n;
  let storage = 0n;
  let restore = 0n;
  let coldStart = 0n;
  let mbMs = 0n;
  let invocations = 0;
  const daily = new Map<string, Money>();
  const durations = new QuantileSketch();
  for (const f of all) {
    firstTier += totalOf(f);
    compute += f.compute;
    request += f.request;
    storage += f.ephemeralStorage;
    restore += f.snapStartRestore;
    coldStart += f.coldStartCost;
    mbMs += f.mbMs;
    invocations += f.invocations;
    durations.merge(f.durations);
    for (const [day, cost] of f.daily) daily.set(day, (daily.get(day) ?? 0n) + cost);
  }
  const firstDay = all.reduce<string | null>(
    (m, f) => (f.firstDay && (!m || f.firstDay < m) ? f.firstDay : m),
    null,
  );
  const lastDay = all.reduce<string | null>(
    (m, f) => (f.lastDay && (!m || f.lastDay > m) ? f.lastDay : m),
    null,
  );
  const previous = agg.previous;
  const previousCovered = previous !== undefined && previous.invocations > 0;
  return {
    totalCostUsd: toUsd(firstTier + tierAdjustment + freeTier),
    currency: 'USD',
    period: {
      label: agg.period?.label ?? (firstDay && lastDay ? `${firstDay}..${lastDay}` : 'all records'),
      from: agg.period ? new Date(agg.period.fromMs).toISOString() : firstDay,
      to: agg.period ? new Date(agg.period.toMs).toISOString() : lastDay,
    },
    prices: { source: table.source, asOf: table.asOf },
    freeTierApplied: options.freeTier === true,
    totals: {
      invocations,
      billedGbSeconds: toGbSeconds(mbMs),
      computeCostUsd: toUsd(compute),
      requestCostUsd: toUsd(request),
      ephemeralStorageCostUsd: toUsd(storage),
      snapStartRestoreCostUsd: toUsd(restore),
      tierAdjustmentUsd: toUsd(tierAdjustment),
      freeTierUsd: toUsd(freeTier),
      coldStartCostUsd: toUsd(coldStart),
    },
    functions,
    adjustments: lines,
    daily: [...daily.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, c]) => ({ day, costUsd: toUsd(c) })),
    durationHistogram: coarsen(durations.histogram(), 40),
    previous:
      previous && previousCovered
        ? {
            label: previous.period.label,
            totalCostUsd: toUsd(previous.total),
            invocations: previous.invocations,
            changePct: change(firstTier, previous.total),
          }
        : null,
    notPriced: [...agg.notPriced.values()].sort(
      (a, b) => a.functionName.localeCompare(b.functionName) || a.reason.localeCompare(b.reason),
    ),
    records: { seen: agg.records, outsidePeriod: agg.outsidePeriod, undated: agg.undated },
  };
}

/** Merges neighbouring sketch buckets so a chart gets at most `bars` bars. */
function coarsen(histogram: Array<{ upperMs: number; count: number }>, bars: number) {
  const step = Math.ceil(histogram.length / bars);
  if (step <= 1) return histogram;
  const out: Array<{ upperMs: number; count: number }> = [];
  for (let i = 0; i < histogram.length; i += step) {
    const slice = histogram.slice(i, i + step);
    out.push({
      upperMs: slice[slice.length - 1]?.upperMs ?? 0,
      count: slice.reduce((n, b) => n + b.count, 0),
    });
  }
  return out;
}

function totalOf(f: FunctionTotals): Money {
  return f.compute + f.request + f.ephemeralStorage + f.snapStartRestore;
}

function change(current: Money, previous: Money): number | null {
  if (previous === 0n) return null;
  return (toUsd(current - previous) / toUsd(previous)) * 100;
}

function functionReport(
  f: FunctionTotals,
  agg: CostAggregator,
  table: PriceTable,
  headroomPct: number,
): FunctionReport {
  const prices = table.regions.get(f.region);
  const rate = prices ? tierOnePrice(archPrices(prices, f.architecture)) : 0n;
  const armRate = prices ? tierOnePrice(prices.arm64) : 0n;
  const fail = (s: keyof FunctionTotals['failures']) => ({
    count: f.failures[s].count,
    costUsd: toUsd(f.failures[s].cost),
  });
  const prev = agg.previous?.byFunction.get(functionKey(f));
  const covered = agg.previous !== undefined && agg.previous.invocations > 0;
  return {
    functionName: f.functionName,
    region: f.region,
    architecture: f.architecture,
    invocations: f.invocations,
    billedGbSeconds: toGbSeconds(f.mbMs),
    computeCostUsd: toUsd(f.compute),
    requestCostUsd: toUsd(f.request),
    ephemeralStorageCostUsd: toUsd(f.ephemeralStorage),
    snapStartRestoreCostUsd: toUsd(f.snapStartRestore),
    totalCostUsd: toUsd(totalOf(f)),
    durationMs: f.externalQuantiles ?? {
      p50: f.durations.quantile(0.5),
      p95: f.durations.quantile(0.95),
      p99: f.durations.quantile(0.99),
    },
    coldStarts: f.coldStarts,
    coldStartRate: f.invocations > 0 ? f.coldStarts / f.invocations : 0,
    coldStartCostUsd: toUsd(f.coldStartCost),
    timeouts: fail('timeout'),
    errors: fail('error'),
    ooms: fail('oom'),
    crashes: fail('crash'),
    memory: memoryAdvice(f, rate, headroomPct),
    arm64SavingUsd: f.architecture === 'x86_64' ? toUsd(gbSecondCost(f.mbMs, rate - armRate)) : null,
    previousTotalCostUsd: covered ? toUsd(prev?.total ?? 0n) : null,
    changePct: covered ? change(totalOf(f), prev?.total ?? 0n) : null,
  };
}

/** Smallest 64 MB step (≥128 MB) that keeps the headroom above the highest memory used. */
export function recommendedMemoryMB(maxUsedMB: number, headroomPct: number): number {
  const needed = Math.ceil((maxUsedMB * (100 + headroomPct)) / 100);
  return Math.min(10_240, Math.max(128, Math.ceil(needed / 64) * 64));
}

function memoryAdvice(f: FunctionTotals, rate: bigint, headroomPct: number): FunctionReport['memory'] {
  const configuredMB = f.memorySizeMB;
  const used = f.maxMemoryUsedMB;
  if (used === null) {
    return {
      configuredMB,
      maxUsedMB: null,
      headroomPct: null,
      recommendedMB: null,
      recommendation: 'no memory data',
      savingUsd: 0,
    };
  }
  const headroom = ((configuredMB - used) / configuredMB) * 100;
  const recommendedMB = recommendedMemoryMB(used, headroomPct);
  if (used >= configuredMB) {
    return {
      configuredMB,
      maxUsedMB: used,
      headroomPct: headroom,
      recommendedMB: Math.max(recommendedMB, configuredMB),
      recommendation: 'memory exhausted: raise it',
      savingUsd: 0,
    };
  }
  if (recommendedMB >= configuredMB) {
    return {
      configuredMB,
      maxUsedMB: used,
      headroomPct: headroom,
      recommendedMB: configuredMB,
      recommendation: 'keep',
      savingUsd: 0,
    };
  }
  // Assumes duration stays the same at the smaller size (CPU scales with memory, so verify).
  let savedMbMs = 0n;
  for (const [memory, billedMs] of f.billedMsByMemory) {
    if (memory > recommendedMB) savedMbMs += billedMs * BigInt(memory - recommendedMB);
  }
  return {
    configuredMB,
    maxUsedMB: used,
    headroomPct: headroom,
    recommendedMB,
    recommendation: `reduce to ${recommendedMB} MB`,
    savingUsd: toUsd(gbSecondCost(savedMbMs, rate)),
  };
}

function adjustments(all: FunctionTotals[], table: PriceTable, freeTier: boolean) {
  const groups = new Map<string, Group>();
  for (const f of all) {
    const key = `${f.region}\u0000${f.architecture}`;
    const g = groups.get(key) ?? {
      region: f.region,
      architecture: f.architecture,
      mbMs: 0n,
      requests: 0n,
      tierOne: 0n,
    };
    g.mbMs += f.mbMs;
    g.requests += BigInt(f.invocations);
    g.tierOne += f.compute;
    groups.set(key, g);
  }
  const ordered = [...groups.values()]
    .map((g) => {
      const prices = table.regions.get(g.region);
      if (!prices) throw new Error(`region ${g.region} was priced but is not in the table`);
      return { g, prices, arch: archPrices(prices, g.architecture) };
    })
    // The free tier is one allowance for the account; spend it where it is worth most.
    .sort(
      (a, b) => Number(tierOnePrice(b.arch) - tierOnePrice(a.arch)) || a.g.region.localeCompare(b.g.region),
    );
  let freeMbMs = freeTier ? table.freeTier.gbSeconds * MBMS_PER_GBS : 0n;
  let freeRequests = freeTier ? table.freeTier.requests : 0n;
  let tierAdjustment = 0n;
  let freeTotal = 0n;
  const lines: AdjustmentLine[] = [];
  for (const { g, prices, arch } of ordered) {
    const tiered = tieredCost(arch.duration, 0n, g.mbMs);
    const usedFree = freeMbMs < g.mbMs ? freeMbMs : g.mbMs;
    freeMbMs -= usedFree;
    const freeCompute = tieredCost(arch.duration, usedFree, g.mbMs) - tiered;
    const usedFreeRequests = freeRequests < g.requests ? freeRequests : g.requests;
    freeRequests -= usedFreeRequests;
    const freeRequest = -unitCost(usedFreeRequests, arch.request);
    tierAdjustment += tiered - g.tierOne;
    freeTotal += freeCompute + freeRequest;
    lines.push({
      region: g.region,
      architecture: g.architecture,
      billedGbSeconds: toGbSeconds(g.mbMs),
      requests: Number(g.requests),
      tierAdjustmentUsd: toUsd(tiered - g.tierOne),
      freeTierComputeUsd: toUsd(freeCompute),
      freeTierRequestUsd: toUsd(freeRequest),
      derivedTierPrices: prices.derivedTiers === true,
    });
  }
  lines.sort((a, b) => a.region.localeCompare(b.region) || a.architecture.localeCompare(b.architecture));
  return { lines, tierAdjustment, freeTier: freeTotal };
}
