/**
 * The cost report as text: a terminal table that fits 120 columns (`wide` for every
 * column), and Markdown. Rows are functions, then the account lines (volume tiers, free
 * tier) and standing charges that adjust them, then TOTAL — which equals the headline.
 * With several accounts, each has its own section and subtotal. Cells are measured and
 * padded in the columns a terminal draws them in (a function named `注文-api` takes 8), so
 * names of any script keep the columns after them in line.
 */
import { cellWidth, padEndCells, padStartCells, takeCells } from '../../collectors/kernel/index.ts';
import type { CostReport, FunctionReport } from '../report/types.ts';
import { markdownInline, markdownItem } from './markdown-text.ts';
import {
  chargeLines,
  coldStarts,
  count,
  headline,
  lambdaUsd,
  leftOutLines,
  noteLines,
  pct,
  rowTotalUsd,
  usd,
} from './summary.ts';

export { usd } from './summary.ts';

export interface TextOptions {
  /** Every column, whatever the width. */
  wide?: boolean | undefined;
  /**
   * How a line of the report shows text taken from logs (names, messages): the terminal's
   * escapes in it are data, never sent (the CLI shows its control characters; see
   * collectors/kernel/control-chars.ts `showControlsInLine`). Applied to every cell and line
   * before they are measured, so the columns line up with what is printed.
   */
  show: (text: string) => string;
}

const MAX_WIDTH = 120;

function ms(value: number | null): string {
  return value === null ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(0);
}

const money = (v: number | null) => (v === null ? '-' : usd(v));

interface Column {
  header: string;
  get: (f: FunctionReport) => string;
  right?: boolean;
  /** Shown without `wide`. */
  narrow?: boolean;
  /** May be cut to fit the width. */
  shrink?: boolean;
}

const COLUMNS: Column[] = [
  { header: 'function', get: (f) => f.functionName, narrow: true, shrink: true },
  { header: 'account', get: (f) => f.accountId ?? '-' },
  { header: 'region', get: (f) => f.region ?? '-', narrow: true },
  { header: 'arch', get: (f) => f.architecture ?? '-', narrow: true },
  { header: 'invocations', get: (f) => count(f.invocations), right: true, narrow: true },
  { header: 'GB-s', get: (f) => f.billedGbSeconds.toFixed(2), right: true },
  { header: 'compute', get: (f) => lambdaUsd(f, f.computeCostUsd), right: true },
  { header: 'requests', get: (f) => lambdaUsd(f, f.requestCostUsd), right: true },
  { header: '/tmp storage', get: (f) => lambdaUsd(f, f.ephemeralStorageCostUsd), right: true },
  { header: 'SnapStart restore', get: (f) => lambdaUsd(f, f.snapStartRestoreCostUsd), right: true },
  {
    header: 'Lambda',
    get: (f) => (f.notPriced ? 'not priced' : usd(f.lambdaCostUsd)),
    right: true,
    narrow: true,
  },
  { header: 'logs', get: (f) => money(f.logs.costUsd), right: true, narrow: true },
  { header: 'X-Ray', get: (f) => money(f.xray.costUsd), right: true, narrow: true },
  { header: 'total', get: rowTotalUsd, right: true, narrow: true },
  { header: 'p50 ms', get: (f) => ms(f.durationMs.p50), right: true },
  { header: 'p95 ms', get: (f) => ms(f.durationMs.p95), right: true },
  { header: 'p99 ms', get: (f) => ms(f.durationMs.p99), right: true },
  // A count, as the columns of timeouts and errors beside it are, with its share.
  { header: 'cold starts', get: (f) => coldStarts(f), right: true },
  { header: 'cold-start cost', get: (f) => lambdaUsd(f, f.coldStartCostUsd), right: true },
  { header: 'timeouts', get: (f) => String(f.timeouts.count), right: true },
  { header: 'errors', get: (f) => String(f.errors.count), right: true },
  { header: 'out of memory', get: (f) => String(f.ooms.count), right: true },
  { header: 'crashes', get: (f) => String(f.crashes.count), right: true },
  {
    header: 'max used / size',
    get: (f) => (f.memory.configuredMB ? `${f.memory.maxUsedMB ?? '-'}/${f.memory.configuredMB} MB` : '-'),
  },
  { header: 'memory advice', get: (f) => f.memory.recommendation, narrow: true, shrink: true },
  { header: 'memory saving', get: (f) => lambdaUsd(f, f.memory.savingUsd), right: true },
  {
    header: 'arm64 saving',
    get: (f) => (f.arm64SavingUsd === null ? '-' : usd(f.arm64SavingUsd)),
    right: true,
  },
  { header: 'vs previous', get: (f) => pct(f.changePct), right: true },
];

