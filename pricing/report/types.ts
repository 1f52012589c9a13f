/** The cost report as every renderer and `--output json` sees it. Money is USD as numbers. */
import type { Architecture } from '../../collectors/model.ts';
import type { NotPriced } from './aggregator.ts';

export interface FailureCost {
  count: number;
  costUsd: number;
}

/** The usage and its cost by charge, for one function or for the whole report. */
export interface UsageCost {
  invocations: number;
  billedGbSeconds: number;
  computeCostUsd: number;
  requestCostUsd: number;
  ephemeralStorageCostUsd: number;
  snapStartRestoreCostUsd: number;
}

export interface FunctionReport extends UsageCost {
  functionName: string;
  region: string;
  architecture: Architecture;
  /** First-tier list price; account-level tier and free-tier adjustments are separate lines. */
  totalCostUsd: number;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  coldStarts: number;
  coldStartRate: number;
  coldStartCostUsd: number;
  timeouts: FailureCost;
  errors: FailureCost;
  ooms: FailureCost;
  crashes: FailureCost;
  memory: {
    configuredMB: number;
    maxUsedMB: number | null;
    headroomPct: number | null;
    recommendedMB: number | null;
    recommendation: string;
    savingUsd: number;
  };
  /** Saving of moving an x86_64 function to arm64 at the same duration; null for arm64 functions. */
  arm64SavingUsd: number | null;
  previousTotalCostUsd: number | null;
  changePct: number | null;
}

/** One account-level line per region and architecture. */
export interface AdjustmentLine {
  region: string;
  architecture: Architecture;
  billedGbSeconds: number;
  requests: number;
  /** Tiered duration cost minus first-tier cost (≤ 0). */
  tierAdjustmentUsd: number;
  /** Free tier credits (≤ 0), when asked for. */
  freeTierComputeUsd: number;
  freeTierRequestUsd: number;
  derivedTierPrices: boolean;
}

export interface CostReport {
  totalCostUsd: number;
  currency: 'USD';
  period: { label: string; from: string | null; to: string | null };
  prices: { source: string; asOf: string };
  freeTierApplied: boolean;
  totals: UsageCost & {
    tierAdjustmentUsd: number;
    freeTierUsd: number;
    coldStartCostUsd: number;
  };
  functions: FunctionReport[];
  adjustments: AdjustmentLine[];
  daily: Array<{ day: string; costUsd: number }>;
  /** Duration distribution over all functions: bucket upper bound (ms) and count. */
  durationHistogram: Array<{ upperMs: number; count: number }>;
  previous: { label: string; totalCostUsd: number; invocations: number; changePct: number | null } | null;
  notPriced: NotPriced[];
  records: { seen: number; outsidePeriod: number; undated: number };
}
