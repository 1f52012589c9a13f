/**
 * The bound on line text the correlator holds at once: the lines of open invocations and
 * the lines streams wrote while no request was open in them. The bounds on open
 * invocations and on lines per invocation alone let 10,000 × 1,000 lines of up to 16 MiB
 * each be held: 20 requests that never end, logging CloudWatch's largest events, ran the
 * process out of memory within seconds.
 *
 * Past the bound, what is held the longest is let go of first. Lines waiting for a request
 * go first, the oldest stream's all at once (as past the bound on such streams): they are
 * still told, as lines outside any invocation. Then the invocation that began keeping lines
 * first lets go of its latest lines until the text held is within the bound, counted in
 * its `droppedLines`, and keeps no more: what it keeps stays its first lines, as past the
 * bound on lines per invocation, and it stays one invocation, whole in every other way.
 */
import type { InvocationLine } from '../model.ts';

export const MIB = 1024 * 1024;

/** 256 MiB of text: a million lines of 250 characters, more than any honest input holds open. */
export const DEFAULT_MAX_HELD_BYTES = 256 * MIB;

/**
 * What holding a line costs besides its text: the line object, its ISO time, its place in
 * a list (measured: 110 bytes a line). Text is counted by its characters.
 */
const LINE_COST = 112;

/** What a line (or an event held for one) counts for against the bound. */
export function heldSize(line: Pick<InvocationLine, 'message'>): number {
  return line.message.length + LINE_COST;
}

/**
 * What keeping a line costs at most besides its text: its event or line object, its time
 * and event ID, its level, its place in a list (measured on Node: 192 bytes a line whose
 * message is 6 characters).
 */
const KEPT_LINE_COST = 200;

/**
 * What keeping a line of `message` counts for where a bound must never come out low (what
 * the shipper Lambda carries between deliveries, the rows `tail` keeps): its text at two
 * bytes a character, the most V8 keeps a character in (text wholly in Latin-1 takes one),
 * read in constant time, where UTF-8 bytes would need a scan of the text and count neither
 * representation V8 holds.
 */
export function keptSize(message: string): number {
  return message.length * 2 + KEPT_LINE_COST;
}
