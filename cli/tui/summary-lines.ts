/**
 * The health summary as table lines: per function, invocations, failure rates by kind,
 * cold starts, duration percentiles, memory headroom, cost and cost per hour. On a narrow
 * terminal whole columns give way in the order `GIVE_WAY` sets, never cut mid-value. The
 * cost of a function not all of whose invocations were priced says it is at least that.
 */
import { cellWidth } from '../../collectors/kernel/index.ts';
import { functionColour } from './colour.ts';
import { fitForms, type LinePart, piecesWidth } from './fit-parts.ts';
import { type Colour, fitRight, formatPercent, formatSumUsd, padCell, padMiddle } from './format.ts';
import type { GlyphSet } from './glyphs.ts';
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
  title: Exclude<Title, 'FUNCTION'>;
  /** The fewest columns it takes; a wider cell widens it (`>=$12345.67` in ASCII). */
  width: number;
  cell(h: FunctionHealth, glyphs: GlyphSet): SummaryCell;
}

const ms = (v: number | null): string => (v === null ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
/** A percentile; `~` before one from the sketch, which the table's title explains. */
const percentile = (h: FunctionHealth, v: number | null): SummaryCell => ({
  text: `${h.approximate && v !== null ? '~' : ''}${ms(v)}`,
});
/**
 * Money of the invocations priced, at least that when some were not: the PRICED column
 * beside it goes first as the terminal narrows.
 */
const money = (usd: number, h: FunctionHealth, glyphs: GlyphSet): string =>
  formatSumUsd(usd, h.priced < h.invocations, glyphs.atLeast);
const rate = (n: number, h: FunctionHealth, danger: boolean): SummaryCell => {
  const text = formatPercent(n, h.invocations);
  return n > 0 && danger ? { text, colour: 'red' } : { text };
};

const COLUMNS: Column[] = [
  { title: 'INVOKED', width: 8, cell: (h) => ({ text: String(h.invocations) }) },
  { title: 'RUNNING', width: 7, cell: (h) => ({ text: h.running > 0 ? String(h.running) : '' }) },
  { title: 'FAILED', width: 6, cell: (h) => rate(failures(h), h, true) },
  { title: 'ERROR', width: 6, cell: (h) => rate(h.errors + h.crashes, h, true) },
  { title: 'TIMEOUT', width: 7, cell: (h) => rate(h.timeouts, h, true) },
  { title: 'OOM', width: 6, cell: (h) => rate(h.ooms, h, true) },
  { title: 'COLD', width: 6, cell: (h) => rate(h.cold, h, false) },
  { title: 'P50 ms', width: 8, cell: (h) => percentile(h, h.p50Ms) },
  { title: 'P95 ms', width: 8, cell: (h) => percentile(h, h.p95Ms) },
  { title: 'P99 ms', width: 8, cell: (h) => percentile(h, h.p99Ms) },
  {
    title: 'MEM PEAK MB',
    width: 11,
    cell: (h) => ({ text: h.peakMemoryMB === null ? '-' : `${h.peakMemoryMB}/${h.memorySizeMB}` }),
  },
  {
    title: 'HEADROOM',
    width: 8,
    cell: (h) => {
      if (h.peakMemoryRatio === null) return { text: '-' };
      const free = Math.max(0, 1 - h.peakMemoryRatio);
      return { text: `${Math.round(free * 100)}%`, ...(free < 0.1 ? { colour: 'yellow' as const } : {}) };
    },
  },
  {
    title: 'COST/h',
    width: 10,
    cell: (h, glyphs) => {
      const perHour = costPerHour(h);
      return { text: perHour === null ? '-' : money(perHour, h, glyphs), colour: 'green' };
    },
  },
  {
    title: 'COST',
    width: 10,
    cell: (h, glyphs) => ({ text: h.priced === 0 ? '-' : money(h.costUsd, h, glyphs), colour: 'green' }),
  },
  {
    title: 'PRICED',
    width: 7,
    cell: (h) => ({ text: formatPercent(h.priced, h.invocations) }),
  },
];

/**
 * The order the columns give way in as the terminal narrows, first to go first. What other
 * columns already say in part goes first (running rows are on the list; P99 beside P95; the
 * kinds of failure beside FAILED), then the finer figures; COST outlasts COST/h and PRICED,
 * since the money spent is what a user looking at cost asks first; INVOKED never goes.
 * The FUNCTION column narrows where it stands (to `NAME_NARROWEST`, names cut in the middle,
 * as the list cuts them): only for the cost and the failures, which a whole name is not worth.
 * A column that has gone takes no room back from one that goes after it (only FUNCTION
 * does), so a column shown at one width is shown at every wider one.
 */
const GIVE_WAY = [
  'RUNNING',
  'P99 ms',
  'ERROR',
  'TIMEOUT',
  'OOM',
  'PRICED',
  'P50 ms',
  'MEM PEAK MB',
  'HEADROOM',
  'COST/h',
  'COLD',
  'P95 ms',
  'FUNCTION',
  'COST',
  'FAILED',
  'INVOKED',
] as const;
const NAME_NARROWEST = 12;
const NAME_MAX = 28;

type Title = (typeof GIVE_WAY)[number];
const keepOf = (title: Title): number => GIVE_WAY.indexOf(title);
const blank = (width: number) => [plain(' '.repeat(width))];

interface TableLayout {
  nameWidth: number;
  columns: { column: Column; width: number }[];
  glyphs: GlyphSet;
}

/**
 * The FUNCTION column's width and the columns that fit `width` beside it, each as wide as
 * its widest cell: a figure cut at its right edge (`>=$0.00000` of `>=$0.000009`) reads as
 * another figure.
 */
function layoutFor(width: number, health: readonly FunctionHealth[], glyphs: GlyphSet): TableLayout {
  const names = health.map((h) => h.functionName);
  const widest = Math.min(NAME_MAX, Math.max(8, ...names.map((n) => cellWidth(sanitize(n)))));
  const nameForms = [];
  for (let w = widest; w >= Math.min(widest, NAME_NARROWEST); w--) nameForms.push(blank(w));
  const widths = COLUMNS.map((c) =>
    Math.max(c.width, ...health.map((h) => cellWidth(sanitize(c.cell(h, glyphs).text)))),
  );
  const parts: LinePart[] = [
    { keep: keepOf('FUNCTION'), forms: nameForms },
    ...COLUMNS.map((c, i) => ({
      keep: keepOf(c.title),
      settled: true,
      // INVOKED stays at any width, as the one figure the table is of.
      forms: c.title === 'INVOKED' ? [blank(widths[i] ?? c.width)] : [blank(widths[i] ?? c.width), []],
    })),
  ];
  const [name, ...columns] = fitForms(parts, width, plain(' '));
  return {
    nameWidth: piecesWidth(name ?? []),
    columns: COLUMNS.flatMap((column, i) =>
      (columns[i]?.length ?? 0) > 0 ? [{ column, width: widths[i] ?? column.width }] : [],
    ),
    glyphs,
  };
}

function table(title: string, health: readonly FunctionHealth[], layout: TableLayout): SummaryLine[] {
  const { nameWidth, columns: cols, glyphs } = layout;
  const out: SummaryLine[] = [
    { kind: 'title', text: title },
    {
      kind: 'header',
      cells: [
        { text: padCell('FUNCTION', nameWidth) },
        ...cols.map(({ column, width }) => ({ text: fitRight(column.title, width) })),
      ],
    },
  ];
  if (health.length === 0) out.push({ kind: 'row', cells: [{ text: 'no invocations' }] });
  for (const h of health) {
    out.push({
      kind: 'row',
      cells: [
        { text: padMiddle(h.functionName, nameWidth), colour: functionColour(h.functionName), bold: true },
        ...cols.map(({ column, width }) => {
          const cell = column.cell(h, glyphs);
          return { ...cell, text: fitRight(cell.text, width) };
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
  glyphs: GlyphSet,
): SummaryLine[] {
  // One layout for both, so a figure on screen sits above the same figure since the start.
  const layout = layoutFor(width, [...onScreen, ...sinceStart], glyphs);
  return [
    ...table(onScreenTitle, onScreen, layout),
    { kind: 'blank' },
    ...table(
      sinceStart.some((h) => h.approximate)
        ? `Since start (every completed invocation; ~ marks percentiles within 1%, past ${EXACT_DURATIONS} per function)`
        : 'Since start (every completed invocation)',
      sinceStart,
      layout,
    ),
  ];
}
