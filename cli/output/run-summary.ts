/**
 * What a run of `logs` saw, told in one closing line on stderr: invocations by status,
 * functions, cold starts and the time span, so a user knows the output is complete and
 * what it held without scrolling back; and how many REPORTs held a figure no function can
 * have, which the text marks where they are and NDJSON cannot.
 */
import { INVOCATION_STATUSES, type Invocation, type InvocationStatus } from '../../collectors/model.ts';
import { describeProblem, reportValueProblem } from '../../collectors/report-values.ts';

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
  /** Invocations whose REPORT has a figure no function can have (see damagedReportNote). */
  damaged: number;
  /** The first of them: its request and what is wrong. */
  firstDamaged: string | null;
  /**
   * Invocations still open where the input ended, printed `incomplete`: at the end of a
   * window of history they ran past it rather than failed to end.
   */
  openAtEnd: number;
  /** Invocations begun before a window of history: shown `incomplete` unless they failed in it (window-start.ts). */
  startedBefore: number;
}

/** Invocations a window of history cut, at its end and at its start. */
export interface WindowCuts {
  openAtEnd: number;
  startedBefore: number;
}

/** A counter's state, as it crosses threads: what a part of the input counted. */
export interface SummaryState {
  invocations: number;
  byStatus: Record<InvocationStatus, number>;
  functionNames: string[];
  unnamed: number;
  coldStarts: number;
  first: string | null;
  last: string | null;
  damaged: number;
  firstDamaged: string | null;
}

export interface SummaryCounter {
  add(inv: Invocation): void;
  /** Counts `now` in place of `was`, counted before (a request let go incomplete, then completed by its late REPORT). */
  replace(was: Invocation, now: Invocation): void;
  /** Adds what another counter counted (a part of the input read by another thread). */
  absorb(other: SummaryState): void;
  state(): SummaryState;
  summary(unattributed: number, cuts?: WindowCuts): RunSummary;
}

/** Function names kept for the count: memory stays bounded whatever the input names. */
const MAX_FUNCTIONS = 10_000;

/** Counts invocations as they pass; memory holds one entry per function name. */
export function createSummaryCounter(): SummaryCounter {
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
  let damaged = 0;
  let firstDamaged: string | null = null;
  // ISO 8601 UTC strings of one form compare in time order.
  const span = (start: string | null, end: string | null): void => {
    if (start !== null && (first === null || start < first)) first = start;
    if (end !== null && (last === null || end > last)) last = end;
  };
  return {
    add(inv) {
      invocations++;
      byStatus[inv.status]++;
      if (inv.functionName === null) unnamed++;
      else if (functions.size < MAX_FUNCTIONS) functions.add(inv.functionName);
      if (inv.coldStart) coldStarts++;
      span(inv.start, inv.end ?? inv.start);
      const problem = reportValueProblem(inv);
      if (problem) {
        damaged++;
        firstDamaged ??= `request ${inv.requestId}: ${describeProblem(problem)}`;
      }
    },
    replace(was, now) {
      byStatus[was.status]--;
      byStatus[now.status]++;
      if (was.coldStart) coldStarts--;
      if (now.coldStart) coldStarts++;
      span(now.start, now.end ?? now.start);
      const problem = reportValueProblem(now);
      if (problem && !reportValueProblem(was)) {
        damaged++;
        firstDamaged ??= `request ${now.requestId}: ${describeProblem(problem)}`;
      }
    },
    absorb(other) {
      invocations += other.invocations;
      for (const s of INVOCATION_STATUSES) byStatus[s] += other.byStatus[s];
      for (const name of other.functionNames) if (functions.size < MAX_FUNCTIONS) functions.add(name);
      unnamed += other.unnamed;
      coldStarts += other.coldStarts;
      span(other.first, other.last);
      damaged += other.damaged;
      firstDamaged ??= other.firstDamaged;
    },
    state: () => ({
      invocations,
      byStatus: { ...byStatus },
      functionNames: [...functions],
      unnamed,
      coldStarts,
      first,
      last,
      damaged,
      firstDamaged,
    }),
    summary: (unattributed, cuts = { openAtEnd: 0, startedBefore: 0 }) => ({
      invocations,
      byStatus,
      functions: functions.size,
      unnamed,
      coldStarts,
      first,
      last,
      unattributed,
      damaged,
      firstDamaged,
      openAtEnd: cuts.openAtEnd,
      startedBefore: cuts.startedBefore,
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
