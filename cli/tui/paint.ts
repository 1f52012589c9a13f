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
import { cellWidth, takeCells } from '../../collectors/kernel/index.ts';
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
