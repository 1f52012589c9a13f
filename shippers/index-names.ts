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

const PREFIX = /^[a-z0-9][a-z0-9_.-]{0,100}$/;
/** What a prefix must be, in the words every refusal of one uses (a flag's, a variable's). */
export const PREFIX_RULE = "lowercase letters, digits, '-', '_' or '.', not starting with a symbol";

export function isValidPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

export function validatePrefix(prefix: string): string | null {
  return isValidPrefix(prefix) ? null : `index prefix "${prefix}" must be ${PREFIX_RULE}`;
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
