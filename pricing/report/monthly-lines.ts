/**
 * The account lines (volume tiers, free tier) of a report, month by month. AWS applies
 * tiers and the free tier to each calendar month's usage (UTC): a report over data of
 * several months (no `--month`, or a `--from`/`--to` range across months) prices each
 * month's usage apart and names the month in each line, so that two months of 300,000 GB-s
 * are two free allowances, not one. Data of one month gets the lines it always had.
 */
import type { PriceTable } from '../price-table.ts';
import { type AccountLine, type AccountOptions, accountLines, type RowCharges } from './accounts.ts';
import type { CostAggregator } from './aggregator.ts';
import type { BytesWindow } from './observability.ts';
import { logsOnlyRows, type ObservedRow, observe } from './observed.ts';
import { type PricedRow, priceRows } from './rows.ts';
import { DAY_MS, type FunctionUsage } from './usage.ts';

/** What the account lines charge a row for (provisioned duration has no tiers and no free tier). */
export function chargesOf(o: ObservedRow): RowCharges {
  const r = o.row;
  return {
    functionName: r.functionName,
    accountId: r.accountId,
    region: r.region,
    architecture: r.architecture,
    onDemandMbMs: r.onDemandMbMs,
    onDemandCompute: r.compute - r.provisionedCompute,
    requests: BigInt(r.invocations),
    noLambdaFreeTier: provisionedConcurrencyOf(r),
    logsBytes: o.logsBytes,
    logs: o.logs,
    traces: o.traces,
    xray: o.xray,
  };
}

/**
 * Whether, and how we know, a row's function has provisioned concurrency: configured (the
 * config, or what AWS said is allocated), or seen serving invocations. Null when neither.
 */
function provisionedConcurrencyOf(r: PricedRow): string | null {
  const environments = r.config?.provisionedConcurrency ?? 0;
  if (environments > 0) return `provisioned concurrency of ${environments} environment(s) configured`;
  if (r.provisionedInvocations > 0)
    return `${r.provisionedInvocations.toLocaleString('en')} invocation(s) ran on provisioned-concurrency environments`;
  return null;
}

/** A calendar month of the data, as a window; the last one also takes what has no time. */
interface MonthWindow extends BytesWindow {
  undated: boolean;
}

/**
 * The calendar months (UTC) the data's days fall in, inside the report's period: those that
 * hold data, not every month between the first and the last (a line stamped centuries
 * ahead beside this month's would price tens of thousands of empty months, each one a pass
 * over every function).
 */
function monthsOf(
  agg: Pick<CostAggregator, 'firstDay' | 'lastDay' | 'period' | 'functions' | 'logBytes'>,
): MonthWindow[] {
  if (agg.firstDay === null || agg.lastDay === null) return [];
  const from = Math.max(agg.firstDay * DAY_MS, agg.period?.fromMs ?? Number.NEGATIVE_INFINITY);
  const to = Math.min((agg.lastDay + 1) * DAY_MS, agg.period?.toMs ?? Number.POSITIVE_INFINITY);
  const held = new Set<number>();
  const note = (day: number) => {
    const ms = day * DAY_MS;
    if (day < 0 || ms < from || ms >= to) return;
    const d = new Date(ms);
    held.add(d.getUTCFullYear() * 12 + d.getUTCMonth());
  };
  for (const f of agg.functions.values()) for (const b of f.buckets.values()) note(b.day);
  for (const days of agg.logBytes.values()) for (const day of days.keys()) note(day);
  const months: MonthWindow[] = [...held]
    .sort((a, b) => a - b)
    .map((month) => {
      const y = Math.floor(month / 12);
      const m = month - y * 12;
      return {
        label: `${y}-${String(m + 1).padStart(2, '0')}`,
        fromMs: Math.max(monthStart(y, m), from),
        toMs: Math.min(monthStart(y, m + 1), to),
        undated: false,
      };
    });
  const last = months.at(-1);
  if (last) last.undated = true;
  return months;
}

/** Epoch ms of the first of a month (`Date.UTC` would read the years 0–99 as 1900–1999). */
function monthStart(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

function inWindow(day: number, w: MonthWindow): boolean {
  if (day < 0) return w.undated;
  const ms = day * DAY_MS;
  return ms >= w.fromMs && ms < w.toMs;
}

/** The usage of one month: the same function, its buckets of that month only. */
function usageIn(f: FunctionUsage, w: MonthWindow): FunctionUsage {
  const buckets = new Map([...f.buckets].filter(([, b]) => inWindow(b.day, w)));
  return { ...f, buckets };
}

/**
 * The account lines of the report: of `charges` (the whole report's rows) when the data is
 * of one month, else of each month's usage, priced again month by month.
 */
export function accountLinesByMonth(
  agg: CostAggregator,
  table: PriceTable,
  options: AccountOptions,
  charges: readonly RowCharges[],
): AccountLine[] {
  const months = monthsOf(agg);
  if (months.length <= 1) return accountLines(charges, table, options);
  const lines: AccountLine[] = [];
  for (const month of months) {
    const usages = [...agg.functions.values()].map((f) => usageIn(f, month));
    const { rows } = priceRows(usages, agg, table);
    const monthCharges = [
      ...observe(rows, agg, month).map(chargesOf),
      ...logsOnlyRows(rows, agg, month).rows.map((l) => l.charges),
    ];
    for (const line of accountLines(monthCharges, table, options)) {
      lines.push({ ...line, label: `${line.label}, ${month.label}` });
    }
  }
  return lines;
}
