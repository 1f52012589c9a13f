/**
 * One self-contained HTML file (no external assets) for someone who would rather look than
 * read: headline cards (total, what it covers, Lambda, logs, X-Ray), bar charts with axes,
 * ticks and gridlines (cost per function, cost on every day of the period, the duration
 * distribution), then the table with every column, per account, the account lines and
 * TOTAL, and what was left out.
 */
import { formatBytes } from '../money.ts';
import type { CostReport, FunctionReport } from '../report/types.ts';
import {
  chargeLines,
  coldStarts,
  count,
  coverageLine,
  lambdaUsd,
  leftOutLines,
  noteLines,
  pct,
  rowTotalUsd,
  usd,
} from './summary.ts';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Bar {
  label: string;
  value: number;
  title: string;
}

const PALETTE = ['#2563eb', '#059669', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

/** A round step so that about `ticks` steps cover `max` (1, 2 or 5 × a power of ten). */
export function niceStep(max: number, ticks = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function chart(id: string, title: string, width: number, height: number, body: string): string {
  return (
    `<section class="chart"><h2>${esc(title)}</h2>` +
    `<svg id="${id}" data-chart="${id}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${body}</svg></section>`
  );
}

/** Horizontal bars: one row per item, with a value axis, ticks and gridlines. */
function horizontalBars(id: string, title: string, bars: Bar[], valueLabel: (v: number) => string): string {
  const rowH = 28;
  const labelW = 240;
  const barW = 520;
  const top = 22;
  const height = top + Math.max(1, bars.length) * rowH + 10;
  const step = niceStep(Math.max(...bars.map((b) => b.value), 0));
  const max = Math.max(step, Math.ceil(Math.max(...bars.map((b) => b.value), 0) / step) * step);
  const x = (v: number) => labelW + (v / max) * barW;
  const grid: string[] = [];
  for (let v = 0; v <= max + step / 2; v += step) {
    grid.push(
      `<line class="grid" x1="${x(v).toFixed(1)}" y1="${top - 4}" x2="${x(v).toFixed(1)}" y2="${height - 6}"/>` +
        `<text class="tick" data-axis="x" x="${x(v).toFixed(1)}" y="${top - 8}" text-anchor="middle">${esc(valueLabel(v))}</text>`,
    );
  }
  const rows = bars.map((b, i) => {
    const w = Math.max(1, (b.value / max) * barW);
    const y = top + i * rowH;
    return (
      `<g><text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect class="bar" data-label="${esc(b.label)}" data-value="${b.value}" x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[i % PALETTE.length]}" rx="3"><title>${esc(b.title)}</title></rect>` +
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}">${esc(valueLabel(b.value))}</text></g>`
    );
  });
  return chart(id, title, labelW + barW + 120, height, grid.join('') + rows.join(''));
}

/** Vertical bars along an axis (days, duration buckets), with y ticks and gridlines. */
function verticalBars(id: string, title: string, bars: Bar[], valueLabel: (v: number) => string): string {
  const width = 880;
  const left = 70;
  const plotH = 200;
  const top = 12;
  const height = top + plotH + 44;
  const n = Math.max(1, bars.length);
  const slot = (width - left - 10) / n;
  const step = niceStep(Math.max(...bars.map((b) => b.value), 0));
  const max = Math.max(step, Math.ceil(Math.max(...bars.map((b) => b.value), 0) / step) * step);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= max + step / 2; v += step) {
    parts.push(
      `<line class="grid" x1="${left}" y1="${y(v).toFixed(1)}" x2="${width - 10}" y2="${y(v).toFixed(1)}"/>` +
        `<text class="tick" data-axis="y" x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(valueLabel(v))}</text>`,
    );
  }
  const every = Math.ceil(n / 16);
  bars.forEach((b, i) => {
    const h = b.value > 0 ? Math.max(1, (b.value / max) * plotH) : 0;
    const x = left + i * slot;
    parts.push(
      `<rect class="bar" data-label="${esc(b.label)}" data-value="${b.value}" x="${(x + 1).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#2563eb" rx="2"><title>${esc(b.title)}</title></rect>`,
    );
    const cx = (x + slot / 2).toFixed(1);
    parts.push(`<line class="axis" x1="${cx}" y1="${top + plotH}" x2="${cx}" y2="${top + plotH + 4}"/>`);
    if (i % every === 0) {
      parts.push(
        `<text class="tick" data-axis="x" x="${cx}" y="${top + plotH + 18}" text-anchor="middle">${esc(b.label)}</text>`,
      );
    }
  });
  parts.push(`<line class="axis" x1="${left}" y1="${top + plotH}" x2="${width - 10}" y2="${top + plotH}"/>`);
  parts.push(`<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}"/>`);
  return chart(id, title, width, height, parts.join(''));
}

function card(label: string, value: string, hint = '', id = ''): string {
  return `<div class="card"${id ? ` id="${id}"` : ''}><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="hint">${esc(hint)}</div></div>`;
}

