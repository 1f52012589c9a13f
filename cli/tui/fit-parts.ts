/**
 * A line of parts laid out for the width it has, the least needed giving way first. Cut at
 * the edge, a line loses whatever happens to be on the right: the detail view's header lost
 * the invocation's cost, the status bar its money, at widths where they would have fitted
 * had something of less use made room.
 *
 * Each part says what it says in one or more forms, widest first (the last is the least it
 * says: `[]` leaves it out), and how much it is needed. While the line is too wide, the part
 * needed least (the rightmost of equals) takes its next form; a part whose words may be cut
 * short (a path, a function's name, a server's message) is first cut to the room left, an
 * ellipsis marking it, if that leaves enough of them to read. What nothing can make room for
 * is cut at the edge by `paintLine`, as before.
 */
import { cellWidth, takeCells } from '../../collectors/kernel/index.ts';
import { type Piece, plain } from './paint.ts';
import { sanitize } from './sanitize.ts';

export interface LinePart {
  /** How much the part is needed: lower gives way first. */
  keep: number;
  /** What it says, widest first; the last is the least it says ([] leaves it out). */
  forms: readonly (readonly Piece[])[];
  /** Drawn right after the part before it, without the separator (a remark on that part). */
  joined?: boolean;
  /**
   * Its first form may be cut short to fit: all of its pieces but the last `whole` (a closing
   * parenthesis) are cut at their end, before the part takes a shorter form.
   */
  cut?: { whole: number };
}

/** The fewest columns of cut words worth showing: fewer, and the part takes its next form. */
const MIN_CUT = 8;

/** Columns pieces take as painted (a control character in the data shows as two: `^X`). */
export const piecesWidth = (pieces: readonly Piece[]): number =>
  pieces.reduce((n, p) => n + cellWidth(sanitize(p.text)), 0);

/** The first `columns` columns of pieces, then the ellipsis in the style of the last piece cut. */
function cutPieces(pieces: readonly Piece[], columns: number, ellipsis: string): Piece[] {
  const out: Piece[] = [];
  let left = columns;
  let last: Piece | undefined;
  for (const piece of pieces) {
    last = piece;
    const text = sanitize(piece.text);
    const width = cellWidth(text);
    if (width <= left) {
      out.push({ ...piece, text });
      left -= width;
      continue;
    }
    const kept = takeCells(text, left);
    if (kept !== '') out.push({ ...piece, text: kept });
    break;
  }
  const { text: _, ...style } = last ?? plain('');
  out.push({ ...style, text: ellipsis });
  return out;
}

/** The parts as one line of at most `width` columns where they can be made to fit. */
export function fitParts(
  parts: readonly LinePart[],
  width: number,
  separator: Piece,
  ellipsis = '…',
): Piece[] {
  const level = parts.map(() => 0);
  /** A part's first form cut short, once tried. */
  const cutForm = new Map<number, Piece[] | null>();
  const formOf = (i: number): readonly Piece[] => {
    const cut = level[i] === 0 ? cutForm.get(i) : undefined;
    return cut ?? (parts[i] as LinePart).forms[level[i] as number] ?? [];
  };
  const separatorWidth = piecesWidth([separator]);
  const drawn = (): { pieces: Piece[]; width: number } => {
    const pieces: Piece[] = [];
    let used = 0;
    parts.forEach((part, i) => {
      const form = formOf(i);
      if (form.length === 0) return;
      if (pieces.length > 0 && !part.joined) {
        pieces.push(separator);
        used += separatorWidth;
      }
      pieces.push(...form);
      used += piecesWidth(form);
    });
    return { pieces, width: used };
  };
  let line = drawn();
  while (line.width > width) {
    let victim = -1;
    parts.forEach((part, i) => {
      const canCut = part.cut !== undefined && level[i] === 0 && !cutForm.has(i);
      if (!canCut && (level[i] as number) >= part.forms.length - 1) return;
      if (victim < 0 || part.keep <= (parts[victim] as LinePart).keep) victim = i;
    });
    if (victim < 0) break;
    const part = parts[victim] as LinePart;
    if (part.cut !== undefined && level[victim] === 0 && !cutForm.has(victim)) {
      const first = part.forms[0] ?? [];
      const whole = first.slice(first.length - part.cut.whole);
      const words = first.slice(0, first.length - part.cut.whole);
      const room = piecesWidth(words) - (line.width - width) - cellWidth(ellipsis);
      cutForm.set(victim, room >= MIN_CUT ? [...cutPieces(words, room, ellipsis), ...whole] : null);
      if (room >= MIN_CUT) {
        line = drawn();
        continue;
      }
      if (part.forms.length === 1) continue;
    }
    level[victim] = (level[victim] as number) + 1;
    line = drawn();
  }
  return line.pieces;
}
