/**
 * Index names. A document's index is picked from its placement time, a fact of the data
 * (the event's own time, an invocation's log stream date), never the clock, so a
 * re-delivered or re-shipped document always goes back to the index that holds its `_id`.
 * Documents whose data carries no time at all go to one fixed `-undated` index for the
 * same reason. Daily or monthly: a month costs the cluster 30 times fewer shards.
 */
import { isPlausibleTime } from '../collectors/line-time.ts';
import type { DocumentKind } from './types.ts';

export type IndexMode = 'daily' | 'data-stream';
export type IndexPeriod = 'daily' | 'monthly';

export interface IndexNames {
  prefix: string;
  mode: IndexMode;
  /** Default daily. */
  period?: IndexPeriod | undefined;
}

/**
 * The longest prefix taken. An index name may be 255 bytes; the longest name made of a prefix
 * is a data stream's backing index on Elasticsearch, `.ds-<prefix>-logs-stream-2026.01.10-000001`,
 * 34 characters more than its prefix: 101 leaves room to spare. Every character the rule
 * allows is one byte.
 */
export const PREFIX_MAX = 101;
/** What a prefix must be, in the words every refusal of one uses (a flag's, a variable's). */
export const PREFIX_RULE = `1 to ${PREFIX_MAX} lowercase letters, digits, '-', '_' or '.', not starting with a symbol`;

export function isValidPrefix(prefix: string): boolean {
  return prefixFault(prefix) === null;
}

/**
 * The first upper-case letter of an index name or pattern, or null. Both engines refuse such
 * a name, and a pattern with one matches no index: every refusal of one says it alike.
 */
export function upperCaseLetter(name: string): string | null {
  for (const c of name) if (c !== c.toLowerCase()) return c;
  return null;
}

/** The rule an index name or pattern given by the user must keep, and which letter broke it; null when none. */
export function indexPatternFault(pattern: string): string | null {
  const upper = upperCaseLetter(pattern);
  return upper === null ? null : `index names are lower case: "${upper}" is upper case`;
}

/** Which part of the rule a prefix breaks, for the refusal to name it; null when it breaks none. */
export function prefixFault(prefix: string): string | null {
  if (prefix.length === 0) return 'it is empty';
  const other = /[^a-z0-9_.-]/u.exec(prefix)?.[0];
  if (other !== undefined)
    return `"${other}" is ${upperCaseLetter(other) !== null ? 'upper case' : 'none of these'}`;
  if (!/^[a-z0-9]/.test(prefix)) return `it starts with "${prefix[0]}"`;
  if (prefix.length > PREFIX_MAX) return `it has ${prefix.length} characters`;
  return null;
}

export function validatePrefix(prefix: string): string | null {
  const fault = prefixFault(prefix);
  return fault === null ? null : `index prefix "${prefix}" must be ${PREFIX_RULE}: ${fault}`;
}

export function isIndexPeriod(value: unknown): value is IndexPeriod {
  return value === 'daily' || value === 'monthly';
}

export const aliasOf = (prefix: string, kind: DocumentKind) =>
  `${prefix}-${kind === 'line' ? 'logs' : 'invocations'}`;
export const deadLetterIndex = (prefix: string) => `${prefix}-dead-letter`;
export const dataStreamOf = (prefix: string) => `${prefix}-logs-stream`;
export const UNDATED = 'undated';

const DAY_MS = 86_400_000;
// The day of the last document: documents come in runs of one day.
let lastDay = Number.NaN;
let lastDayName = '';

function day(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  if (n === lastDay) return lastDayName;
  const d = new Date(n * DAY_MS);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  lastDay = n;
  lastDayName = `${d.getUTCFullYear()}.${mm}.${dd}`;
  return lastDayName;
}

/** The index suffix of a placement time: `2026.01.10`, `2026.01`, or `undated` when there is no time. */
export function periodOf(period: IndexPeriod | undefined, placement: number): string {
  if (!isPlausibleTime(placement)) return UNDATED;
  const name = day(placement);
  return period === 'monthly' ? name.slice(0, 7) : name;
}

export function targetIndex(names: IndexNames, kind: DocumentKind, placement: number): string {
  // A data stream needs every document's @timestamp: a line without a time stays undated.
  if (kind === 'line' && names.mode === 'data-stream' && isPlausibleTime(placement))
    return dataStreamOf(names.prefix);
  return `${aliasOf(names.prefix, kind)}-${periodOf(names.period, placement)}`;
}
