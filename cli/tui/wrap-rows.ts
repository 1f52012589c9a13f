/**
 * Long lines broken into rows of a width, between characters as drawn (a wide one, or a
 * control shown as `^X`, never cut in two): a log line where the row is full, as written;
 * the view's own words between words.
 */
import { glyphsOf, SHOWN_CONTROL } from '../../collectors/kernel/index.ts';
import type { Piece } from './paint.ts';

/** The glyphs of sanitized text, a shown control as one: a wrap never leaves `^` on a row and `A` on the next. */
function* drawnGlyphsOf(text: string): Generator<{ text: string; width: number }> {
  let at = 0;
  for (const m of text.matchAll(SHOWN_CONTROL)) {
    if (m.index > at) yield* glyphsOf(text.slice(at, m.index));
    yield { text: m[0], width: m[0].length };
    at = m.index + m[0].length;
  }
  if (at < text.length) yield* glyphsOf(at === 0 ? text : text.slice(at));
}

/** A glyph as drawn and the piece it is of, so that rows rebuilt from glyphs keep their styles. */
interface Drawn {
  text: string;
  width: number;
  piece: Piece;
}

/** Glyphs back into pieces: neighbours of one piece joined. */
function piecesOf(glyphs: readonly Drawn[]): Piece[] {
  const out: Piece[] = [];
  let last: Drawn | undefined;
  for (const glyph of glyphs) {
    const open = out[out.length - 1];
    if (open && last?.piece === glyph.piece) open.text += glyph.text;
    else out.push({ ...glyph.piece, text: glyph.text });
    last = glyph;
  }
  return out;
}

/**
 * Breaks prose into rows of at most `room` columns between words: cut where the row was
 * full, the cost's explanation read "req" / "uest". The spaces at a break are dropped; a
 * word wider than a row is still cut, where the row is full, as a log line is.
 */
export function wrapProse(pieces: readonly Piece[], room: number): Piece[][] {
  const words: Drawn[][] = [];
  let open: Drawn[] = [];
  let spaces = false;
  for (const piece of pieces)
    for (const glyph of drawnGlyphsOf(piece.text)) {
      const space = glyph.text === ' ';
      if (space !== spaces && open.length > 0) {
        words.push(open);
        open = [];
      }
      spaces = space;
      open.push({ ...glyph, piece });
    }
  if (open.length > 0) words.push(open);
  const rows: Drawn[][] = [[]];
  let used = 0;
  /** Spaces that end a row are the break itself: they go. */
  const trimmed = (row: Drawn[]): Drawn[] => {
    while (row.length > 0 && row[row.length - 1]?.text === ' ') row.pop();
    return row;
  };
  const newRow = (): void => {
    trimmed(rows[rows.length - 1] as Drawn[]);
    rows.push([]);
    used = 0;
  };
  for (const word of words) {
    const width = word.reduce((n, g) => n + g.width, 0);
    if (word[0]?.text === ' ') {
      // Spaces that would open a row after a break are the break too.
      if (used === 0 && rows.length > 1) continue;
      (rows[rows.length - 1] as Drawn[]).push(...word);
      used += width;
      continue;
    }
    if (used + width > room && used > 0) newRow();
    for (const glyph of word) {
      if (used + glyph.width > room && used > 0) newRow();
      (rows[rows.length - 1] as Drawn[]).push(glyph);
      used += glyph.width;
    }
  }
  return rows.map((row) => piecesOf(trimmed(row)));
}

/**
 * Breaks pieces into rows of at most `room` columns, between characters as drawn: a wide
 * one, or a control shown as `^X`, is never cut in two.
 */
export function wrapPieces(pieces: readonly Piece[], room: number): Piece[][] {
  const rows: Piece[][] = [[]];
  let used = 0;
  for (const piece of pieces) {
    let text = '';
    const flush = (): void => {
      if (text !== '') (rows[rows.length - 1] as Piece[]).push({ ...piece, text });
      text = '';
    };
    for (const glyph of drawnGlyphsOf(piece.text)) {
      if (used + glyph.width > room && used > 0) {
        flush();
        rows.push([]);
        used = 0;
      }
      text += glyph.text;
      used += glyph.width;
    }
    flush();
  }
  return rows;
}
