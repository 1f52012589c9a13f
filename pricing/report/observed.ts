/**
 * Each row's logs and traces, priced at first-tier list rates, and the log groups whose
 * bytes belong to no single priced function (a shared group, or a function whose Lambda
 * usage could not be priced): their ingestion is still a cost, so it gets its own row.
 */
import { FAILURE_STATUSES, functionNameFromLogGroup } from '../../collectors/model.ts';
import type { Money } from '../money.ts';
import { formatBytes, roundUsd, toDecimalString } from '../money.ts';
import type { RowCharges } from './accounts.ts';
import type { CostAggregator } from './aggregator.ts';
import {
  type BytesWindow,
  bytesCost,
  countCost,
  groupBytes,
  tierOne,
  unownedGroups,
} from './observability.ts';
import type { PricedRow } from './rows.ts';
import type { FunctionReport, UnpricedCharge } from './types.ts';

export interface ObservedRow {
  row: PricedRow;
  logsBytes: bigint;
  /** Null when the Region's logs rate is unknown, or logs were not measured. */
  logs: Money | null;
  traces: bigint;
  xray: Money | null;
  /** Logs and X-Ray cost per UTC day number. */
  dailyObservability: Map<number, Money>;
  unpriced: UnpricedCharge[];
}

function logsNotPriced(name: string, region: string, bytes: bigint): UnpricedCharge {
  return {
    functionName: name,
    charge: 'logs-ingestion',
    count: Number(bytes),
    message: `function "${name}": no CloudWatch Logs vended-log rate for ${region} in the price table: the ingestion of ${formatBytes(bytes)} of logs is left out; pass the AmazonCloudWatch offer file with --prices`,
  };
}

function reportLinesOnly(name: string, group: string): UnpricedCharge {
  return {
    functionName: name,
    charge: 'logs-ingestion',
    count: 0,
    message: `function "${name}": the input holds only the REPORT lines of ${group} (a query's result), so what its logs cost to ingest cannot be measured; read its full logs to include it`,
  };
}

/**
 * Stored log lines whose size is unknown (shipped before line documents carried
 * `lambdalens.message_bytes`, or into an index whose mapping lacked it, where the engine
 * keeps it unsummed): their ingestion is a cost the report cannot price, said per group
 * rather than counted as nothing. A new ship stores the size; the same prefix keeps the old
 * documents (their IDs are already there).
 */
export function unsizedLogLines(agg: Pick<CostAggregator, 'unsizedLogLines'>): UnpricedCharge[] {
  return [...agg.unsizedLogLines].map(([groupKey, lines]) => {
    const name = functionNameFromLogGroup(groupKey) ?? groupKey;
    return {
      functionName: name,
      charge: 'logs-ingestion',
      count: lines,
      message: `function "${name}": ${lines} stored log line(s) have no byte size the cluster can sum (lambdalens.message_bytes: shipped by an older lambdalens, or into an index made before \`lambdalens es setup\` mapped it), so what CloudWatch Logs charged to ingest them is not priced; ship those logs again under a new --index-prefix to price it`,
    };
  });
}

export function observe(
  rows: readonly PricedRow[],
  agg: Pick<CostAggregator, 'logBytes' | 'table' | 'logsMeasured' | 'wholeLogGroups'>,
  window: BytesWindow | undefined,
): ObservedRow[] {
  const shared = unownedGroups(agg, rows);
  return rows.map((row) => {
    const daily = new Map<number, Money>();
    const unpriced: UnpricedCharge[] = [];
    let logsBytes = 0n;
    let logs: Money | null = null;
    if (agg.logsMeasured) {
      const tiers = tierOne(agg.table.logs, row.region);
      const byDay = new Map<number, bigint>();
      for (const key of row.groupKeys) {
        if (shared.has(key)) continue;
        const g = groupBytes(agg, key, window);
        if (!agg.wholeLogGroups.has(key)) {
          if (g.total > 0n) unpriced.push(reportLinesOnly(row.functionName, key));
          continue;
        }
        logsBytes += g.total;
        for (const [day, b] of g.byDay) byDay.set(day, (byDay.get(day) ?? 0n) + b);
      }
      const price = tiers?.[0]?.price;
      if (price !== undefined) {
        logs = bytesCost(logsBytes, price);
        for (const [day, b] of byDay) daily.set(day, bytesCost(b, price));
      } else if (logsBytes > 0n) {
        unpriced.push(logsNotPriced(row.functionName, row.region, logsBytes));
      }
    }
    const traces = BigInt(row.traced);
    let xray: Money | null = null;
    const xrayPrice = tierOne(agg.table.xray, row.region)?.[0]?.price;
    if (xrayPrice !== undefined) {
      xray = countCost(traces, xrayPrice);
      for (const [day, n] of row.tracedDaily)
        daily.set(day, (daily.get(day) ?? 0n) + countCost(BigInt(n), xrayPrice));
    } else if (traces > 0n) {
      unpriced.push({
        functionName: row.functionName,
        charge: 'xray',
        count: Number(traces),
        message: `function "${row.functionName}": no X-Ray rate for ${row.region}: ${traces} traced request(s) not priced`,
      });
    }
    return { row, logsBytes, logs, traces, xray, dailyObservability: daily, unpriced };
  });
}

