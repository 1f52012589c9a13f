/**
 * The `f` filter and the `/` search: small parsers from what the user typed to
 * predicates, kept out of components so they can be tested on their own.
 */
import { FAILURE_STATUSES, INVOCATION_STATUSES, type InvocationStatus } from '../../collectors/model.ts';
import { STATUS_STYLE } from './format.ts';
import {
  anyHeldMatchOnThread,
  anyMatchOnThread,
  MAX_RANGES,
  rangesOnThread,
  type ThreadPattern,
} from './pattern-thread.ts';
import { nestedRepetition } from './regex-guard.ts';
import type { RowView } from './types.ts';

export interface RowFilter {
  /** Substring of the function name, case-insensitive. */
  functionName: string | null;
  statuses: readonly InvocationStatus[] | null;
  coldOnly: boolean;
  minDurationMs: number | null;
}

export const NO_FILTER: RowFilter = {
  functionName: null,
  statuses: null,
  coldOnly: false,
  minDurationMs: null,
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The status a word names: its own name, or the label the STATUS column shows (`ok`, `partial`). */
function statusNamed(word: string): InvocationStatus | undefined {
  return INVOCATION_STATUSES.find((s) => s === word || STATUS_STYLE[s].label === word);
}

/** `ok (success), timeout, …, partial (incomplete)`: the labels shown, with the names they stand for. */
const STATUS_WORDS = INVOCATION_STATUSES.map((s) =>
  STATUS_STYLE[s].label === s ? s : `${STATUS_STYLE[s].label} (${s})`,
).join(', ');

function parseStatuses(list: string): ParseResult<InvocationStatus[]> {
  const out = new Set<InvocationStatus>();
  for (const word of list.split(',').filter(Boolean)) {
    const w = word.toLowerCase();
    if (w === 'errors' || w === 'failed' || w === 'failures') {
      for (const s of FAILURE_STATUSES) out.add(s);
      continue;
    }
    const status = statusNamed(w);
    if (!status) return { ok: false, error: `unknown status "${word}" (${STATUS_WORDS}, errors)` };
    out.add(status);
  }
  return { ok: true, value: [...out] };
}

/** Keys that take a value: a bare `min` is a forgotten value, not a function named "min". */
const VALUE_KEYS: Record<string, string> = {
  fn: 'fn:NAME',
  function: 'fn:NAME',
  status: 'status:timeout,oom',
  min: 'min:MS',
  duration: 'min:MS',
};

/**
 * `fn:orders status:timeout,oom cold min:500` — any order; a bare word is a function name,
 * `errors` is every failure status, an empty text clears the filter. A key given twice
 * keeps its last value, so terms typed after the current filter replace their own kind.
 */
export function parseFilter(text: string): ParseResult<RowFilter> {
  const filter: RowFilter = { ...NO_FILTER };
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const colon = token.indexOf(':');
    const key = colon < 0 ? token.toLowerCase() : token.slice(0, colon).toLowerCase();
    const value = colon < 0 ? '' : token.slice(colon + 1);
    if (colon < 0 && (key === 'cold' || key === 'coldstart')) filter.coldOnly = true;
    else if (colon < 0 && (key === 'errors' || key === 'failed')) filter.statuses = FAILURE_STATUSES;
    else if (colon < 0 && VALUE_KEYS[key] !== undefined)
      return { ok: false, error: `"${token}" needs a value (${VALUE_KEYS[key]})` };
    else if (colon < 0) filter.functionName = token;
    else if (key === 'fn' || key === 'function') filter.functionName = value || null;
    else if (key === 'status') {
      const statuses = parseStatuses(value);
      if (!statuses.ok) return statuses;
      filter.statuses = statuses.value.length > 0 ? statuses.value : null;
    } else if (key === 'min' || key === 'duration') {
      const ms = Number(value.replace(/ms$/, ''));
      if (!Number.isFinite(ms) || ms < 0) return { ok: false, error: `bad minimum duration "${value}"` };
      filter.minDurationMs = ms;
    } else return { ok: false, error: `unknown filter "${key}:" (fn:, status:, cold, min:)` };
  }
  return { ok: true, value: filter };
}

export function isFilterActive(filter: RowFilter): boolean {
  return (
    filter.functionName !== null ||
    filter.statuses !== null ||
    filter.coldOnly ||
    filter.minDurationMs !== null
  );
}

/** Short text for the header line, e.g. `fn:orders status:timeout cold min:500ms`. */
export function describeFilter(filter: RowFilter): string {
  const parts: string[] = [];
  if (filter.functionName !== null) parts.push(`fn:${filter.functionName}`);
  if (filter.statuses !== null) parts.push(`status:${filter.statuses.join(',')}`);
  if (filter.coldOnly) parts.push('cold');
  if (filter.minDurationMs !== null) parts.push(`min:${filter.minDurationMs}ms`);
  return parts.join(' ');
}

/**
 * What the header warns of a filter that can only match nothing: a function term no seen
 * function name contains (`fn:trl-paymin:100`, two terms typed together, reads as one
 * name). Silent until some function is known, so a filter set before input is not flagged.
 */
export function filterWarning(filter: RowFilter, functions: ReadonlySet<string>): string | null {
  if (filter.functionName === null || functions.size === 0) return null;
  const wanted = filter.functionName.toLowerCase();
  for (const name of functions) if (name.toLowerCase().includes(wanted)) return null;
  return `fn:${filter.functionName} matches no function`;
}

export function matchesFilter(row: RowView, filter: RowFilter): boolean {
  if (filter.functionName !== null) {
    const name = row.functionName ?? '';
    if (!name.toLowerCase().includes(filter.functionName.toLowerCase())) return false;
  }
  if (filter.statuses !== null && !filter.statuses.includes(row.status)) return false;
  if (filter.coldOnly && !row.coldStart) return false;
  if (filter.minDurationMs !== null && (row.durationMs === null || row.durationMs < filter.minDurationMs))
    return false;
  return true;
}

