/**
 * What a run of `logs` saw, told in one closing line on stderr: invocations by status,
 * functions, cold starts and the time span, so a user knows the output is complete and
 * what it held without scrolling back.
 */
import { INVOCATION_STATUSES, type Invocation, type InvocationStatus } from '../../collectors/model.ts';

export interface RunSummary {
  invocations: number;
  byStatus: Record<InvocationStatus, number>;
  functions: number;
  /** Invocations whose input named no function (stdin, a copied log without a file name). */
  unnamed: number;
  coldStarts: number;
  /** ISO times of the first start and the last end seen, or null. */
  first: string | null;
  last: string | null;
  /** Lines that belong to no invocation. */
  unattributed: number;
}

/** Counts invocations as they pass; memory holds one entry per function name. */
export function createSummaryCounter(): {
  add(inv: Invocation): void;
  summary(unattributed: number): RunSummary;
} {
  const byStatus = Object.fromEntries(INVOCATION_STATUSES.map((s) => [s, 0])) as Record<
    InvocationStatus,
    number
  >;
  const functions = new Set<string>();
  let invocations = 0;
  let unnamed = 0;
  let coldStarts = 0;
  let first: string | null = null;
  let last: string | null = null;
  return {
    add(inv) {
      invocations++;
      byStatus[inv.status]++;
      if (inv.functionName === null) unnamed++;
      else if (functions.size < 10_000) functions.add(inv.functionName);
      if (inv.coldStart) coldStarts++;
      // ISO 8601 UTC strings of one form compare in time order.
      if (inv.start !== null && (first === null || inv.start < first)) first = inv.start;
      const end = inv.end ?? inv.start;
      if (end !== null && (last === null || end > last)) last = end;
    },
    summary: (unattributed) => ({
      invocations,
      byStatus,
      functions: functions.size,
      unnamed,
      coldStarts,
      first,
      last,
      unattributed,
    }),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `12 invocations (10 success, 1 timeout, 1 error) from 3 functions, 2 cold starts, 10:00:01Z → 10:04:59Z`. */
export function formatSummary(s: RunSummary): string {
  const statuses = INVOCATION_STATUSES.filter((st) => s.byStatus[st] > 0)
    .map((st) => `${s.byStatus[st]} ${st}`)
    .join(', ');
  const parts = [`${plural(s.invocations, 'invocation')}${statuses ? ` (${statuses})` : ''}`];
  const named = s.functions > 0 ? `from ${plural(s.functions, 'function')}` : '';
  parts[0] += named ? ` ${named}` : '';
  parts.push(plural(s.coldStarts, 'cold start'));
  if (s.first !== null && s.last !== null) parts.push(`${s.first} → ${s.last}`);
  return parts.join(', ');
}
