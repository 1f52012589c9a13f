/**
 * The list's columns for a terminal width: everything at full width when it fits, else
 * FUNCTION shrinks first (to 16, then 10; a name cut in the middle, whose end tells apart
 * names that share their start), then the least needed columns go (billed, then
 * memory), the request ID is shortened to its first group, and only then are cost and
 * request ID dropped; room a step frees beyond what was missing goes back to FUNCTION, and
 * a column shown at one width is shown at every wider one. Header and rows share one layout,
 * so they always line up.
 */
import { cellWidth } from '../../collectors/kernel/index.ts';
import { functionColour } from './colour.ts';
import { fitForms, type LinePart, piecesWidth } from './fit-parts.ts';
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
import { type Piece, plain } from './paint.ts';
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

/**
 * Longest function name among the rows in the columns it is drawn in, within 8..28: by its
 * length, 注文サービス (a file's name) took 6 of its 12 and was cut at any width.
 */
export function naturalFunctionWidth(rows: readonly Pick<RowView, 'functionName'>[]): number {
  let longest = 8;
  for (const row of rows) longest = Math.max(longest, cellWidth(sanitize(row.functionName ?? '?')));
  return Math.min(28, longest);
}

const blank = (width: number): Piece[] => (width > 0 ? [plain(' '.repeat(width))] : []);

/**
 * The widest layout that fits `width` columns, laid out by fit-parts as the status lines
 * are. In the README's order: FUNCTION shrinks first (to 10), then BILLED and MEM go, then
 * the request ID is shortened (and the clock loses its milliseconds), and only then are
 * COST and REQUEST ID dropped and FUNCTION cut to 6; last, for 40 columns, the trace mark
 * goes and the status is its symbol alone, rather than the duration be cut at the edge
 * ("3000.0…"). A column split in two parts gives
 * way in two steps (the request ID's last four groups, then its first). Room a step frees
 * beyond what was missing goes back to FUNCTION alone (names were cut to 10 with 9 columns
 * empty at the right edge): a column that has gone takes none back, so the steps are taken
 * in one order at every width and a column shown at one width is shown at every wider one.
 * Given back to any column that fits, BILLED showed without MEM at 115 columns with dates
 * and MEM without BILLED at 120, as the window was dragged wider.
 */
export function layoutColumns(width: number, fnNatural: number, withDate: boolean): ColumnLayout {
  const time = withDate ? 18 : 12;
  const fnSmallest = Math.min(fnNatural, 6);
  const fnMiddle = Math.min(fnNatural, 10) - fnSmallest;
  const fnExtra = fnNatural - fnSmallest - fnMiddle;
  const stays = (columns: number): LinePart => ({ keep: 11, forms: [blank(columns)] });
  const mayGo = (keep: number, columns: number, joined = false): LinePart => ({
    keep,
    forms: [blank(columns), []],
    joined,
    settled: true,
  });
  /** FUNCTION's `columns` given way a column at a time, so room of any size goes back to it. */
  const narrowing = (keep: number, columns: number): LinePart => {
    const forms: Piece[][] = [];
    for (let w = columns; w >= 0; w--) forms.push(blank(w));
    return { keep, forms, joined: true };
  };
  const parts: Record<string, LinePart> = {
    time: stays(time - 4),
    millis: mayGo(5, 4, true),
    fn: stays(fnSmallest),
    fnMiddle: narrowing(8, fnMiddle),
    fnExtra: narrowing(1, fnExtra),
    // Narrowest of all, the status is its symbol alone (√ ◊ ▲ ×, in its colour).
    status: { keep: 10, forms: [blank(9), blank(1)], settled: true },
    cold: stays(1),
    duration: stays(9),
    billed: mayGo(2, 9),
    memory: mayGo(3, 11),
    cost: mayGo(6, 11),
    trace: mayGo(9, 1),
    request: mayGo(7, SHORT_REQUEST),
    requestRest: mayGo(4, FULL_REQUEST - SHORT_REQUEST, true),
  };
  const names = Object.keys(parts);
  const forms = fitForms(Object.values(parts), width - PREFIX_WIDTH, plain(' '));
  const columns = (...of: string[]): number =>
    of.reduce((n, name) => n + piecesWidth(forms[names.indexOf(name)] ?? []), 0);
  const widths: Partial<Record<ColumnId, number>> = {
    time: columns('time', 'millis'),
    fn: columns('fn', 'fnMiddle', 'fnExtra'),
    status: columns('status'),
    cold: 1,
    duration: 9,
    billed: columns('billed'),
    memory: columns('memory'),
    cost: columns('cost'),
    trace: columns('trace'),
    request: columns('request', 'requestRest'),
  };
  for (const id of COLUMN_ORDER) if (widths[id] === 0) delete widths[id];
  return { withDate, seconds: columns('millis') === 0, widths };
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
