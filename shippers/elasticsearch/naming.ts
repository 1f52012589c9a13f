/**
 * Index names. Daily indices are chosen by the event's own time, never the clock, so a
 * re-delivered event always goes back to the index that already holds its `_id`.
 */
import type { DocumentKind } from '../types.ts';

export type IndexMode = 'daily' | 'data-stream';

export interface IndexNames {
  prefix: string;
  mode: IndexMode;
}

const PREFIX = /^[a-z0-9][a-z0-9_.-]{0,100}$/;

export function validatePrefix(prefix: string): string | null {
  return PREFIX.test(prefix)
    ? null
    : `index prefix "${prefix}" must be lowercase letters, digits, '-', '_' or '.', not starting with a symbol`;
}

export const aliasOf = (prefix: string, kind: DocumentKind) =>
  `${prefix}-${kind === 'line' ? 'logs' : 'invocations'}`;
export const deadLetterIndex = (prefix: string) => `${prefix}-dead-letter`;
export const dataStreamOf = (prefix: string) => `${prefix}-logs-stream`;

const DAY_MS = 86_400_000;
// The day of the last document: documents come in runs of one day.
let lastDay = Number.NaN;
let lastDayName = '';

function day(ms: number): string {
  const n = Math.floor((Number.isFinite(ms) ? ms : 0) / DAY_MS);
  if (n === lastDay) return lastDayName;
  const d = new Date(n * DAY_MS);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  lastDay = n;
  lastDayName = `${d.getUTCFullYear()}.${mm}.${dd}`;
  return lastDayName;
}

export function targetIndex(names: IndexNames, kind: DocumentKind, timestamp: number): string {
  if (kind === 'line' && names.mode === 'data-stream') return dataStreamOf(names.prefix);
  return `${aliasOf(names.prefix, kind)}-${day(timestamp)}`;
}
