/**
 * Turns collected usage into the report: rows priced once per bucket, each function's
 * logs and traces, account lines (volume tiers, free tier), standing charges, memory and
 * arm64 advice, the change against the previous period. Every sum is exact; the total is
 * the sum of the rows, the account lines and the standing charges, and nothing else.
 */
import type { Money } from '../money.ts';
import { roundUsd, toDecimalString, toGbSeconds } from '../money.ts';
import type { PriceTable } from '../price-table.ts';
import { type AccountLine, freeTierExclusions, type RowCharges } from './accounts.ts';
import type { CostAggregator } from './aggregator.ts';
import { foldBareGroups } from './bare-groups.ts';
import { change, functionReport, rowTotal } from './function-row.ts';
import { accountLinesByMonth, chargesOf } from './monthly-lines.ts';
import { logsOnlyRows, type ObservedRow, observe, unsizedLogLines } from './observed.ts';
import { QuantileSketch } from './quantile-sketch.ts';
import { lambdaTotal, type PricedRow, priceRows } from './rows.ts';
import { type StandingItem, type StandingTarget, standingCharges, targetOf } from './standing.ts';
import type { AccountReport, CostReport, FunctionReport, NotPriced, UnpricedCharge } from './types.ts';
import { unpricedReport } from './unpriced-rows.ts';
import { DAY_MS, dayString } from './usage.ts';

/** A row of the report with its exact amounts. */
interface ReportRow {
  report: FunctionReport;
  total: Money;
  row: PricedRow | null;
  logs: Money | null;
  xray: Money | null;
}

export interface BuildOptions {
  freeTier?: boolean | undefined;
  /** Accounts share volume tiers and one free tier (one payer under consolidated billing). */
  consolidatedBilling?: boolean | undefined;
  /** Headroom kept above the highest memory used when recommending a size. Default 20%. */
  memoryHeadroomPct?: number | undefined;
}

const sum = (xs: Iterable<Money>) => {
  let n = 0n;
  for (const x of xs) n += x;
  return n;
};