/** A row that is not a function: its label goes under `function`, its amount under `total`. */
interface LineRow {
  label: string;
  amount: number;
}

interface Section {
  title: string | null;
  functions: FunctionReport[];
  lines: LineRow[];
  subtotal: number | null;
}

function sections(report: CostReport): Section[] {
  const accounts = report.accounts;
  const several = accounts.length > 1 && !report.consolidatedBilling;
  const linesOf = (accountId: string | null | undefined): LineRow[] => [
    ...report.adjustments
      .filter((a) => a.costUsd !== 0 && (accountId === undefined || a.accountId === accountId))
      .map((a) => ({ label: `${a.label}${a.derivedPrices ? ' (derived prices)' : ''}`, amount: a.costUsd })),
    ...report.standing
      .filter((s) => s.costUsd !== null && (accountId === undefined || s.accountId === accountId))
      .map((s) => ({
        label: `${s.kind === 'provisioned-concurrency' ? 'provisioned concurrency' : 'SnapStart cache'}, ${s.functionName}`,
        amount: s.costUsd as number,
      })),
  ];
  if (!several)
    return [{ title: null, functions: report.functions, lines: linesOf(undefined), subtotal: null }];
  return accounts.map((a) => ({
    title: `${a.accountId === null ? 'account not known' : `account ${a.accountId}`}: ${a.functions} function(s), ${count(a.invocations)} invocations`,
    functions: report.functions.filter((f) => f.accountId === a.accountId),
    lines: linesOf(a.accountId),
    subtotal: a.totalCostUsd,
  }));
}

/** Words of `text` in lines of at most `width` columns; later lines indented two more than the first. */
export function wrap(text: string, width: number): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const indent = `${lead}    `;
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const fresh = line.trim() === '';
    const next = fresh ? `${line}${word}` : `${line} ${word}`;
    if (cellWidth(next) <= width || fresh) line = next;
    else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** `text` cut to `width` columns, an ellipsis marking the cut. */
function clip(text: string, width: number): string {
  return cellWidth(text) <= width ? text : `${takeCells(text, Math.max(1, width - 1))}…`;
}

