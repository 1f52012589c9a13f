/**
 * What every text rendering says around its table: the headline with how many invocations
 * the total covers, the charges, the prices and which were derived, and — once — what was
 * left out and why. Shared by the terminal table, Markdown and the HTML report.
 */
import { readUpTo } from '../../collectors/files/source-context.ts';
import { formatBytes } from '../money.ts';
import { utcDay } from '../report/period.ts';
import type { CostReport, FunctionReport, InputNotWhole } from '../report/types.ts';
import { DAY_MS } from '../report/usage.ts';

export function usd(value: number): string {
  const abs = Math.abs(value);
  const digits = abs === 0 ? 2 : abs < 0.01 ? 6 : abs < 1 ? 4 : 2;
  return `${value < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

export function pct(value: number | null): string {
  return value === null ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

export const count = (n: number) => n.toLocaleString('en-US');

/** A function's cold starts as its table cell gives them: how many, and their share (`8 (6.0%)`). */
export function coldStarts(f: Pick<FunctionReport, 'coldStarts' | 'coldStartRate'>): string {
  return `${count(f.coldStarts)} (${(f.coldStartRate * 100).toFixed(1)}%)`;
}

/**
 * A Lambda amount of a row as a cell: `-` on the row of a function that could not be
 * priced (`notPriced`), whose amounts are 0 only because nothing was priced.
 */
export function lambdaUsd(f: Pick<FunctionReport, 'notPriced'>, value: number): string {
  return f.notPriced ? '-' : usd(value);
}

/** A row's total as a cell: `not priced` when nothing of it was (no Lambda price, no logs price). */
export function rowTotalUsd(f: Pick<FunctionReport, 'notPriced' | 'logs' | 'totalCostUsd'>): string {
  return f.notPriced && f.logs.costUsd === null ? 'not priced' : usd(f.totalCostUsd);
}

/** "2,149 of 2,156 invocations priced" and what the rest were. */
export function coverageLine(report: CostReport): string {
  const c = report.coverage;
  let line = `${count(c.priced)} of ${count(c.invocations)} invocations priced`;
  if (c.notPriced > 0) line += ` (${count(c.notPriced)} not priced: see below)`;
  if (c.partlyPriced > 0) line += `; ${count(c.partlyPriced)} with a charge left out (see below)`;
  const notWhole = report.inputsNotWhole?.length ?? 0;
  if (notWhole > 0)
    line += `; ${count(notWhole)} input${notWhole === 1 ? '' : 's'} not read whole (see below)`;
  return line;
}

export function headline(report: CostReport): string {
  return `Lambda cost ${report.period.label}: ${usd(report.totalCostUsd)} — ${coverageLine(report)}`;
}

/** The day before `iso` (an instant at midnight UTC), as YYYY-MM-DD. */
function dayBefore(iso: string): string {
  return utcDay(Date.parse(iso) - DAY_MS);
}

/**
 * "the data covers only 2026-10-01..2026-10-03 of 2026-09-25..2026-10-03" when the period
 * asked for reaches past the data read: its figures are for fewer days than its label says
 * (a range over data that starts later, a month whose logs end early). Null when the data
 * spans the whole period, or the period is the data's own span (none asked for).
 */
export function periodCoverageLine(report: CostReport): string | null {
  const { period, dataCovers } = report;
  if (!period.from || !period.to || !dataCovers.from || !dataCovers.to) return null;
  // An asked-for period runs between instants, its end excluded; the data's own span is
  // given in days, both included.
  const first = period.from.slice(0, 10);
  const last = period.to.includes('T') ? dayBefore(period.to) : period.to;
  // YYYY-MM-DD days sort as text: the later start and the earlier end.
  const [, from] = [dataCovers.from, first].sort() as [string, string];
  const [to] = [dataCovers.to, last].sort() as [string, string];
  if (from > to || (from === first && to === last)) return null;
  return `the data covers only ${from}..${to} of ${period.label}`;
}

/** The lines under the headline: how much of the period the data covers, charges, account lines, prices. */
export function chargeLines(report: CostReport): string[] {
  const t = report.totals;
  const covered = periodCoverageLine(report);
  const lines = [
    ...(covered === null ? [] : [covered]),
    `Lambda ${usd(t.lambdaCostUsd)}: compute ${usd(t.computeCostUsd)} (${t.billedGbSeconds.toFixed(2)} GB-s), requests ${usd(t.requestCostUsd)}, ephemeral storage ${usd(t.ephemeralStorageCostUsd)}, SnapStart restore ${usd(t.snapStartRestoreCostUsd)}; cold starts' share ${usd(t.coldStartCostUsd)}`,
    `logs ${report.prices.logs && t.logsBytes > 0 ? `${usd(t.logsCostUsd)} (${formatBytes(t.logsBytes)} ingested by CloudWatch Logs)` : 'not measured (that takes every line of a log group, read from files)'}, X-Ray ${usd(t.xrayCostUsd)} (${count(t.xrayTraces)} traced requests)`,
    `volume tiers ${usd(t.tierAdjustmentUsd)}${report.freeTierApplied ? `, free tier ${usd(t.freeTierUsd)}` : ', free tier not applied (--free-tier)'}, standing charges ${usd(t.standingUsd)}${report.consolidatedBilling ? '; accounts billed together (consolidated)' : ', tiers and free tier per account'}`,
    `prices: ${report.prices.source}, as of ${report.prices.asOf}${report.prices.logs ? `; logs: ${report.prices.logs.source}, as of ${report.prices.logs.asOf}` : ''}${report.prices.xray ? `; X-Ray: ${report.prices.xray.source}, as of ${report.prices.xray.asOf}` : ''}`,
  ];
  for (const d of report.prices.derived) lines.push(`derived prices in ${d.region}: ${d.what.join('; ')}`);
  const unknown = report.functions.filter((f) => f.accountId === null).length;
  if (unknown > 0 && report.accounts.length > 1 && !report.consolidatedBilling) {
    lines.push(
      `${unknown} function(s) of an account the logs do not name count as one more account for tiers and the free tier: set accountId in --config, or --consolidated-billing`,
    );
  }
  if (report.previous) {
    lines.push(
      `previous ${report.previous.label}: ${usd(report.previous.totalCostUsd)} for ${count(report.previous.invocations)} invocations (${pct(report.previous.changePct)})`,
    );
  }
  return lines;
}

