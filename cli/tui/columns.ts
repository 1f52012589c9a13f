/**
 * The list's columns for a terminal width: everything at full width when it fits, else
 * FUNCTION shrinks first (to 16, then 10; a name cut in the middle, whose end tells apart
 * names that share their start), then the least needed columns go (billed, then
 * memory), the request ID is shortened to its first group, and only then are cost and
 * request ID dropped. Header and rows share one layout, so they always line up.
 */
import { functionColour } from './colour.ts';
import {
  type Colour,
  fitRight,
  formatClock,
  formatMemory,
  formatMsValue,
  formatUsd,
  padCell,
  padMiddle,
  statusText,
} from './format.ts';
import type { GlyphSet } from './glyphs.ts';
import { sanitize } from './sanitize.ts';
import type { RowView } from './types.ts';

export type ColumnId =
  | 'time'
  | 'fn'
  | 'status'
  | 'cold'
  | 'duration'
  | 'billed'
  | 'memory'
  | 'cost'
  | 'trace'
  | 'request';

export const COLUMN_ORDER: readonly ColumnId[] = [
  'time',
  'fn',
  'status',
  'cold',
  'duration',
  'billed',
  'memory',
  'cost',
  'trace',
  'request',
];

export interface ColumnLayout {
  /** Width of each column shown; a column missing here is not shown. */
  widths: Partial<Record<ColumnId, number>>;
  withDate: boolean;
  /** Clock without milliseconds (narrow terminals). */
  seconds: boolean;
}

/** Cursor and bookmark marks, and a space, before the first column. */
export const PREFIX_WIDTH = 3;
const FULL_REQUEST = 36;
const SHORT_REQUEST = 8;

export function layoutWidth(layout: ColumnLayout): number {
  const shown = COLUMN_ORDER.filter((c) => layout.widths[c] !== undefined);
  return PREFIX_WIDTH + shown.reduce((n, c) => n + (layout.widths[c] ?? 0), 0) + shown.length - 1;
}

/** Longest function name among the rows, within 8..28. */
export function naturalFunctionWidth(rows: readonly Pick<RowView, 'functionName'>[]): number {
  let longest = 8;
  for (const row of rows) longest = Math.max(longest, sanitize(row.functionName ?? '?').length);
  return Math.min(28, longest);
}

/** The widest layout that fits `width` columns. */
export function layoutColumns(width: number, fnNatural: number, withDate: boolean): ColumnLayout {
  const time = withDate ? 18 : 12;
  const full: ColumnLayout = {
    withDate,
    seconds: false,
    widths: {
      time,
      fn: fnNatural,
      status: 9,
      cold: 1,
      duration: 9,
      billed: 9,
      memory: 11,
      cost: 11,
      trace: 1,
      request: FULL_REQUEST,
    },
  };
  // In the README's order: FUNCTION shrinks first (to 16, then 10), then BILLED and MEM
  // go, then the request ID is shortened (and the clock loses its milliseconds), and only
  // then are COST and REQUEST ID dropped.
  const steps: ((l: ColumnLayout) => void)[] = [
    (l) => {
      l.widths.fn = Math.min(fnNatural, 16);
    },
    (l) => {
      l.widths.fn = Math.min(fnNatural, 10);
    },
    (l) => {
      delete l.widths.billed;
    },
    (l) => {
      delete l.widths.memory;
    },
    (l) => {
      l.widths.request = SHORT_REQUEST;
    },
    (l) => {
      l.seconds = true;
      l.widths.time = time - 4;
    },
    (l) => {
      delete l.widths.cost;
    },
    (l) => {
      delete l.widths.request;
    },
    (l) => {
      l.widths.fn = Math.min(fnNatural, 6);
    },
  ];
  const layout = { ...full, widths: { ...full.widths } };
  for (const step of steps) {
    if (layoutWidth(layout) <= width) return layout;
    step(layout);
  }
  return layout;
}

export interface Cell {
  id: ColumnId;
  text: string;
  colour?: Colour;
  bold?: boolean;
  dim?: boolean;
}

const HEADERS: Record<ColumnId, string> = {
  time: 'TIME (UTC)',
  fn: 'FUNCTION',
  status: 'STATUS',
  cold: 'C',
  duration: 'DUR ms',
  billed: 'BILLED ms',
  memory: 'MEM MB',
  cost: 'COST $',
  trace: 'T',
  request: 'REQUEST ID',
};

const RIGHT_ALIGNED = new Set<ColumnId>(['duration', 'billed', 'memory', 'cost']);

function place(id: ColumnId, text: string, width: number, ellipsis: string): string {
  return RIGHT_ALIGNED.has(id) ? fitRight(text, width) : padCell(text, width, ellipsis);
}

export function headerCells(layout: ColumnLayout, glyphs: GlyphSet): Cell[] {
  const out: Cell[] = [];
  for (const id of COLUMN_ORDER) {
    const width = layout.widths[id];
    if (width === undefined) continue;
    out.push({ id, text: place(id, HEADERS[id], width, glyphs.ellipsis) });
  }
  return out;
}

function cellText(id: ColumnId, row: RowView, layout: ColumnLayout, glyphs: GlyphSet): Omit<Cell, 'id'> {
  switch (id) {
    case 'time': {
      const clock = formatClock(row.startMs, layout.withDate);
      return { text: layout.seconds ? clock.slice(0, -4) : clock };
    }
    case 'fn':
      return { text: row.functionName ?? '?', colour: functionColour(row.functionName), bold: true };
    case 'status': {
      const s = statusText(row, glyphs);
      return { text: s.text, colour: s.colour };
    }
    case 'cold':
      return { text: row.coldStart ? glyphs.cold : ' ', colour: 'cyan' };
    case 'duration':
      // A figure no function can have is shown as read, marked as `logs` marks it.
      return row.damaged
        ? { text: `${glyphs.damaged} ${formatMsValue(row.durationMs)}`, colour: 'yellow' }
        : { text: formatMsValue(row.durationMs) };
    case 'billed':
      return { text: row.billedDurationMs === null ? '-' : String(row.billedDurationMs) };
    case 'memory':
      return { text: formatMemory(row.maxMemoryUsedMB, row.memorySizeMB) };
    case 'cost':
      return { text: formatUsd(row.costUsd), colour: row.costUsd === null ? 'gray' : 'green' };
    case 'trace':
      return { text: row.hasTrace ? glyphs.trace : row.traceId ? glyphs.traceId : ' ', colour: 'magenta' };
    case 'request': {
      const width = layout.widths.request ?? FULL_REQUEST;
      const id = width < FULL_REQUEST ? row.requestId.slice(0, width) : row.requestId;
      return { text: id, dim: true };
    }
  }
}

/** The cells of one list row, each padded to its column. */
export function rowCells(row: RowView, layout: ColumnLayout, glyphs: GlyphSet): Cell[] {
  const out: Cell[] = [];
  for (const id of COLUMN_ORDER) {
    const width = layout.widths[id];
    if (width === undefined) continue;
    const cell = cellText(id, row, layout, glyphs);
    const text =
      id === 'fn'
        ? padMiddle(cell.text, width, glyphs.ellipsis)
        : place(id, cell.text, width, glyphs.ellipsis);
    out.push({ ...cell, id, text });
  }
  return out;
}
