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
   * Its first form may be cut short to fit, before it takes a shorter form: its pieces from
   * `from` on, but the last `whole` (a label before the words, a closing parenthesis after).
   */
  cut?: { from?: number; whole?: number };
  /**
   * Once it has given way, it takes no room back that a later step frees. The parts that
   * give way then do so in one fixed order, so one shown at a width is shown at every wider
   * one: a table's column taking back room a wider column freed came and went as the
   * window widened (BILLED without MEM at 115 columns, MEM without BILLED at 120).
   */
  settled?: boolean;
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

/** The part's first form cut `over` columns shorter, or null when too little of its words would be left. */
function cutToFit(part: LinePart, over: number, ellipsis: string): Piece[] | null {
  const first = part.forms[0] ?? [];
  const from = part.cut?.from ?? 0;
  const to = first.length - (part.cut?.whole ?? 0);
  const words = first.slice(from, to);
  const room = piecesWidth(words) - over - cellWidth(ellipsis);
  return room >= MIN_CUT
    ? [...first.slice(0, from), ...cutPieces(words, room, ellipsis), ...first.slice(to)]
    : null;
}

/** The parts as one line of at most `width` columns where they can be made to fit. */
export function fitParts(
  parts: readonly LinePart[],
  width: number,
  separator: Piece,
  ellipsis = '…',
): Piece[] {
  return joinForms(parts, fitForms(parts, width, separator, ellipsis), separator);
}

/** The forms drawn as one line: a separator before each but the first and those joined. */
function joinForms(
  parts: readonly LinePart[],
  forms: readonly (readonly Piece[])[],
  separator: Piece,
): Piece[] {
  const pieces: Piece[] = [];
  forms.forEach((form, i) => {
    if (form.length === 0) return;
    if (pieces.length > 0 && !parts[i]?.joined) pieces.push(separator);
    pieces.push(...form);
  });
  return pieces;
}

/**
 * The form each part takes on a line of at most `width` columns ([] for a part left out):
 * for a layout that lays other lines out by the same choice (a table's columns, chosen on
 * its header and kept on every row).
 */
export function fitForms(
  parts: readonly LinePart[],
  width: number,
  separator: Piece,
  ellipsis = '…',
): (readonly Piece[])[] {
  const level = parts.map(() => 0);
  /** A part's first form cut short, once tried. */
  const cutForm = new Map<number, Piece[] | null>();
  const formOf = (i: number): readonly Piece[] => {
    const cut = level[i] === 0 ? cutForm.get(i) : undefined;
    return cut ?? (parts[i] as LinePart).forms[level[i] as number] ?? [];
  };
  const separatorWidth = piecesWidth([separator]);
  const drawn = (): { width: number } => {
    let used = 0;
    let first = true;
    parts.forEach((part, i) => {
      const form = formOf(i);
      if (form.length === 0) return;
      if (!first && !part.joined) used += separatorWidth;
      first = false;
      used += piecesWidth(form);
    });
    return { width: used };
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
      const cut = cutToFit(part, line.width - width, ellipsis);
      cutForm.set(victim, cut);
      if (cut !== null) {
        line = drawn();
        continue;
      }
      if (part.forms.length === 1) continue;
    }
    level[victim] = (level[victim] as number) + 1;
    line = drawn();
  }
  // Giving way one part at a time can leave room a part that went before could use again
  // (a wide one went after it): the parts needed most take it back first.
  const byNeed = parts
    .map((_, i) => i)
    .sort((a, b) => (parts[b] as LinePart).keep - (parts[a] as LinePart).keep || a - b);
  for (let grew = true; grew; ) {
    grew = false;
    for (const i of byNeed) {
      const was = level[i] as number;
      if (was === 0 || parts[i]?.settled) continue;
      const wasCut = cutForm.get(i);
      level[i] = was - 1;
      cutForm.delete(i);
      line = drawn();
      const part = parts[i] as LinePart;
      if (line.width > width && level[i] === 0 && part.cut !== undefined) {
        const cut = cutToFit(part, line.width - width, ellipsis);
        if (cut !== null) {
          cutForm.set(i, cut);
          line = drawn();
        }
      }
      if (line.width <= width) {
        grew = true;
        break;
      }
      level[i] = was;
      if (wasCut === undefined) cutForm.delete(i);
      else cutForm.set(i, wasCut);
      line = drawn();
    }
  }
  return parts.map((_, i) => formOf(i));
}