export function buildReport(agg: CostAggregator, options: BuildOptions = {}): CostReport {
  // Now that every input has spoken: a file's key goes into the log group of its function.
  foldBareGroups(agg);
  const table = agg.table;
  const freeTier = options.freeTier === true;
  const consolidated = options.consolidatedBilling === true;
  const current = priceRows(agg.functions.values(), agg, table);
  const observed = observe(current.rows, agg, agg.period);
  const logsOnly = logsOnlyRows(current.rows, agg, agg.period);
  const previous = agg.previous ? previousTotals(agg) : null;
  const previousCovered = previous !== null && previous.invocations > 0;

  const functions: ReportRow[] = [];
  // Logs-only rows taken into the row of their function not priced: still charged, still summed.
  const mergedLogs: typeof logsOnly.rows = [];
  for (const o of observed) {
    const prevTotal = previousCovered ? (previous?.byKey.get(o.row.key) ?? 0n) : null;
    const extras = { ...o, previousTotal: prevTotal, headroomPct: options.memoryHeadroomPct ?? 20 };
    functions.push({
      report: functionReport(o.row, extras),
      total: rowTotal(o.row, o),
      row: o.row,
      logs: o.logs,
      xray: o.xray,
    });
  }
  for (const u of current.unpriced) {
    // The logs of a function not priced are its row's, not a row of their own beside it.
    const report = unpricedReport(u);
    const at = logsOnly.rows.findIndex(
      (l) =>
        l.report.functionName === u.functionName &&
        l.report.accountId === u.accountId &&
        l.report.region === u.region,
    );
    const logs = at < 0 ? undefined : logsOnly.rows.splice(at, 1)[0];
    if (logs) {
      report.logs = logs.report.logs;
      report.totalCostUsd = logs.report.totalCostUsd;
      report.exact = {
        ...report.exact,
        logs: logs.report.exact.logs ?? '',
        total: logs.report.exact.total ?? '0',
      };
      mergedLogs.push(logs);
    }
    functions.push({ report, total: logs?.total ?? 0n, row: null, logs: logs?.logs ?? null, xray: null });
  }
  for (const l of logsOnly.rows)
    functions.push({ report: l.report, total: l.total, row: null, logs: l.logs, xray: null });
  functions.sort(
    (a, b) =>
      Number(b.total - a.total) ||
      a.report.functionName.localeCompare(b.report.functionName) ||
      (a.report.accountId ?? '').localeCompare(b.report.accountId ?? ''),
  );

  const charges: RowCharges[] = [
    ...observed.map((o) => chargesOf(o)),
    ...logsOnly.rows.map((l) => l.charges),
    ...mergedLogs.map((l) => l.charges),
  ];
  const lines = accountLinesByMonth(agg, table, { freeTier, consolidated }, charges);
  const freeTierExcluded = freeTier ? freeTierExclusions(charges) : [];
  const standing = standingCharges(
    standingTargets(current.rows, agg),
    table,
    periodMs(agg),
    coveredHours(agg),
  );

  const rowsTotal = sum(functions.map((f) => f.total));
  const linesTotal = sum(lines.map((l) => l.cost));
  const standingTotal = sum(standing.map((s) => s.cost ?? 0n));
  const total = rowsTotal + linesTotal + standingTotal;
  const rows = current.rows;
  const lambda = sum(rows.map(lambdaTotal));
  const logsOnlyAll = [...logsOnly.rows, ...mergedLogs];
  const logs = sum(observed.map((o) => o.logs ?? 0n)) + sum(logsOnlyAll.map((l) => l.logs ?? 0n));
  const xray = sum(observed.map((o) => o.xray ?? 0n));
  const tierLines = lines.filter((l) => l.charge.endsWith('tiers'));
  const freeLines = lines.filter((l) => !l.charge.endsWith('tiers'));
  const notPriced = notPricedList(agg, current.notPriced);
  const unpriced = [
    ...unpricedCharges(rows),
    ...logsOnly.unpriced,
    ...observed.flatMap((o) => o.unpriced),
    ...unsizedLogLines(agg),
  ];
  const partly = rows.reduce(
    (n, r) => n + Math.max(0, ...[...r.missing.values()].map((v) => Math.min(v, r.invocations))),
    0,
  );
  const invocations = rows.reduce((n, r) => n + r.invocations, 0);
  const mbMs = sum(rows.map((r) => r.onDemandMbMs + r.provisionedMbMs));
  return {
    totalCostUsd: roundUsd(total),
    currency: 'USD',
    period: periodOf(agg),
    prices: {
      source: table.source,
      asOf: table.asOf,
      derived: derivedPrices(table, rows),
      logs: table.logs ? { source: table.logs.source, asOf: table.logs.asOf } : null,
      xray: table.xray ? { source: table.xray.source, asOf: table.xray.asOf } : null,
    },
    freeTierApplied: freeTier,
    consolidatedBilling: consolidated,
    coverage: {
      invocations: agg.records,
      priced: invocations,
      notPriced: notPriced.reduce((n, p) => n + p.count, 0),
      partlyPriced: partly,
    },
    totals: {
      invocations,
      billedGbSeconds: toGbSeconds(mbMs),
      computeCostUsd: roundUsd(sum(rows.map((r) => r.compute))),
      requestCostUsd: roundUsd(sum(rows.map((r) => r.request))),
      ephemeralStorageCostUsd: roundUsd(sum(rows.map((r) => r.ephemeralStorage))),
      snapStartRestoreCostUsd: roundUsd(sum(rows.map((r) => r.snapStartRestore))),
      tierAdjustmentUsd: roundUsd(sum(tierLines.map((l) => l.cost))),
      freeTierUsd: roundUsd(sum(freeLines.map((l) => l.cost))),
      coldStartCostUsd: roundUsd(sum(rows.map((r) => r.coldStartCost))),
      lambdaCostUsd: roundUsd(lambda),
      logsCostUsd: roundUsd(logs),
      logsBytes: Number(
        sum([...observed.map((o) => o.logsBytes), ...logsOnlyAll.map((l) => l.charges.logsBytes)]),
      ),
      xrayCostUsd: roundUsd(xray),
      xrayTraces: Number(sum(observed.map((o) => o.traces))),
      standingUsd: roundUsd(standingTotal),
    },
    exact: {
      total: toDecimalString(total),
      rows: toDecimalString(rowsTotal),
      accountLines: toDecimalString(linesTotal),
      standing: toDecimalString(standingTotal),
      lambda: toDecimalString(lambda),
      logs: toDecimalString(logs),
      xray: toDecimalString(xray),
    },
    functions: functions.map((f) => f.report),
    accounts: accountReports(functions, lines, standing),
    adjustments: lines.map((l) => ({
      accountId: l.accountId,
      region: l.region,
      architecture: l.architecture,
      charge: l.charge,
      label: l.label,
      usage: l.usage,
      costUsd: roundUsd(l.cost),
      derivedPrices: l.derivedPrices,
      exactUsd: toDecimalString(l.cost),
    })),
    standing: standing.map((s) => ({
      functionName: s.functionName,
      accountId: s.accountId,
      region: s.region,
      kind: s.kind,
      basis: s.basis,
      costUsd: s.cost === null ? null : roundUsd(s.cost),
      note: s.note,
      exactUsd: s.cost === null ? null : toDecimalString(s.cost),
    })),
    daily: dailyCosts(agg, observed, logsOnly.daily),
    durationHistogram: histogram(rows),
    previous:
      previous && previousCovered && agg.previous
        ? {
            label: agg.previous.period.label,
            totalCostUsd: roundUsd(previous.total),
            invocations: previous.invocations,
            changePct: change(rowsTotal, previous.total),
          }
        : null,
    notPriced,
    unpriced,
    ...(freeTierExcluded.length > 0 ? { freeTierExcluded } : {}),
    records: { seen: agg.seen, outsidePeriod: agg.outsidePeriod, undated: agg.undated },
    dataCovers: {
      from: agg.firstDay === null ? null : dayString(agg.firstDay),
      to: agg.lastDay === null ? null : dayString(agg.lastDay),
      months: [...agg.months].sort(),
    },
  };
}

