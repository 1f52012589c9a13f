/**
 * V8's longest string (2^29 - 24 characters on 64-bit Node): what one invocation's output
 * text may pass, for the text held of an invocation is bounded (256 MiB by default) but
 * writing it can make it longer: JSON writes a control character as six (`\u0001`), and a
 * terminal is shown one as up to eight (`<U+2028>`). Past it, building the text throws
 * "Invalid string length"; the writers then hand it over in pieces instead.
 */
import { constants } from 'node:buffer';

export const LONGEST_STRING = constants.MAX_STRING_LENGTH;

/** Room for an invocation's text but its lines', and for a line's but its message's. */
const FIELDS_ROOM = 4096;
const LINE_ROOM = 256;

/**
 * Whether the text written of `lines` could pass the longest string, at `perCharacter`
 * characters written a character of their messages at most: told before the text is built,
 * which `JSON.stringify` does to hundreds of megabytes before it gives up.
 */
export function mayPassLongestString(lines: readonly { message: string }[], perCharacter: number): boolean {
  let most = FIELDS_ROOM;
  for (const line of lines) most += line.message.length * perCharacter + LINE_ROOM;
  return most >= LONGEST_STRING;
}