export interface LogsOnlyRow {
  report: FunctionReport;
  total: Money;
  logs: Money | null;
  charges: RowCharges;
}

/** Rows for log groups no single priced function owns. */
export function logsOnlyRows(
  rows: readonly PricedRow[],
  agg: Pick<
    CostAggregator,
    'logBytes' | 'table' | 'logsMeasured' | 'wholeLogGroups' | 'context' | 'configs' | 'defaults' | 'wants'
  >,
  window: BytesWindow | undefined,
): { rows: LogsOnlyRow[]; daily: Map<number, Money>; unpriced: UnpricedCharge[] } {
  const out: LogsOnlyRow[] = [];
  const daily = new Map<number, Money>();
  const unpriced: UnpricedCharge[] = [];
  if (!agg.logsMeasured) return { rows: out, daily, unpriced };
  for (const [groupKey, owners] of unownedGroups(agg, rows)) {
    const g = groupBytes(agg, groupKey, window);
    if (g.total === 0n || !agg.wholeLogGroups.has(groupKey)) continue;
    const name = functionNameFromLogGroup(groupKey) ?? groupKey;
    if (!agg.wants(name) && owners.length === 0) continue;
    const learned = agg.context?.group(groupKey);
    const config = agg.configs.get(name);
    const region = learned?.region ?? config?.region ?? owners[0]?.region ?? agg.defaults.region;
    const accountId = learned?.accountId ?? config?.accountId ?? owners[0]?.accountId ?? null;
    const label =
      owners.length > 1
        ? `${groupKey} (log group shared by ${owners.map((o) => o.functionName).join(', ')})`
        : name;
    if (!region) {
      unpriced.push({
        functionName: label,
        charge: 'logs-ingestion',
        count: Number(g.total),
        message: `log group ${groupKey}: Region unknown: ${formatBytes(g.total)} of logs not priced; pass --region or set its region in the --config file`,
      });
      continue;
    }
    const price = tierOne(agg.table.logs, region)?.[0]?.price;
    if (price === undefined) unpriced.push(logsNotPriced(label, region, g.total));
    const logs = price === undefined ? null : bytesCost(g.total, price);
    if (price !== undefined)
      for (const [day, b] of g.byDay) daily.set(day, (daily.get(day) ?? 0n) + bytesCost(b, price));
    out.push({
      report: logsOnlyReport(label, accountId, region, g.total, logs),
      total: logs ?? 0n,
      logs,
      charges: {
        functionName: label,
        accountId,
        region,
        architecture: null,
        onDemandMbMs: 0n,
        onDemandCompute: 0n,
        requests: 0n,
        noLambdaFreeTier: null,
        logsBytes: g.total,
        logs,
        traces: 0n,
        xray: null,
      },
    });
  }
  return { rows: out, daily, unpriced };
}

function logsOnlyReport(
  functionName: string,
  accountId: string | null,
  region: string,
  bytes: bigint,
  logs: Money | null,
): FunctionReport {
  const none = { count: 0, costUsd: 0 };
  const failures = Object.fromEntries(FAILURE_STATUSES.map((s) => [s, none])) as Record<string, typeof none>;
  return {
    functionName,
    accountId,
    region,
    architecture: null,
    invocations: 0,
    billedGbSeconds: 0,
    computeCostUsd: 0,
    requestCostUsd: 0,
    ephemeralStorageCostUsd: 0,
    snapStartRestoreCostUsd: 0,
    lambdaCostUsd: 0,
    provisioned: { invocations: 0, computeCostUsd: 0 },
    restores: 0,
    logs: { bytes: Number(bytes), costUsd: logs === null ? null : roundUsd(logs) },
    xray: { traces: 0, costUsd: null },
    totalCostUsd: roundUsd(logs ?? 0n),
    durationMs: { p50: null, p95: null, p99: null },
    coldStarts: 0,
    coldStartRate: 0,
    coldStartCostUsd: 0,
    timeouts: failures.timeout ?? none,
    errors: failures.error ?? none,
    ooms: failures.oom ?? none,
    crashes: failures.crash ?? none,
    memory: {
      configuredMB: 0,
      maxUsedMB: null,
      headroomPct: null,
      recommendedMB: null,
      recommendation: 'logs only',
      savingUsd: 0,
      basis: 'none',
      note: 'this row is the log group’s ingestion; its Lambda usage is not priced here (see "not priced")',
      timeoutSeconds: null,
    },
    arm64SavingUsd: null,
    arm64Note: null,
    previousTotalCostUsd: null,
    changePct: null,
    exact: { logs: logs === null ? '' : toDecimalString(logs), total: toDecimalString(logs ?? 0n) },
  };
}
