/**
 * Text measured in the columns a terminal draws it in, not in UTF-16 units: an East Asian
 * wide or fullwidth character (`注`, `Ａ`) takes two columns, a combining mark none. A
 * function named `注文-api` is 6 characters and 8 columns; padded by its length, every
 * column after it in a table stood two to the right. The terminal UI lays out its screen
 * by these, and the cost table pads its cells by them.
 */

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

/** Nonspacing and enclosing marks of every script (`é` written as e and U+0301, Thai, Devanagari). */
const MARK = /[\p{Mn}\p{Me}]/uy;

/**
 * Marks drawn on the character before them, taking no column: combining marks, zero-width
 * space and joiner, variation selectors, emoji skin tones. `code` is the code point at `at`.
 */
function isZeroWidth(text: string, at: number, code: number): boolean {
  if (code < 0x300) return false;
  if (
    (code >= 0x300 && code <= 0x36f) ||
    code === 0x200b ||
    code === 0x200d ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0x1f3fb && code <= 0x1f3ff)
  )
    return true;
  MARK.lastIndex = at;
  return MARK.test(text);
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
    const width = first < 0x300 ? 1 : isZeroWidth(text, start, first) ? 0 : isWide(first) ? 2 : 1;
    while (i < text.length) {
      const next = text.codePointAt(i) ?? 0;
      if (!isZeroWidth(text, i, next)) break;
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

/** `text` with spaces after it to fill `columns` columns, as `padEnd` would for narrow text. */
export function padEndCells(text: string, columns: number): string {
  const width = cellWidth(text);
  return width >= columns ? text : text + ' '.repeat(columns - width);
}

/** `text` with spaces before it to fill `columns` columns, as `padStart` would for narrow text. */
export function padStartCells(text: string, columns: number): string {
  const width = cellWidth(text);
  return width >= columns ? text : ' '.repeat(columns - width) + text;
}