/** Fixed-width table for a terminal. */
export function renderTable(report: CostReport, options: TextOptions): string {
  const wide = options.wide === true;
  const show = options.show;
  const columns = COLUMNS.filter((c) => wide || c.narrow);
  const parts = sections(report);
  const cellsOf = (f: FunctionReport) => columns.map((c) => show(c.get(f)));
  const functionRows = parts.flatMap((s) => s.functions).map(cellsOf);
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...functionRows.map((r) => cellWidth(r[i] ?? ''))),
  );
  const totalIndex = columns.findIndex((c) => c.header === 'total');
  const amounts = [usd(report.totalCostUsd), ...parts.flatMap((s) => s.lines.map((l) => usd(l.amount)))];
  widths[totalIndex] = Math.max(widths[totalIndex] ?? 0, ...amounts.map((a) => a.length));
  if (!wide) narrowToFit(columns, widths);
  const labelWidth = widths.slice(0, totalIndex).reduce((n, w) => n + w + 2, -2);
  const cell = (text: string, i: number) => {
    const w = widths[i] ?? 0;
    const t = clip(text, w);
    return columns[i]?.right ? padStartCells(t, w) : padEndCells(t, w);
  };
  const row = (cells: string[]) => cells.map(cell).join('  ').trimEnd();
  const line = (label: string, amount: number) =>
    `${padEndCells(clip(show(label), labelWidth), labelWidth)}  ${usd(amount).padStart(widths[totalIndex] ?? 0)}`;
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const fold = (text: string) => (wide ? [show(text)] : wrap(show(text), MAX_WIDTH));
  const out = [...fold(headline(report)), ...chargeLines(report).flatMap((l) => fold(`  ${l}`)), ''];
  out.push(row(columns.map((c) => c.header)), rule);
  for (const s of parts) {
    if (s.title) out.push(show(s.title));
    for (const f of s.functions) out.push(row(cellsOf(f)));
    for (const l of s.lines) out.push(line(l.label, l.amount));
    if (s.subtotal !== null) out.push(line('account total', s.subtotal));
  }
  out.push(rule, line(`TOTAL (${pricedOfAll(report)})`, report.totalCostUsd));
  const notes = [...leftOutLines(report), ...noteLines(report)];
  if (notes.length > 0) out.push('', ...notes.flatMap(fold));
  return `${out.join('\n')}\n`;
}

/** "2,149 of 2,156 invocations priced": what stands beside every total. */
function pricedOfAll(report: CostReport): string {
  return `${count(report.coverage.priced)} of ${count(report.coverage.invocations)} invocations priced`;
}

/** Narrows the columns that may shrink until the row fits MAX_WIDTH. */
function narrowToFit(columns: Column[], widths: number[]): void {
  const total = () => widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1);
  for (const minimum of [24, 14, 10]) {
    for (let i = columns.length - 1; i >= 0 && total() > MAX_WIDTH; i--) {
      if (!columns[i]?.shrink) continue;
      const w = widths[i] ?? 0;
      widths[i] = Math.max(minimum, w - (total() - MAX_WIDTH));
    }
  }
}

export function renderMarkdown(report: CostReport, options: TextOptions): string {
  const esc = (s: string) => markdownInline(options.show(s));
  const item = (s: string) => `- ${markdownItem(options.show(s))}`;
  const columns = COLUMNS.filter((c) => options.wide || c.narrow);
  const totalIndex = columns.findIndex((c) => c.header === 'total');
  const out = [
    `# Lambda cost report ${report.period.label}`,
    '',
    `**${usd(report.totalCostUsd)}** — ${esc(headline(report).split(' — ')[1] ?? '')}`,
    '',
  ];
  for (const l of chargeLines(report)) out.push(item(l));
  const blank = columns.map(() => '');
  const mdRow = (cells: string[]) => `| ${cells.map(esc).join(' | ')} |`;
  // `label` is Markdown already: a line's own label escaped, or the bold subtotal.
  const lineRow = (label: string, amount: number) => {
    const cells = [...blank];
    cells[0] = label;
    cells[totalIndex] = usd(amount);
    return `| ${cells.join(' | ')} |`;
  };
  for (const s of sections(report)) {
    out.push('');
    if (s.title) out.push(`## ${esc(s.title)}`, '');
    out.push(
      mdRow(columns.map((c) => c.header)),
      `|${columns.map((c) => (c.right ? '---:' : '---')).join('|')}|`,
    );
    for (const f of s.functions) out.push(mdRow(columns.map((c) => c.get(f))));
    for (const l of s.lines) out.push(lineRow(esc(l.label), l.amount));
    if (s.subtotal !== null) out.push(lineRow('**account total**', s.subtotal));
  }
  // As beside every total: how many invocations it covers.
  out.push('', `**TOTAL ${usd(report.totalCostUsd)}** (${pricedOfAll(report)})`);
  const notes = [...leftOutLines(report), ...noteLines(report)];
  if (notes.length > 0) out.push('', ...notes.map(item));
  return `${out.join('\n')}\n`;
}
