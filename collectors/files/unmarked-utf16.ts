/**
 * UTF-16 text that lost its byte order mark: PowerShell 5's `>` and `Out-File` write
 * UTF-16LE, and a copy made by a tool that drops the mark leaves text in which every other
 * byte is NUL. Mostly-ASCII text shows that plainly: in UTF-16LE the second byte of nearly
 * every pair is 0 and the first is not; in UTF-16BE the other way round. Binary content
 * (gzip, images, executables, random bytes, a file of zeros) does not keep that pattern
 * over kilobytes and decode to readable text as well, which is what is asked here.
 *
 * Decided once on an input's head, and only for a head already taken as binary: text that
 * is read as UTF-8 today never gets here.
 */
import type { ByteOrderMark } from './byte-order.ts';

export type Utf16Order = Extract<ByteOrderMark, 'utf-16le' | 'utf-16be'>;

/** The start of the head looked at: a few kilobytes are dozens of log lines. */
const SAMPLE_BYTES = 4096;
/** Fewer pairs than this are too few to tell text from chance. */
const MIN_PAIRS = 8;
/**
 * The share of pairs whose high byte is 0 (characters up to U+00FF: ASCII, é, ü). Three in
 * four leaves room for messages in Japanese or Chinese beside each line's ASCII prefix.
 */
const MIN_LATIN_SHARE = 0.75;
/**
 * The share of pairs whose low byte may be 0 too: a NUL character, or a CJK character
 * whose low byte happens to be 0 (one in 256). Binary with runs of zeros has far more.
 */
const MAX_LOW_ZERO_SHARE = 0.02;
/** The share of decoded characters that may be controls or undecodable, as for UTF-8 text. */
const MAX_NOT_TEXT_SHARE = 0.05;

/**
 * The byte order of UTF-16 text without a mark that `head` starts, or null when it is not
 * that plainly. An odd-length head is fine (its last byte is left out, as is a character
 * cut at the sample's end): whether the whole input has an even length is for the caller,
 * who knows whether the head is all of it.
 */
export function unmarkedUtf16(head: Uint8Array): Utf16Order | null {
  const pairs = Math.floor(Math.min(head.length, SAMPLE_BYTES) / 2);
  if (pairs < MIN_PAIRS) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  let order: Utf16Order;
  if (oddZero >= pairs * MIN_LATIN_SHARE && evenZero <= pairs * MAX_LOW_ZERO_SHARE) order = 'utf-16le';
  else if (evenZero >= pairs * MIN_LATIN_SHARE && oddZero <= pairs * MAX_LOW_ZERO_SHARE) order = 'utf-16be';
  else return null;
  return readsAsText(head.subarray(0, pairs * 2), order) ? order : null;
}

/**
 * Whether the sample decodes to text: few C0 or C1 controls (tab and line ends aside), NUL
 * characters or unpaired surrogates. Small 16-bit numbers in a binary table have the NUL
 * pattern of UTF-16 but decode to controls. A surrogate pair cut at the sample's end is held
 * back by the streaming decode, not counted.
 */
function readsAsText(sample: Uint8Array, order: Utf16Order): boolean {
  const text = new TextDecoder(order).decode(sample, { stream: true });
  let notText = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) notText++;
  }
  return notText <= text.length * MAX_NOT_TEXT_SHARE;
}

/** `utf-16le` as people write it in messages: `UTF-16LE`. */
export function utf16Name(order: Utf16Order): string {
  return order === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
}
