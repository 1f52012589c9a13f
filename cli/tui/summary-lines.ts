/**
 * The health summary as table lines: per function, invocations, failure rates by kind,
 * cold starts, duration percentiles, memory headroom and cost per hour. Columns are
 * dropped from the right of a priority list on narrow terminals, never cut mid-value.
 */
import { functionColour } from './colour.ts';
import { type Colour, fitRight, formatPercent, formatTotalUsd, padCell } from './format.ts';
import { costPerHour, EXACT_DURATIONS, type FunctionHealth, failures } from './health.ts';
import { type Line, plain } from './paint.ts';
import { sanitize } from './sanitize.ts';

export interface SummaryCell {
  text: string;
  colour?: Colour;
  bold?: boolean;
}

export type SummaryLine =
  | { kind: 'title'; text: string }
  | { kind: 'header'; cells: SummaryCell[] }
  | { kind: 'row'; cells: SummaryCell[] }
  | { kind: 'blank' };

interface Column {
  title: string;
  width: number;
  /** Lower goes first when the terminal is narrow. */
  keep: number;
  cell(h: FunctionHealth): SummaryCell;
}

const ms = (v: number | null): string => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
/** A percentile; `~` before one from the sketch, which the table's title explains. */
const percentile = (h: FunctionHealth, v: number | null): SummaryCell => ({
  text: `${h.approximate && v !== null ? '~' : ''}${ms(v)}`,
});
const rate = (n: number, h: FunctionHealth, danger: boolean): SummaryCell => {
  const text = formatPercent(n, h.invocations);
  return n > 0 && danger ? { text, colour: 'red' } : { text };
};

const COLUMNS: Column[] = [
  { title: 'INVOKED', width: 8, keep: 10, cell: (h) => ({ text: String(h.invocations) }) },
  { title: 'RUNNING', width: 7, keep: 3, cell: (h) => ({ text: h.running > 0 ? String(h.running) : '' }) },
  { title: 'FAILED', width: 6, keep: 9, cell: (h) => rate(failures(h), h, true) },
  { title: 'ERROR', width: 6, keep: 4, cell: (h) => rate(h.errors + h.crashes, h, true) },
  { title: 'TIMEOUT', width: 7, keep: 5, cell: (h) => rate(h.timeouts, h, true) },
  { title: 'OOM', width: 6, keep: 5, cell: (h) => rate(h.ooms, h, true) },
  { title: 'COLD', width: 6, keep: 7, cell: (h) => rate(h.cold, h, false) },
  { title: 'P50 ms', width: 8, keep: 6, cell: (h) => percentile(h, h.p50Ms) },
  { title: 'P95 ms', width: 8, keep: 8, cell: (h) => percentile(h, h.p95Ms) },
  { title: 'P99 ms', width: 8, keep: 4, cell: (h) => percentile(h, h.p99Ms) },
  {
    title: 'MEM PEAK MB',
    width: 11,
    keep: 6,
    cell: (h) => ({ text: h.peakMemoryMB === null ? '-' : `${h.peakMemoryMB}/${h.memorySizeMB}` }),
  },
  {
    title: 'HEADROOM',
    width: 8,
    keep: 7,
    cell: (h) => {
      if (h.peakMemoryRatio === null) return { text: '-' };
      const free = Math.max(0, 1 - h.peakMemoryRatio);
      return { text: `${Math.round(free * 100)}%`, ...(free < 0.1 ? { colour: 'yellow' as const } : {}) };
    },
  },
  {
    title: 'COST/h',
    width: 10,
    keep: 8,
    cell: (h) => {
      const perHour = costPerHour(h);
      return { text: perHour === null ? '-' : formatTotalUsd(perHour), colour: 'green' };
    },
  },
  {
    title: 'COST',
    width: 10,
    keep: 7,
    cell: (h) => ({ text: h.priced === 0 ? '-' : formatTotalUsd(h.costUsd), colour: 'green' }),
  },
  {
    title: 'PRICED',
    width: 7,
    keep: 5,
    cell: (h) => ({ text: formatPercent(h.priced, h.invocations) }),
  },
];

function columnsFor(width: number, nameWidth: number): Column[] {
  const chosen = [...COLUMNS];
  const used = (cols: Column[]): number => nameWidth + cols.reduce((n, c) => n + c.width + 1, 0);
  while (chosen.length > 1 && used(chosen) > width) {
    let drop = 0;
    chosen.forEach((c, i) => {
      if (c.keep < (chosen[drop]?.keep ?? Number.POSITIVE_INFINITY)) drop = i;
    });
    chosen.splice(drop, 1);
  }
  return chosen;
}

function table(title: string, health: readonly FunctionHealth[], width: number): SummaryLine[] {
  const nameWidth = Math.min(28, Math.max(8, ...health.map((h) => sanitize(h.functionName).length)));
  const cols = columnsFor(width, nameWidth);
  const out: SummaryLine[] = [
    { kind: 'title', text: title },
    {
      kind: 'header',
      cells: [
        { text: padCell('FUNCTION', nameWidth) },
        ...cols.map((c) => ({ text: fitRight(c.title, c.width) })),
      ],
    },
  ];
  if (health.length === 0) out.push({ kind: 'row', cells: [{ text: 'no invocations' }] });
  for (const h of health) {
    out.push({
      kind: 'row',
      cells: [
        { text: padCell(h.functionName, nameWidth), colour: functionColour(h.functionName), bold: true },
        ...cols.map((c) => {
          const cell = c.cell(h);
          return { ...cell, text: fitRight(cell.text, c.width) };
        }),
      ],
    });
  }
  return out;
}

/** The summary lines that fit `height` from `scroll`, as screen lines. */
export function summaryScreen(lines: readonly SummaryLine[], scroll: number, height: number): Line[] {
  const start = Math.max(0, Math.min(scroll, lines.length - height));
  return lines.slice(start, start + height).map((line): Line => {
    if (line.kind === 'blank') return [];
    if (line.kind === 'title') return [plain(line.text, { bold: true, colour: 'cyan' })];
    const header = line.kind === 'header';
    return line.cells.map((cell, j) =>
      plain(`${j === 0 ? '' : ' '}${cell.text}`, {
        ...(cell.colour ? { colour: cell.colour } : {}),
        ...(cell.bold || header ? { bold: true } : {}),
        ...(header ? { dim: true } : {}),
      }),
    );
  });
}

/** Both tables: what the list shows now, and everything completed since the start. */
export function summaryLines(
  onScreen: readonly FunctionHealth[],
  sinceStart: readonly FunctionHealth[],
  width: number,
  onScreenTitle: string,
): SummaryLine[] {
  return [
    ...table(onScreenTitle, onScreen, width),
    { kind: 'blank' },
    ...table(
      sinceStart.some((h) => h.approximate)
        ? `Since start (every completed invocation; ~ marks percentiles within 1%, past ${EXACT_DURATIONS} per function)`
        : 'Since start (every completed invocation)',
      sinceStart,
      width,
    ),
  ];
}