const ms = (v: number | null) => (v === null ? '-' : `${v < 10 ? v.toFixed(2) : v.toFixed(0)}`);
const money = (v: number | null) => (v === null ? '-' : usd(v));

const COLUMNS: Array<[string, (f: FunctionReport) => string]> = [
  ['function', (f) => f.functionName],
  ['account', (f) => f.accountId ?? '-'],
  ['region', (f) => f.region ?? '-'],
  ['arch', (f) => f.architecture ?? '-'],
  ['invocations', (f) => count(f.invocations)],
  ['GB-s', (f) => f.billedGbSeconds.toFixed(2)],
  ['compute', (f) => lambdaUsd(f, f.computeCostUsd)],
  ['requests', (f) => lambdaUsd(f, f.requestCostUsd)],
  ['/tmp storage', (f) => lambdaUsd(f, f.ephemeralStorageCostUsd)],
  ['SnapStart restore', (f) => lambdaUsd(f, f.snapStartRestoreCostUsd)],
  ['Lambda', (f) => (f.notPriced ? 'not priced' : usd(f.lambdaCostUsd))],
  ['logs', (f) => money(f.logs.costUsd)],
  ['X-Ray', (f) => money(f.xray.costUsd)],
  ['total', rowTotalUsd],
  ['p50 ms', (f) => ms(f.durationMs.p50)],
  ['p95 ms', (f) => ms(f.durationMs.p95)],
  ['p99 ms', (f) => ms(f.durationMs.p99)],
  ['cold starts', coldStarts],
  ['cold-start cost', (f) => lambdaUsd(f, f.coldStartCostUsd)],
  ['timeouts', (f) => String(f.timeouts.count)],
  ['errors', (f) => String(f.errors.count)],
  ['out of memory', (f) => String(f.ooms.count)],
  ['crashes', (f) => String(f.crashes.count)],
  [
    'max used / size',
    (f) => (f.memory.configuredMB ? `${f.memory.maxUsedMB ?? '-'}/${f.memory.configuredMB} MB` : '-'),
  ],
  ['memory advice', (f) => f.memory.recommendation],
  ['memory saving', (f) => lambdaUsd(f, f.memory.savingUsd)],
  ['arm64 saving', (f) => (f.arm64SavingUsd === null ? '-' : usd(f.arm64SavingUsd))],
  ['vs previous', (f) => pct(f.changePct)],
];

