/**
 * Screen lines as styled strings. Every view lays its lines out as pieces (text plus a
 * style); this cuts each line to the terminal's width and styles it once, with the chalk
 * instance Ink draws with (its level set by launch.ts), so Ink is handed finished lines.
 *
 * Why not a <Text> per piece: Ink caches the size of every text it ever measured, with no
 * bound, so text that changes every frame (rows, counters) grows memory for as long as the
 * tail runs; and each node costs a measure and a squash per frame. A finished line costs
 * one node whose measured text is only blanks of the screen's width.
 */
import chalk, { type ChalkInstance } from 'chalk';
import type { BasicColour, Colour, PaletteColour } from './format.ts';
import { sanitize } from './sanitize.ts';

export interface Piece {
  text: string;
  colour?: Colour;
  background?: Colour;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
  /** OSC 8 target: the piece is a link. */
  link?: string;
}

export type Line = readonly Piece[];

export const plain = (text: string, extra: Omit<Piece, 'text'> = {}): Piece => ({ text, ...extra });

/** True for characters a terminal draws two columns wide (CJK, Hangul, fullwidth forms, emoji). */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/**
 * Marks drawn on the character before them, taking no column: combining marks, zero-width
 * space and joiner, variation selectors, emoji skin tones.
 */
function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x300 && code <= 0x36f) ||
    code === 0x200b ||
    code === 0x200d ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x1f3fb && code <= 0x1f3ff)
  );
}

const ZWJ = 0x200d;

/**
 * The characters of `text` as a terminal draws them, each with its width: a character and
 * the marks that join it (combining marks, variation selectors, a zero-width joiner and
 * the character it joins), so a cut never splits a surrogate pair or a grapheme.
 */
export function* glyphsOf(text: string): Generator<{ text: string; width: number }> {
  let i = 0;
  while (i < text.length) {
    const start = i;
    const first = text.codePointAt(i) ?? 0;
    i += first > 0xffff ? 2 : 1;
    const width = first < 0x300 ? 1 : isZeroWidth(first) ? 0 : isWide(first) ? 2 : 1;
    while (i < text.length) {
      const next = text.codePointAt(i) ?? 0;
      if (!isZeroWidth(next)) break;
      i += next > 0xffff ? 2 : 1;
      if (next === ZWJ && i < text.length) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    }
    yield { text: text.slice(start, i), width };
  }
}

/** Columns `text` takes on a terminal. */
export function cellWidth(text: string): number {
  let plainText = true;
  for (let i = 0; i < text.length && plainText; i++) plainText = text.charCodeAt(i) < 0x300;
  if (plainText) return text.length;
  let width = 0;
  for (const glyph of glyphsOf(text)) width += glyph.width;
  return width;
}

/**
 * The columns [from, to) of `text`. A wide character across an edge is left out, a space
 * taking its place at the left edge so that what follows stays in its column.
 */
export function sliceCells(text: string, from: number, to = Number.POSITIVE_INFINITY): string {
  let out = '';
  let at = 0;
  for (const glyph of glyphsOf(text)) {
    const end = at + glyph.width;
    if (end > to || (end === to && glyph.width === 0 && at >= to)) break;
    if (at >= from) out += glyph.text;
    else if (end > from) out += ' '.repeat(end - from);
    at = end;
  }
  return out;
}

/** The first `columns` columns of `text` (a wide character that would straddle the edge is left out). */
export function takeCells(text: string, columns: number): string {
  return sliceCells(text, 0, columns);
}

const BACKGROUND: Record<BasicColour, keyof ChalkInstance> = {
  green: 'bgGreen',
  yellow: 'bgYellow',
  red: 'bgRed',
  magenta: 'bgMagenta',
  cyan: 'bgCyan',
  blue: 'bgBlue',
  gray: 'bgGray',
  white: 'bgWhite',
};

/** Indices of the function colours in the 256-colour palette (chalk brings them down to 16 colours when that is all there is). */
const ANSI256: Record<PaletteColour, number> = {
  orange: 208,
  violet: 141,
  sky: 117,
  pink: 211,
  tan: 180,
  teal: 43,
  lavender: 183,
};

const isPalette = (colour: Colour): colour is PaletteColour => colour in ANSI256;

function style(piece: Piece, text: string): string {
  let c: ChalkInstance = chalk;
  const { colour, background } = piece;
  if (colour) c = isPalette(colour) ? c.ansi256(ANSI256[colour]) : c[colour];
  if (background)
    c = isPalette(background)
      ? c.bgAnsi256(ANSI256[background])
      : (c[BACKGROUND[background]] as ChalkInstance);
  if (piece.bold) c = c.bold;
  if (piece.dim) c = c.dim;
  if (piece.inverse) c = c.inverse;
  const styled = c === chalk ? text : c(text);
  return piece.link ? `\u001B]8;;${piece.link}\u0007${styled}\u001B]8;;\u0007` : styled;
}

/** The line cut to `width` columns (an ellipsis marks a cut) and styled, as one string. */
export function paintLine(line: Line, width: number, ellipsis = '…'): string {
  let out = '';
  let used = 0;
  for (let i = 0; i < line.length; i++) {
    const piece = line[i] as Piece;
    const text = sanitize(piece.text);
    const w = cellWidth(text);
    if (used + w <= width) {
      out += style(piece, text);
      used += w;
      continue;
    }
    // The piece does not fit: keep what does and end with the ellipsis.
    const room = Math.max(0, width - used - cellWidth(ellipsis));
    out += style(piece, `${takeCells(text, room)}${ellipsis}`);
    return out;
  }
  return out;
}

/** Visible text of a line (tests, and search). */
export function lineText(line: Line): string {
  return line.map((p) => p.text).join('');
}
