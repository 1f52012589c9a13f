/**
 * One self-contained HTML file (no external assets) for someone who would rather look than
 * read: headline cards, then inline SVG bar charts of cost per function, cost per day and
 * the duration distribution, then the detailed table.
 */
import type { CostReport } from '../report/types.ts';
import { usd } from './format.ts';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Bar {
  label: string;
  value: number;
  title: string;
}

const PALETTE = ['#2563eb', '#059669', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

/** Horizontal bars: one row per item, labels left, values right. */
function horizontalBars(id: string, title: string, bars: Bar[]): string {
  const rowH = 28;
  const labelW = 220;
  const barW = 460;
  const height = Math.max(1, bars.length) * rowH + 10;
  const max = Math.max(...bars.map((b) => b.value), 0) || 1;
  const rows = bars.map((b, i) => {
    const w = Math.max(1, (b.value / max) * barW);
    const y = i * rowH + 5;
    return (
      `<g><text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect class="bar" data-label="${esc(b.label)}" x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[i % PALETTE.length]}" rx="3"><title>${esc(b.title)}</title></rect>` +
      `<text x="${labelW + w + 6}" y="${y + 17}">${esc(usd(b.value))}</text></g>`
    );
  });
  return chart(id, title, labelW + barW + 110, height, rows.join(''));
}

/** Vertical bars along an axis (days, duration buckets). */
function verticalBars(id: string, title: string, bars: Bar[], valueLabel: (v: number) => string): string {
  const width = 820;
  const height = 240;
  const plotH = 180;
  const n = Math.max(1, bars.length);
  const slot = (width - 60) / n;
  const max = Math.max(...bars.map((b) => b.value), 0) || 1;
  const every = Math.ceil(n / 12);
  const parts = bars.map((b, i) => {
    const h = Math.max(1, (b.value / max) * plotH);
    const x = 50 + i * slot;
    const label =
      i % every === 0
        ? `<text x="${(x + slot / 2).toFixed(1)}" y="${plotH + 30}" text-anchor="middle" class="tick">${esc(b.label)}</text>`
        : '';
    return `<rect class="bar" data-label="${esc(b.label)}" x="${(x + 1).toFixed(1)}" y="${(plotH + 10 - h).toFixed(1)}" width="${Math.max(1, slot - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#2563eb" rx="2"><title>${esc(b.title)}</title></rect>${label}`;
  });
  const axis = `<line x1="50" y1="${plotH + 10}" x2="${width - 10}" y2="${plotH + 10}" stroke="#94a3b8"/><text x="46" y="20" text-anchor="end" class="tick">${esc(valueLabel(max))}</text>`;
  return chart(id, title, width, height, axis + parts.join(''));
}

function chart(id: string, title: string, width: number, height: number, body: string): string {
  return (
    `<section class="chart"><h2>${esc(title)}</h2>` +
    `<svg id="${id}" data-chart="${id}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${body}</svg></section>`
  );
}

function card(label: string, value: string, hint = ''): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="hint">${esc(hint)}</div></div>`;
}

export function renderHtml(report: CostReport): string {
  const t = report.totals;
  const fnLabel = (f: CostReport['functions'][number]) =>
    `${f.functionName} (${f.region}, ${f.architecture})`;
  const costBars = report.functions.map((f) => ({
    label: f.functionName,
    value: f.totalCostUsd,
    title: `${fnLabel(f)}: ${usd(f.totalCostUsd)} for ${f.invocations} invocations`,
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
    card('Total', usd(report.totalCostUsd), report.period.label),
    card('Invocations', t.invocations.toLocaleString('en-US'), `${t.billedGbSeconds.toFixed(1)} GB-s`),
    card('Cold starts cost', usd(t.coldStartCostUsd)),
    card('Right-sizing could save', usd(memSaving)),
    card('arm64 could save', usd(armSaving)),
    report.previous
      ? card(
          'vs previous',
          report.previous.changePct === null ? '-' : `${report.previous.changePct.toFixed(1)}%`,
          report.previous.label,
        )
      : '',
  ].join('');
  const rows = report.functions
    .map(
      (f) =>
        `<tr><td>${esc(f.functionName)}</td><td>${esc(f.region)}</td><td>${f.architecture}</td><td>${f.invocations}</td>` +
        `<td>${esc(usd(f.totalCostUsd))}</td><td>${(f.coldStartRate * 100).toFixed(1)}%</td>` +
        `<td>${f.timeouts.count}/${f.errors.count}/${f.ooms.count}/${f.crashes.count}</td><td>${esc(f.memory.recommendation)}</td></tr>`,
    )
    .join('');
  const notPriced = report.notPriced.map((n) => `<li>${n.count} × ${esc(n.message)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lambda cost ${esc(report.period.label)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#0f172a;background:#f8fafc}
h1{font-size:22px}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 3px #0002;min-width:150px}
.card .label{color:#64748b;font-size:12px}.card .value{font-size:22px;font-weight:600}.card .hint{color:#94a3b8;font-size:12px}
.chart{background:#fff;border-radius:8px;padding:12px;margin-top:16px;box-shadow:0 1px 3px #0002}
.chart h2{font-size:15px;margin:0 0 8px}svg text{font-size:12px;fill:#334155}svg .tick{font-size:10px;fill:#64748b}
table{border-collapse:collapse;margin-top:16px;background:#fff}td,th{padding:4px 10px;border-bottom:1px solid #e2e8f0;text-align:left}
</style></head><body>
<h1>Lambda cost — ${esc(report.period.label)}</h1>
<div class="cards">${cards}</div>
${horizontalBars('cost-per-function', 'Cost per function', costBars)}
${verticalBars('daily-cost', 'Cost per day (UTC)', dayBars, usd)}
${verticalBars('duration-distribution', 'Duration distribution (invocations per bucket)', durBars, (v) => String(v))}
<table><thead><tr><th>function</th><th>region</th><th>arch</th><th>invocations</th><th>total</th><th>cold</th><th>fail t/e/o/c</th><th>memory</th></tr></thead><tbody>${rows}</tbody></table>
${notPriced ? `<h2>Not priced</h2><ul>${notPriced}</ul>` : ''}
<p class="hint">Prices: ${esc(report.prices.source)}, as of ${esc(report.prices.asOf)}. Per-function totals are at first-tier list prices; volume tiers${report.freeTierApplied ? ' and the free tier' : ''} are applied to the total.</p>
</body></html>
`;
}