function tableOf(report: CostReport): string {
  const totalAt = COLUMNS.findIndex(([h]) => h === 'total');
  const span = (label: string, amount: number, cls: string) =>
    `<tr class="${cls}"><td colspan="${totalAt}">${esc(label)}</td><td class="num" data-amount="${amount}">${esc(usd(amount))}</td><td colspan="${COLUMNS.length - totalAt - 1}"></td></tr>`;
  const fnRow = (f: FunctionReport) =>
    `<tr class="function" title="${esc(f.notPriced?.message ?? f.memory.note)}">${COLUMNS.map(([h, get]) => `<td${h === 'total' ? ` class="num" data-amount="${f.totalCostUsd}"` : ''}>${esc(get(f))}</td>`).join('')}</tr>`;
  const several = report.accounts.length > 1 && !report.consolidatedBilling;
  const body: string[] = [];
  const groups = several ? report.accounts.map((a) => a.accountId) : [undefined];
  for (const accountId of groups) {
    const account = report.accounts.find((a) => a.accountId === accountId);
    if (several && account) {
      body.push(
        `<tr class="account"><th colspan="${COLUMNS.length}" data-account="${esc(accountId ?? '')}">${esc(accountId === null ? 'account not known' : `account ${accountId}`)}: ${account.functions} function(s), ${esc(count(account.invocations))} invocations, ${esc(usd(account.totalCostUsd))}</th></tr>`,
      );
    }
    const mine = <T extends { accountId: string | null }>(xs: T[]) =>
      xs.filter((x) => accountId === undefined || x.accountId === accountId);
    for (const f of mine(report.functions)) body.push(fnRow(f));
    for (const a of mine(report.adjustments).filter((x) => x.costUsd !== 0)) {
      body.push(span(`${a.label}${a.derivedPrices ? ' (derived prices)' : ''}`, a.costUsd, 'adjustment'));
    }
    for (const s of mine(report.standing).filter((x) => x.costUsd !== null)) {
      body.push(
        span(
          `${s.kind === 'provisioned-concurrency' ? 'provisioned concurrency' : 'SnapStart cache'}, ${s.functionName}: ${s.basis}`,
          s.costUsd as number,
          'standing',
        ),
      );
    }
    if (several && account) body.push(span('account total', account.totalCostUsd, 'subtotal'));
  }
  body.push(span(`TOTAL (${coverageLine(report)})`, report.totalCostUsd, 'total'));
  return `<div class="scroll"><table id="functions"><thead><tr>${COLUMNS.map(([h]) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

/** The daily chart's title: every day of the period, or, over a span past a year, the days with a cost alone (see build.ts). */
function dailyTitle(report: CostReport): string {
  const dated = report.daily.filter((d) => d.day !== 'undated').length;
  const { from, to } = report.period;
  const days = from && to ? (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 : dated;
  if (dated === days) return 'Cost per day (UTC), every day of the period';
  return `Cost per day (UTC), the ${dated} ${dated === 1 ? 'day' : 'days'} with a cost`;
}

export function renderHtml(report: CostReport): string {
  const t = report.totals;
  const costBars = report.functions.map((f) => ({
    label: f.functionName,
    value: f.totalCostUsd,
    title: `${f.functionName} (${f.region ?? 'Region unknown'}${f.architecture ? `, ${f.architecture}` : ''}): ${rowTotalUsd(f)} for ${f.invocations} invocations`,
  }));
  const dayBars = report.daily.map((d) => ({
    label: d.day.slice(5),
    value: d.costUsd,
    title: `${d.day}: ${usd(d.costUsd)}`,
  }));
  const durBars = report.durationHistogram.map((b) => ({
    label: b.upperMs < 1000 ? `${b.upperMs.toFixed(0)}ms` : `${(b.upperMs / 1000).toFixed(1)}s`,
    value: b.count,
    title: `≤ ${b.upperMs.toFixed(1)} ms: ${b.count} invocations`,
  }));
  const armSaving = report.functions.reduce((s, f) => s + (f.arm64SavingUsd ?? 0), 0);
  const memSaving = report.functions.reduce((s, f) => s + f.memory.savingUsd, 0);
  const cards = [
    card('Total', usd(report.totalCostUsd), report.period.label, 'total'),
    card(
      'Invocations priced',
      `${count(report.coverage.priced)} of ${count(report.coverage.invocations)}`,
      `${t.billedGbSeconds.toFixed(1)} GB-s`,
      'coverage',
    ),
    card(
      'Lambda',
      usd(t.lambdaCostUsd),
      `compute ${usd(t.computeCostUsd)}, requests ${usd(t.requestCostUsd)}`,
      'lambda',
    ),
    card('Logs (CloudWatch)', usd(t.logsCostUsd), `${formatBytes(t.logsBytes)} ingested`, 'logs'),
    card('X-Ray', usd(t.xrayCostUsd), `${count(t.xrayTraces)} traces`, 'xray'),
    card(
      'Tiers, free tier, standing',
      usd(t.tierAdjustmentUsd + t.freeTierUsd + t.standingUsd),
      report.freeTierApplied ? 'free tier applied' : 'free tier not applied',
    ),
    card('Cold starts cost', usd(t.coldStartCostUsd)),
    card('Right-sizing could save', usd(memSaving), 'upper bound; confirm with a tuning run'),
    card('arm64 could save', usd(armSaving), 'if it runs as fast; measure first'),
    report.previous
      ? card(
          'vs previous',
          report.previous.changePct === null ? '-' : `${report.previous.changePct.toFixed(1)}%`,
          report.previous.label,
        )
      : '',
  ].join('');
  const list = (items: string[]) =>
    items.length > 0 ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
  const leftOut = leftOutLines(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lambda cost ${esc(report.period.label)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#0f172a;background:#f8fafc}
h1{font-size:22px}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 3px #0002;min-width:150px}
.card .label{color:#64748b;font-size:12px}.card .value{font-size:22px;font-weight:600}.card .hint{color:#94a3b8;font-size:12px}
.chart{background:#fff;border-radius:8px;padding:12px;margin-top:16px;box-shadow:0 1px 3px #0002}
.chart h2{font-size:15px;margin:0 0 8px}svg text{font-size:12px;fill:#334155}svg .tick{font-size:10px;fill:#64748b}
svg .grid{stroke:#e2e8f0;stroke-width:1}svg .axis{stroke:#94a3b8;stroke-width:1}
.scroll{overflow-x:auto;margin-top:16px}table{border-collapse:collapse;background:#fff;font-size:13px}
td,th{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:left;white-space:nowrap}.num{text-align:right}
tr.account th{background:#eef2ff}tr.total td{font-weight:700;border-top:2px solid #0f172a}tr.subtotal td{font-weight:600}
ul.summary{color:#334155}
</style></head><body>
<h1>Lambda cost — ${esc(report.period.label)}</h1>
<div class="cards">${cards}</div>
<ul class="summary">${chargeLines(report)
    .map((l) => `<li>${esc(l)}</li>`)
    .join('')}</ul>
${horizontalBars('cost-per-function', 'Cost per function (Lambda + logs + X-Ray)', costBars, usd)}
${verticalBars('daily-cost', dailyTitle(report), dayBars, usd)}
${verticalBars('duration-distribution', 'Duration distribution (invocations per bucket)', durBars, (v) => String(v))}
${tableOf(report)}
${leftOut.length > 0 ? `<h2>Left out of the total</h2>${list(leftOut)}` : ''}
${list(noteLines(report))}
<p class="hint">Prices: ${esc(report.prices.source)}, as of ${esc(report.prices.asOf)}. Rows are at first-tier list prices; volume tiers${report.freeTierApplied ? ', the free tier' : ''} and standing charges are the lines under them.</p>
</body></html>
`;
}
