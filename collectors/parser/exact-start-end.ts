/**
 * START and END lines exactly as CloudWatch writes them: one space after each label, values
 * of printable ASCII. Such a line is recognised by an expression without captures, and its
 * values are then found by where they must be, as `exact-report.ts` reads REPORTs.
 *
 * The usual expressions (`text-platform.ts`) read the same lines, and more, but each match
 * built an array and a string for each capture: a fifth of the lines of a text copy are
 * STARTs and ENDs, and their match arrays were ~40 bytes of every line's allocation.
 *
 * On a line of this shape both ways read the same: the ID and the version are runs without
 * spaces or tabs, bounded by the separators, so neither expression has a choice of where
 * one ends. An ID past the bound, or one ending in a colon (see ID_TOKEN), is left to the
 * usual expression, which says what it is. A test holds the two to it on fuzzed lines.
 */
import { MAX_REQUEST_ID_LENGTH } from './request-id.ts';
import type { EndLine, StartLine } from './types.ts';

const VALUE = '[!-~]+';
const EXACT_START = new RegExp(`^START RequestId: ${VALUE} Version: ${VALUE}[\\t\\n\\r ]*$`);
const EXACT_END = new RegExp(`^END RequestId: ${VALUE}[\\t\\n\\r ]*$`);

const START_ID_AT = 'START RequestId: '.length;
const END_ID_AT = 'END RequestId: '.length;
const VERSION = ' Version: '.length;

/**
 * Where the last value of a line in the exact shape ends: before the white space that ends
 * the line (mostly none), found from the end rather than by walking the value.
 */
function lastValueEnd(text: string): number {
  let i = text.length;
  while (text.charCodeAt(i - 1) <= 32) i--;
  return i;
}

/** Whether the ID from `at` to `end` is one the usual expressions take: within the bound, not ending in a colon. */
function takenId(text: string, at: number, end: number): boolean {
  return end - at <= MAX_REQUEST_ID_LENGTH && text.charCodeAt(end - 1) !== 58 /* : */;
}

/** The START of `text` when it is in CloudWatch's exact shape; undefined for any other line. */
export function exactStart(text: string): StartLine | undefined {
  if (!EXACT_START.test(text)) return undefined;
  const idEnd = text.indexOf(' ', START_ID_AT);
  if (!takenId(text, START_ID_AT, idEnd)) return undefined;
  return {
    kind: 'start',
    requestId: text.slice(START_ID_AT, idEnd),
    version: text.slice(idEnd + VERSION, lastValueEnd(text)),
    traceId: null,
    functionArn: null,
    json: false,
  };
}

/** The END of `text` when it is in CloudWatch's exact shape; undefined for any other line. */
export function exactEnd(text: string): EndLine | undefined {
  if (!EXACT_END.test(text)) return undefined;
  const idEnd = lastValueEnd(text);
  if (!takenId(text, END_ID_AT, idEnd)) return undefined;
  return { kind: 'end', requestId: text.slice(END_ID_AT, idEnd) };
}
