/**
 * Rows of the functions whose usage could not be priced (no Region the logs, --config or
 * flags name, no architecture, a Region the price table lacks). The headline counts their
 * invocations, so the table lists them too, with what is known of them — the Region and
 * architecture said, invocations, GB-s, durations, cold starts, failures, memory — and their
 * Lambda cost marked not priced with the reason and what to give. Without such a row a
 * report of a plain text copy had an empty table under "0 of 2 invocations priced".
 */
import {
  type Architecture,
  FAILURE_STATUSES,
  type FailureStatus,
  isFailure,
} from '../../collectors/model.ts';
import { toGbSeconds } from '../money.ts';
import type { NotPricedReason } from '../price-invocation.ts';
import { QuantileSketch } from './quantile-sketch.ts';
import type { FunctionReport } from './types.ts';
import { type FunctionUsage, totalBilledMs } from './usage.ts';

/** What the logs, the config and the flags said of a function that still cannot be priced. */
export interface KnownContext {
  accountId: string | null;
  region: string | null;
  architecture: Architecture | null;
}

/** A function's usage in one account, Region and architecture (each as far as known), not priced for one reason. */
export interface UnpricedRow extends KnownContext {
  functionName: string;
  reason: NotPricedReason;
  message: string;
  groupKeys: Set<string>;
  invocations: number;
  provisionedInvocations: number;
  mbMs: bigint;
  coldStarts: number;
  restores: number;
  traced: number;
  failures: Record<FailureStatus, number>;
  byMemory: Map<number, { count: number; durations: QuantileSketch; maxUsedMB: number | null }>;
}

/** Gathers unpriced usage into rows, one per function, known context and reason. */
export class UnpricedRows {
  private readonly rows = new Map<string, UnpricedRow>();

  add(f: FunctionUsage, known: KnownContext, reason: NotPricedReason, message: string): void {
    const key = [f.functionName, known.accountId, known.region, known.architecture, reason].join('\u0000');
    let row = this.rows.get(key);
    if (!row) {
      row = {
        ...known,
        functionName: f.functionName,
        reason,
        message,
        groupKeys: new Set(),
        invocations: 0,
        provisionedInvocations: 0,
        mbMs: 0n,
        coldStarts: 0,
        restores: 0,
        traced: 0,
        failures: { timeout: 0, error: 0, oom: 0, crash: 0 },
        byMemory: new Map(),
      };
      this.rows.set(key, row);
    }
    row.groupKeys.add(f.groupKey);
    for (const b of f.buckets.values()) {
      // What Lambda bills, whatever the rate: the same MB-ms usageCost multiplies.
      row.mbMs += totalBilledMs(b) * BigInt(b.memorySizeMB);
      row.invocations += b.count;
      if (b.provisioned) row.provisionedInvocations += b.count;
      row.coldStarts += b.coldStarts;
      row.restores += b.restores;
      row.traced += b.traced;
      if (isFailure(b.status)) row.failures[b.status] += b.count;
    }
    for (const [memory, stats] of f.byMemory) {
      let m = row.byMemory.get(memory);
      if (!m) {
        m = { count: 0, durations: new QuantileSketch(), maxUsedMB: null };
        row.byMemory.set(memory, m);
      }
      m.count += stats.count;
      m.durations.merge(stats.durations);
      if (stats.maxUsedMB !== null && (m.maxUsedMB === null || stats.maxUsedMB > m.maxUsedMB))
        m.maxUsedMB = stats.maxUsedMB;
    }
  }

  list(): UnpricedRow[] {
    return [...this.rows.values()];
  }
}

/** The row's reason in the few words a table cell holds, with the flag that gives what is missing (the notes say it whole). */
function inBrief(row: UnpricedRow): string {
  switch (row.reason) {
    case 'missing-region':
      return 'Region unknown: --region';
    case 'missing-architecture':
      return 'arch unknown: --arch';
    case 'missing-region-and-architecture':
      return 'Region, arch unknown: --region --arch';
    case 'unknown-region':
      return 'no prices for its Region: --prices';
    default:
      return 'not priced';
  }
}

/** What the report shows of an unpriced row: its usage, no Lambda cost, and why (`notPriced`). */
export function unpricedReport(row: UnpricedRow): FunctionReport {
  const durations = new QuantileSketch();
  for (const m of row.byMemory.values()) durations.merge(m.durations);
  const sizes = [...row.byMemory.keys()];
  const maxUsed = [...row.byMemory.values()].reduce<number | null>(
    (n, m) => (m.maxUsedMB !== null && (n === null || m.maxUsedMB > n) ? m.maxUsedMB : n),
    null,
  );
  const failures = Object.fromEntries(
    FAILURE_STATUSES.map((s) => [s, { count: row.failures[s], costUsd: 0 }]),
  ) as Record<FailureStatus, { count: number; costUsd: number }>;
  return {
    functionName: row.functionName,
    accountId: row.accountId,
    region: row.region,
    architecture: row.architecture,
    invocations: row.invocations,
    billedGbSeconds: toGbSeconds(row.mbMs),
    computeCostUsd: 0,
    requestCostUsd: 0,
    ephemeralStorageCostUsd: 0,
    snapStartRestoreCostUsd: 0,
    lambdaCostUsd: 0,
    provisioned: { invocations: row.provisionedInvocations, computeCostUsd: 0 },
    restores: row.restores,
    logs: { bytes: 0, costUsd: null },
    xray: { traces: row.traced, costUsd: null },
    totalCostUsd: 0,
    durationMs: {
      p50: durations.quantile(0.5),
      p95: durations.quantile(0.95),
      p99: durations.quantile(0.99),
    },
    coldStarts: row.coldStarts,
    coldStartRate: row.invocations > 0 ? row.coldStarts / row.invocations : 0,
    coldStartCostUsd: 0,
    timeouts: failures.timeout,
    errors: failures.error,
    ooms: failures.oom,
    crashes: failures.crash,
    memory: {
      configuredMB: sizes.length > 0 ? Math.max(...sizes) : 0,
      maxUsedMB: maxUsed,
      headroomPct: null,
      recommendedMB: null,
      recommendation: inBrief(row),
      savingUsd: 0,
      basis: 'none',
      note: 'advice needs the price of this function, which is not known (see "not priced")',
      timeoutSeconds: null,
    },
    arm64SavingUsd: null,
    arm64Note: null,
    previousTotalCostUsd: null,
    changePct: null,
    exact: { logs: '', xray: '', total: '0' },
    notPriced: { reason: row.reason, message: row.message },
  };
}