/** Groups of texts matched in one pass: for each, whether one of its texts holds a match. */
export interface TextMatcher {
  anyIn(groups: readonly (readonly string[])[]): boolean[];
  /**
   * A pattern run on the pattern thread asks it of groups of texts copied there already, by
   * their numbers (thread-rows.ts), rather than of texts sent with the pass.
   */
  anyInHeld?(numbers: readonly number[]): boolean[];
  /** Whether the pattern gave up (`Search.gaveUp`): then it matches nothing, whatever it answered before. */
  gaveUp?(): boolean;
}

export interface Search extends TextMatcher {
  text: string;
  /** Where the matches lie in each of `texts`, for highlighting. */
  rangesIn(texts: readonly string[]): [number, number][][];
  /**
   * True once a pass of a regular expression ran over its time budget (pattern-thread.ts):
   * the pattern then matches nothing, and the screen says it gave up.
   */
  gaveUp(): boolean;
  test(line: string): boolean;
  ranges(line: string): [number, number][];
}

/**
 * The engine's words for a bad pattern, as the user typed it: the error quotes the flags
 * it was built with, and the `g` added for highlighting made `/(a/` read `/(a/g`.
 */
function asTyped(pattern: string, flags: string, error: unknown): string {
  try {
    new RegExp(pattern, flags);
  } catch (typed) {
    return (typed as Error).message;
  }
  return (error as Error).message;
}

function rangesOf(re: RegExp, line: string): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null && out.length < MAX_RANGES; m = re.exec(line)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** The single-text questions, asked as passes of one. */
function withSingles(text: string, parts: Omit<Search, 'text' | 'test' | 'ranges'>): Search {
  return {
    text,
    ...parts,
    test: (line) => parts.anyIn([[line]])[0] === true,
    ranges: (line) => parts.rangesIn([line])[0] ?? [],
  };
}

/**
 * Text searched for as typed, case-insensitive, on the thread that draws: a literal takes
 * time in proportion to the text, so it needs no budget, nor a thread's round trip.
 */
function literalSearch(text: string): Search {
  const re = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  const hit = (line: string): boolean => {
    re.lastIndex = 0;
    return re.test(line);
  };
  return withSingles(text, {
    anyIn: (groups) => groups.map((texts) => texts.some(hit)),
    rangesIn: (texts) => texts.map((line) => rangesOf(re, line)),
    gaveUp: () => false,
  });
}

/** A regular expression, matched on its own thread within a time budget (pattern-thread.ts). */
function threadSearch(text: string, pattern: ThreadPattern): Search {
  let gaveUp = false;
  const outcome = <T>(answer: T[] | null, none: T, count: number): T[] => {
    if (answer !== null) return answer;
    gaveUp = true;
    return new Array<T>(count).fill(none);
  };
  return withSingles(text, {
    anyIn: (groups) =>
      gaveUp ? groups.map(() => false) : outcome(anyMatchOnThread(pattern, groups), false, groups.length),
    anyInHeld: (numbers) =>
      gaveUp
        ? numbers.map(() => false)
        : outcome(anyHeldMatchOnThread(pattern, numbers), false, numbers.length),
    rangesIn: (texts) =>
      gaveUp ? texts.map(() => []) : outcome(rangesOnThread(pattern, texts), [], texts.length),
    gaveUp: () => gaveUp,
  });
}

/** `/re/flags` is a regular expression; anything else is a case-insensitive substring. */
export function parseSearch(text: string): ParseResult<Search> {
  const regexForm = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (!regexForm) return { ok: true, value: literalSearch(text) };
  const source = regexForm[1] ?? '';
  const flags = new Set((regexForm[2] ?? '').split(''));
  flags.add('g');
  const pattern = { source, flags: [...flags].join('') };
  try {
    new RegExp(pattern.source, pattern.flags);
  } catch (error) {
    return {
      ok: false,
      error: `bad regular expression: ${asTyped(source, regexForm[2] ?? '', error)}`,
    };
  }
  const nested = nestedRepetition(source);
  if (nested !== null)
    return {
      ok: false,
      error: `regular expression refused: ${nested} repeats a group that repeats inside, which can take exponential time on a long line; write it without the nesting`,
    };
  return { ok: true, value: threadSearch(text, pattern) };
}

/** A term coloured wherever it appears, without hiding anything (up to `MAX_HIGHLIGHTS`). */
export interface Highlight extends Search {
  colour: HighlightColour;
}

export type HighlightColour = 'yellow' | 'cyan' | 'magenta' | 'green' | 'blue' | 'red';

export const MAX_HIGHLIGHTS = 5;
const CYCLE: readonly HighlightColour[] = ['yellow', 'cyan', 'magenta', 'green', 'blue'];
/** Words engineers highlight most, in the colours their levels have. */
const PRESETS: Record<string, HighlightColour> = { error: 'red', warn: 'yellow', info: 'green' };

/** Adds a highlight term in the next free colour; the oldest goes past the limit. */
export function addHighlight(
  highlights: readonly Highlight[],
  text: string,
): ParseResult<readonly Highlight[]> {
  const parsed = parseSearch(text);
  if (!parsed.ok) return parsed;
  const kept = highlights.filter((h) => h.text !== text).slice(-(MAX_HIGHLIGHTS - 1));
  const used = new Set(kept.map((h) => h.colour));
  const colour = PRESETS[text.toLowerCase()] ?? CYCLE.find((c) => !used.has(c)) ?? 'yellow';
  return { ok: true, value: [...kept, { ...parsed.value, colour }] };
}
