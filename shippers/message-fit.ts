/**
 * The longest start of a text whose JSON string (quotes and escapes included) fits a number
 * of UTF-8 bytes: a line document whose message would pass the shipper's limit for one
 * document stores the message's start instead of being dead-lettered whole.
 */

/** Bytes of one UTF-16 unit written in a JSON string, as `JSON.stringify` writes it (a surrogate pair: see below). */
function jsonUnitBytes(c: number): number {
  if (c === 0x22 || c === 0x5c) return 2; // \" and \\
  if (c < 0x20) return c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 2 : 6; // \n or \u0001
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  // A lone surrogate is written escaped (`\udc00`); a pair is counted as one 4-byte character.
  if (c >= 0xd800 && c <= 0xdfff) return 6;
  return 3;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * `text`'s longest start whose JSON string takes at most `maxBytes` bytes, never ending
 * inside a surrogate pair; `text` itself when it fits. Linear: measured without writing it.
 */
export function cutToJsonBytes(text: string, maxBytes: number): string {
  let bytes = 2;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = isHigh(c) && i + 1 < text.length && isLow(text.charCodeAt(i + 1));
    const n = pair ? 4 : jsonUnitBytes(c);
    if (bytes + n > maxBytes) break;
    bytes += n;
    i += pair ? 2 : 1;
  }
  return i === text.length ? text : text.slice(0, i);
}
