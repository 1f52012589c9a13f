/**
 * One function's line of the report: its Lambda charges, its logs and traces, failures,
 * durations, memory advice and the arm64 comparison, in USD numbers and exact strings.
 */
import { gbSecondCost, type Money, roundUsd, toDecimalString, toGbSeconds, toUsd } from '../money.ts';
import { archPrices, tierOnePrice } from '../price-table.ts';
import { QuantileSketch } from './quantile-sketch.ts';
import { memoryAdvice } from './right-sizing.ts';
import { lambdaTotal, type PricedRow } from './rows.ts';
import type { FunctionReport } from './types.ts';

/** What the report adds to a priced row: its logs, traces and the previous period. */
export interface RowExtras {
  logsBytes: bigint;
  logs: Money | null;
  traces: bigint;
  xray: Money | null;
  previousTotal: Money | null;
  headroomPct: number;
}

export function rowTotal(row: PricedRow, extras: Pick<RowExtras, 'logs' | 'xray'>): Money {
  return lambdaTotal(row) + (extras.logs ?? 0n) + (extras.xray ?? 0n);
}

export function change(current: Money, previous: Money): number | null {
  if (previous === 0n) return null;
  return (toUsd(current - previous) / toUsd(previous)) * 100;
}

function sketchOf(row: PricedRow): QuantileSketch {
  const all = new QuantileSketch();
  for (const m of row.byMemory.values()) all.merge(m.durations);
  return all;
}

export function functionReport(row: PricedRow, extras: RowExtras): FunctionReport {
  const arch = archPrices(row.prices, row.architecture);
  const rate = tierOnePrice(arch);
  const armRate = tierOnePrice(row.prices.arm64);
  const lambda = lambdaTotal(row);
  const total = rowTotal(row, extras);
  const fail = (s: keyof PricedRow['failures']) => ({
    count: row.failures[s].count,
    costUsd: roundUsd(row.failures[s].cost),
  });
  const sizes = [...row.byMemory.keys()];
  const configuredMB = row.config?.memorySizeMB ?? (sizes.length > 0 ? Math.max(...sizes) : 0);
  const sketch = sketchOf(row);
  const memory = memoryAdvice({
    configuredMB,
    byMemory: row.byMemory,
    timeouts: row.failures.timeout.count,
    ooms: row.failures.oom.count,
    timeoutSeconds: row.config?.timeoutSeconds ?? null,
    rate,
    headroomPct: extras.headroomPct,
  });
  const x86 = row.architecture === 'x86_64';
  const armSaving = x86 ? gbSecondCost(row.onDemandMbMs, rate - armRate) : null;
  return {
    functionName: row.functionName,
    accountId: row.accountId,
    region: row.region,
    architecture: row.architecture,
    invocations: row.invocations,
    billedGbSeconds: toGbSeconds(row.onDemandMbMs + row.provisionedMbMs),
    computeCostUsd: roundUsd(row.compute),
    requestCostUsd: roundUsd(row.request),
    ephemeralStorageCostUsd: roundUsd(row.ephemeralStorage),
    snapStartRestoreCostUsd: roundUsd(row.snapStartRestore),
    lambdaCostUsd: roundUsd(lambda),
    provisioned: {
      invocations: row.provisionedInvocations,
      computeCostUsd: roundUsd(row.provisionedCompute),
    },
    restores: row.restores,
    logs: { bytes: Number(extras.logsBytes), costUsd: extras.logs === null ? null : roundUsd(extras.logs) },
    xray: { traces: Number(extras.traces), costUsd: extras.xray === null ? null : roundUsd(extras.xray) },
    totalCostUsd: roundUsd(total),
    durationMs: {
      p50: sketch.quantile(0.5),
      p95: sketch.quantile(0.95),
      p99: sketch.quantile(0.99),
    },
    coldStarts: row.coldStarts,
    coldStartRate: row.invocations > 0 ? row.coldStarts / row.invocations : 0,
    coldStartCostUsd: roundUsd(row.coldStartCost),
    timeouts: fail('timeout'),
    errors: fail('error'),
    ooms: fail('oom'),
    crashes: fail('crash'),
    memory,
    arm64SavingUsd: armSaving === null ? null : roundUsd(armSaving),
    arm64Note: x86
      ? `if it runs as fast on arm64 (Graviton): code may run faster or slower there and native dependencies must be built for arm64${row.failures.timeout.count > 0 ? '; this function timed out, so a slower run would time out more' : ''}; measure with a tuning run first`
      : null,
    previousTotalCostUsd: extras.previousTotal === null ? null : roundUsd(extras.previousTotal),
    changePct: extras.previousTotal === null ? null : change(total, extras.previousTotal),
    exact: {
      compute: toDecimalString(row.compute),
      request: toDecimalString(row.request),
      ephemeralStorage: toDecimalString(row.ephemeralStorage),
      snapStartRestore: toDecimalString(row.snapStartRestore),
      lambda: toDecimalString(lambda),
      logs: extras.logs === null ? '' : toDecimalString(extras.logs),
      xray: extras.xray === null ? '' : toDecimalString(extras.xray),
      total: toDecimalString(total),
    },
  };
}
