/**
 * What a row of the tail holds, in bytes, for the ring's bound on them (ring.ts): the text
 * of its lines, and what keeping each line costs besides. Text counts two bytes a
 * character, the most V8 keeps a string's character in (text wholly in Latin-1 takes one,
 * so this errs high), read in constant time where UTF-8 bytes would need a scan of every
 * line and count neither representation V8 holds.
 */
import type { Invocation } from '../../collectors/model.ts';

const MIB = 1024 * 1024;

/**
 * 128 MiB of lines: a few MB is what 2,000 rows of ordinary lines take, and the tail aims
 * to stay under 300 MB of memory in all; the rows that left, kept while the screen may
 * still show them, take a quarter of it more (`DEFAULT_MAX_RECENT_BYTES`).
 */
export const DEFAULT_MAX_RING_BYTES = 128 * MIB;
export const DEFAULT_MAX_RECENT_BYTES = 32 * MIB;

/**
 * What keeping a line costs besides its text: its event or line object, its ISO time and
 * event ID, its level, its place in a list (measured on Node: about 200 bytes a line).
 */
const LINE_COST = 200;

/** What one line of `message` counts for. */
export function lineBytes(message: string): number {
  return message.length * 2 + LINE_COST;
}

/** What a completed invocation's lines count for. */
export function invocationBytes(inv: Pick<Invocation, 'lines'>): number {
  let bytes = 0;
  for (const line of inv.lines) bytes += lineBytes(line.message);
  return bytes;
}