function periodOf(agg: CostAggregator): CostReport['period'] {
  if (agg.period) {
    return {
      label: agg.period.label,
      from: new Date(agg.period.fromMs).toISOString(),
      to: new Date(agg.period.toMs).toISOString(),
    };
  }
  const from = agg.firstDay === null ? null : dayString(agg.firstDay);
  const to = agg.lastDay === null ? null : dayString(agg.lastDay);
  return { label: from && to ? `${from}..${to}` : 'all records', from, to };
}

function periodMs(agg: CostAggregator): number {
  if (agg.period) return agg.period.toMs - agg.period.fromMs;
  if (agg.firstDay === null || agg.lastDay === null) return 0;
  return (agg.lastDay - agg.firstDay + 1) * DAY_MS;
}

/**
 * The most hours anything can have run in the report: its period's, or, when the data sets
 * it, the whole calendar months its days fall in (capacity configured for the month is not
 * bounded by the days that logged).
 */
function coveredHours(agg: CostAggregator): number {
  if (agg.period) return (agg.period.toMs - agg.period.fromMs) / 3_600_000;
  if (agg.firstDay === null || agg.lastDay === null) return 0;
  const first = new Date(agg.firstDay * DAY_MS);
  const last = new Date(agg.lastDay * DAY_MS);
  const from = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  const to = Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1);
  return (to - from) / 3_600_000;
}

/** Priced rows, plus configured provisioned concurrency of functions that served nothing in the period. */
function standingTargets(rows: readonly PricedRow[], agg: CostAggregator): StandingTarget[] {
  const targets = rows.map(targetOf);
  const seen = new Set(rows.map((r) => r.functionName));
  for (const [name, config] of agg.configs) {
    if (seen.has(name) || !agg.wants(name) || (config.provisionedConcurrency ?? 0) <= 0) continue;
    const region = config.region ?? agg.defaults.region;
    const architecture = config.architecture ?? agg.defaults.architecture;
    if (!region || !architecture) continue;
    targets.push({
      functionName: name,
      accountId: config.accountId ?? null,
      region,
      architecture,
      config,
      memorySizeMB: null,
      runtime: config.runtime ?? null,
      snapStartVersions: new Map(),
    });
  }
  return targets;
}

function previousTotals(agg: CostAggregator) {
  const window = agg.previous?.period;
  const priced = priceRows(agg.previousFunctions.values(), agg, agg.table);
  const byKey = new Map<string, Money>();
  let total = 0n;
  let invocations = 0;
  for (const o of observe(priced.rows, agg, window)) {
    const t = rowTotal(o.row, o);
    byKey.set(o.row.key, t);
    total += t;
    invocations += o.row.invocations;
  }
  return { byKey, total, invocations };
}

/**
 * By function, reason and message: damaged REPORTs of one function have an entry per
 * message, and the order they were met in is the files' order in one source and the
 * cluster's aggregation order in another; the report must read the same from both.
 */
function notPricedList(agg: CostAggregator, atBuild: NotPriced[]): NotPriced[] {
  return [...agg.notPriced.values(), ...atBuild].sort(
    (a, b) =>
      a.functionName.localeCompare(b.functionName) ||
      a.reason.localeCompare(b.reason) ||
      a.message.localeCompare(b.message),
  );
}

function unpricedCharges(rows: readonly PricedRow[]): UnpricedCharge[] {
  const out: UnpricedCharge[] = [];
  for (const r of rows) {
    for (const [charge, count] of r.missing) {
      const what =
        charge === 'snapstart-restore'
          ? `no SnapStart restore rate for ${r.region} in the price table (published for us-east-1 only): ${count} restore(s) not charged; pass --prices`
          : charge === 'snapstart-restore-runtime'
            ? `${count} SnapStart restore(s) with an unknown runtime (Python and .NET pay, Java does not): set functions["${r.functionName}"].runtime in the --config file`
            : `no ${r.architecture} provisioned-concurrency duration rate for ${r.region}: duration of ${count} invocation(s) not charged; pass --prices`;
      out.push({
        functionName: r.functionName,
        charge,
        count,
        message: `function "${r.functionName}": ${what}`,
      });
    }
  }
  return out;
}

