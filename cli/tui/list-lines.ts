/**
 * The invocation list as lines: the header and the rows that fit, around the selection.
 * The cursor is `›` in front of the row and the row drawn inverse; a bookmark or the colour
 * of the first highlight term its lines hold is marked after the cursor.
 */
import { type ColumnLayout, headerCells, rowCells } from './columns.ts';
import type { Colour } from './format.ts';
import type { GlyphSet } from './glyphs.ts';
import { type Line, type Piece, plain } from './paint.ts';
import { windowRows } from './selectors.ts';
import type { RowView } from './types.ts';

export interface ListView {
  rows: readonly RowView[];
  /** Index of the selected row in `rows`, -1 for none. */
  selected: number;
  height: number;
  layout: ColumnLayout;
  glyphs: GlyphSet;
  bookmarks: ReadonlySet<string>;
  highlights: ReadonlyMap<string, Colour>;
  /** Why the list is empty, when it is. */
  emptyText: string;
}

export function rowLine(
  row: RowView,
  layout: ColumnLayout,
  glyphs: GlyphSet,
  selected: boolean,
  mark: 'bookmark' | Colour | null,
): Line {
  const base = selected ? { inverse: true } : {};
  const pieces: Piece[] = [plain(selected ? glyphs.cursor : ' ', base)];
  if (mark === 'bookmark') pieces.push(plain(glyphs.bookmark, { ...base, colour: 'yellow' }));
  else if (mark !== null) pieces.push(plain(' ', { background: mark }));
  else pieces.push(plain(' ', base));
  for (const cell of rowCells(row, layout, glyphs)) {
    pieces.push(plain(' ', base));
    const style: Omit<Piece, 'text'> = { ...base };
    if (cell.colour) style.colour = cell.colour;
    if (cell.bold) style.bold = true;
    if (cell.dim) style.dim = true;
    pieces.push(plain(cell.text, style));
  }
  return pieces;
}

export function listLines(view: ListView): Line[] {
  const { layout, glyphs } = view;
  const header: Line = [
    plain(
      `   ${headerCells(layout, glyphs)
        .map((c) => c.text)
        .join(' ')}`,
      { bold: true, dim: true },
    ),
  ];
  const window = windowRows(view.rows, view.selected, view.height - 1);
  if (window.rows.length === 0) return [header, [plain(view.emptyText, { dim: true })]];
  return [
    header,
    ...window.rows.map((row, i) => {
      const mark = view.bookmarks.has(row.id) ? 'bookmark' : (view.highlights.get(row.id) ?? null);
      return rowLine(row, layout, glyphs, i === window.selected, mark);
    }),
  ];
}
