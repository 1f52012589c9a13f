/** Plain-text renderings of the cost report: terminal table, Markdown and CSV. */
import type { CostReport, FunctionReport } from '../report/types.ts';

export function usd(value: number): string {
  const abs = Math.abs(value);
  const digits = abs === 0 ? 2 : abs < 0.01 ? 6 : abs < 1 ? 4 : 2;
  return `${value < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

function ms(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

function pct(value: number | null): string {
  return value === null ? '-' : `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`;
}

const COLUMNS: Array<[string, (f: FunctionReport) => string]> = [
  ['function', (f) => f.functionName],
  ['region', (f) => f.region],
  ['arch', (f) => f.architecture],
  ['invocations', (f) => String(f.invocations)],
  ['GB-s', (f) => f.billedGbSeconds.toFixed(2)],
  ['compute', (f) => usd(f.computeCostUsd)],
  ['requests', (f) => usd(f.requestCostUsd)],
  ['total', (f) => usd(f.totalCostUsd)],
  ['p50/p95/p99', (f) => `${ms(f.durationMs.p50)}/${ms(f.durationMs.p95)}/${ms(f.durationMs.p99)}`],
  ['cold', (f) => `${(f.coldStartRate * 100).toFixed(1)}% ${usd(f.coldStartCostUsd)}`],
  ['fail t/e/o/c', (f) => `${f.timeouts.count}/${f.errors.count}/${f.ooms.count}/${f.crashes.count}`],
  ['memory', (f) => `${f.memory.maxUsedMB ?? '-'}/${f.memory.configuredMB} MB: ${f.memory.recommendation}`],
  ['arm64 saving', (f) => (f.arm64SavingUsd === null ? '-' : usd(f.arm64SavingUsd))],
  ['vs prev', (f) => pct(f.changePct)],
];

function summaryLines(report: CostReport): string[] {
  const t = report.totals;
  const lines = [
    `Lambda cost ${report.period.label}: ${usd(report.totalCostUsd)} (${t.invocations} invocations, ${t.billedGbSeconds.toFixed(2)} GB-s)`,
    `  compute ${usd(t.computeCostUsd)}, requests ${usd(t.requestCostUsd)}, ephemeral storage ${usd(t.ephemeralStorageCostUsd)}, SnapStart restore ${usd(t.snapStartRestoreCostUsd)}`,
    `  tier adjustment ${usd(t.tierAdjustmentUsd)}${report.freeTierApplied ? `, free tier ${usd(t.freeTierUsd)}` : ''}, cold starts ${usd(t.coldStartCostUsd)}`,
    `  prices: ${report.prices.source}, as of ${report.prices.asOf}`,
  ];
  if (report.previous) {
    lines.push(
      `  previous ${report.previous.label}: ${usd(report.previous.totalCostUsd)} (${pct(report.previous.changePct)})`,
    );
  }
  for (const n of report.notPriced) lines.push(`  not priced: ${n.count} × ${n.message}`);
  return lines;
}

/** Fixed-width table for a terminal. */
export function renderTable(report: CostReport): string {
  const rows = [COLUMNS.map(([h]) => h), ...report.functions.map((f) => COLUMNS.map(([, get]) => get(f)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [...summaryLines(report), '', fmt(rows[0] ?? [])];
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) out.push(fmt(r));
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(report: CostReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    `# Lambda cost report ${report.period.label}`,
    '',
    ...summaryLines(report).map((l) => `- ${l.trim()}`),
    '',
  ];
  out.push(`| ${COLUMNS.map(([h]) => h).join(' | ')} |`);
  out.push(`|${COLUMNS.map(() => '---').join('|')}|`);
  for (const f of report.functions) out.push(`| ${COLUMNS.map(([, get]) => esc(get(f))).join(' | ')} |`);
  if (report.adjustments.length > 0) {
    out.push(
      '',
      '| region | arch | GB-s | requests | tier adjustment | free tier |',
      '|---|---|---|---|---|---|',
    );
    for (const a of report.adjustments) {
      out.push(
        `| ${a.region} | ${a.architecture} | ${a.billedGbSeconds.toFixed(2)} | ${a.requests} | ${usd(a.tierAdjustmentUsd)} | ${usd(a.freeTierComputeUsd + a.freeTierRequestUsd)} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

const CSV_FIELDS = [
  'functionName',
  'region',
  'architecture',
  'invocations',
  'billedGbSeconds',
  'computeCostUsd',
  'requestCostUsd',
  'ephemeralStorageCostUsd',
  'snapStartRestoreCostUsd',
  'totalCostUsd',
  'p50Ms',
  'p95Ms',
  'p99Ms',
  'coldStarts',
  'coldStartCostUsd',
  'timeouts',
  'errors',
  'ooms',
  'crashes',
  'configuredMemoryMB',
  'maxMemoryUsedMB',
  'recommendedMemoryMB',
  'memorySavingUsd',
  'arm64SavingUsd',
  'changePct',
] as const;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per function; costs at full float precision. */
export function renderCsv(report: CostReport): string {
  const out = [CSV_FIELDS.join(',')];
  for (const f of report.functions) {
    const values: Array<string | number | null> = [
      f.functionName,
      f.region,
      f.architecture,
      f.invocations,
      f.billedGbSeconds,
      f.computeCostUsd,
      f.requestCostUsd,
      f.ephemeralStorageCostUsd,
      f.snapStartRestoreCostUsd,
      f.totalCostUsd,
      f.durationMs.p50,
      f.durationMs.p95,
      f.durationMs.p99,
      f.coldStarts,
      f.coldStartCostUsd,
      f.timeouts.count,
      f.errors.count,
      f.ooms.count,
      f.crashes.count,
      f.memory.configuredMB,
      f.memory.maxUsedMB,
      f.memory.recommendedMB,
      f.memory.savingUsd,
      f.arm64SavingUsd,
      f.changePct,
    ];
    out.push(values.map(csvCell).join(','));
  }
  return `${out.join('\n')}\n`;
}