/** What was left out, once: invocations not priced, charges not priced, standing charges not priced. */
export function leftOutLines(report: CostReport): string[] {
  const lines = inputNotWholeLines(report);
  for (const n of report.notPriced) {
    lines.push(`not priced: ${count(n.count)} × ${n.message}`);
    for (const e of n.examples ?? []) lines.push(`  e.g. ${e}`);
  }
  for (const u of report.unpriced) lines.push(`left out of the total: ${u.message}`);
  for (const s of report.standing) {
    if (s.costUsd === null) lines.push(`standing charge left out: ${s.functionName} ${s.kind}: ${s.note}`);
  }
  return lines;
}

/** The inputs the figures lack, whole or after the point where reading them failed. */
export function inputNotWholeLines(report: CostReport): string[] {
  return (report.inputsNotWhole ?? []).map(inputNotWholeLine);
}

export function inputNotWholeLine(i: InputNotWhole): string {
  return i.readInPart === null
    ? `input not read: ${i.input}: ${i.error}; nothing of it is in this report`
    : `input read only in part: ${i.input}: ${readUpTo(i.readInPart.events, i.readInPart.lastTime)}, then ${i.error}; what it holds after that is not in this report`;
}

/**
 * Notes that qualify figures in the table: why a function got no free tier, configured
 * functions the report found no invocation of, advice basis, estimates. The monthly report
 * is often read as a file, away from the run's stderr: what explains its figures is in it.
 */
export function noteLines(report: CostReport): string[] {
  const lines = (report.freeTierExcluded ?? []).map((e) => e.message);
  if (report.unusedConfig) lines.push(report.unusedConfig.message);
  for (const f of report.functions) {
    if (
      f.memory.basis !== 'none' &&
      f.memory.recommendedMB !== null &&
      f.memory.recommendedMB !== f.memory.configuredMB
    ) {
      lines.push(`${f.functionName}: ${f.memory.recommendation}: ${f.memory.note}`);
    }
  }
  for (const s of report.standing) {
    if (s.costUsd !== null)
      lines.push(`${s.functionName} ${s.kind} ${usd(s.costUsd)}: ${s.basis}${s.note ? `; ${s.note}` : ''}`);
  }
  return lines;
}
