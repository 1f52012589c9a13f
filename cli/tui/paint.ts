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
import type { Colour } from './format.ts';

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

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is replaced
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g;

/**
 * Control characters in data (a log stream or file name, a message) would set the window
 * title, change colours or move the cursor: they are shown as `^X` (tab as a space). Every
 * line is painted through this, so no field can reach the terminal raw; layouts that
 * measure text before painting (cells, wrapped lines) call it too, to measure what is drawn.
 */
export function sanitize(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(CONTROL, (c) =>
      c === '\u009b' ? '^[[' : `^${String.fromCharCode((c.charCodeAt(0) + 64) & 127)}`,
    );
}

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

/** Combining marks and zero-width characters take no column. */
function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x300 && code <= 0x36f) ||
    code === 0x200b ||
    code === 0x200d ||
    (code >= 0xfe00 && code <= 0xfe0f)
  );
}

/** Columns `text` takes on a terminal. */
export function cellWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x300) {
      width++;
      continue;
    }
    const point = text.codePointAt(i) ?? code;
    if (point > 0xffff) i++;
    width += isZeroWidth(point) ? 0 : isWide(point) ? 2 : 1;
  }
  return width;
}

/** The first `columns` columns of `text` (a wide character that would straddle the edge is left out). */
export function takeCells(text: string, columns: number): string {
  let width = 0;
  let i = 0;
  while (i < text.length) {
    const point = text.codePointAt(i) ?? 0;
    const w = point < 0x300 ? 1 : isZeroWidth(point) ? 0 : isWide(point) ? 2 : 1;
    if (width + w > columns) break;
    width += w;
    i += point > 0xffff ? 2 : 1;
  }
  return text.slice(0, i);
}

const BACKGROUND: Record<Colour, keyof ChalkInstance> = {
  green: 'bgGreen',
  yellow: 'bgYellow',
  red: 'bgRed',
  magenta: 'bgMagenta',
  cyan: 'bgCyan',
  blue: 'bgBlue',
  gray: 'bgGray',
  white: 'bgWhite',
};

function style(piece: Piece, text: string): string {
  let c: ChalkInstance = chalk;
  if (piece.colour) c = c[piece.colour];
  if (piece.background) c = c[BACKGROUND[piece.background]] as ChalkInstance;
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