function derivedPrices(table: PriceTable, rows: readonly PricedRow[]) {
  const regions = [...new Set(rows.map((r) => r.region))].sort();
  return regions
    .map((region) => ({ region, what: [...(table.regions.get(region)?.derived ?? [])] }))
    .filter((d) => d.what.length > 0);
}

/**
 * Days a period lists one by one, the days without a cost as zero: a year's. A longer span
 * (one line stamped centuries ahead beside this month's) lists the days that hold a cost
 * alone, so the report stays the size of its data, not of the calendar between.
 */
const DAYS_LISTED_WHOLE = 366;

function dailyCosts(
  agg: CostAggregator,
  observed: readonly ObservedRow[],
  logsOnlyDaily: ReadonlyMap<number, Money>,
): CostReport['daily'] {
  const byDay = new Map<number, Money>(logsOnlyDaily);
  const add = (day: number, m: Money) => byDay.set(day, (byDay.get(day) ?? 0n) + m);
  for (const o of observed) {
    for (const [day, m] of o.row.daily) add(day, m);
    for (const [day, m] of o.dailyObservability) add(day, m);
  }
  const first = agg.period ? Math.floor(agg.period.fromMs / DAY_MS) : agg.firstDay;
  const last = agg.period ? Math.ceil(agg.period.toMs / DAY_MS) - 1 : agg.lastDay;
  const out: CostReport['daily'] = [];
  if (first !== null && last !== null) {
    if (last - first < DAYS_LISTED_WHOLE) {
      for (let day = first; day <= last; day++)
        out.push({ day: dayString(day), costUsd: roundUsd(byDay.get(day) ?? 0n) });
    } else {
      const days = [...byDay.keys()].filter((day) => day >= first && day <= last).sort((a, b) => a - b);
      for (const day of days) out.push({ day: dayString(day), costUsd: roundUsd(byDay.get(day) ?? 0n) });
    }
  }
  const undated = byDay.get(-1);
  if (undated !== undefined) out.push({ day: 'undated', costUsd: roundUsd(undated) });
  return out;
}

function histogram(rows: readonly PricedRow[]) {
  const all = new QuantileSketch();
  for (const r of rows) for (const m of r.byMemory.values()) all.merge(m.durations);
  const h = all.histogram();
  const step = Math.ceil(h.length / 40);
  if (step <= 1) return h;
  const out: Array<{ upperMs: number; count: number }> = [];
  for (let i = 0; i < h.length; i += step) {
    const slice = h.slice(i, i + step);
    out.push({
      upperMs: slice[slice.length - 1]?.upperMs ?? 0,
      count: slice.reduce((n, b) => n + b.count, 0),
    });
  }
  return out;
}

function accountReports(
  functions: readonly ReportRow[],
  lines: readonly AccountLine[],
  standing: readonly StandingItem[],
): AccountReport[] {
  const ids = new Set<string | null>([
    ...functions.map((f) => f.report.accountId),
    ...lines.map((l) => l.accountId),
    ...standing.map((s) => s.accountId),
  ]);
  return [...ids]
    .sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
    .map((accountId) => {
      const fs = functions.filter((f) => f.report.accountId === accountId);
      const lambda = sum(fs.map((f) => (f.row ? lambdaTotal(f.row) : 0n)));
      const rowTotals = sum(fs.map((f) => f.total));
      const adjustments = sum(lines.filter((l) => l.accountId === accountId).map((l) => l.cost));
      const standingTotal = sum(standing.filter((s) => s.accountId === accountId).map((s) => s.cost ?? 0n));
      const logs = sum(fs.map((f) => f.logs ?? 0n));
      const xray = sum(fs.map((f) => f.xray ?? 0n));
      const total = rowTotals + adjustments + standingTotal;
      return {
        accountId,
        functions: fs.length,
        invocations: fs.reduce((n, f) => n + f.report.invocations, 0),
        lambdaCostUsd: roundUsd(lambda),
        logsCostUsd: roundUsd(logs),
        xrayCostUsd: roundUsd(xray),
        adjustmentsUsd: roundUsd(adjustments),
        standingUsd: roundUsd(standingTotal),
        totalCostUsd: roundUsd(total),
        exact: { total: toDecimalString(total), adjustments: toDecimalString(adjustments) },
      };
    });
}
