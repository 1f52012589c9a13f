/**
 * The REPORT figures pricing multiplies, checked before they are used: Lambda bills whole
 * milliseconds of whole megabytes, so a fractional, negative, unreadable (NaN, or ±Infinity:
 * see parser/field-number.ts) or impossible value is a damaged line (an edited copy, a local
 * emulator), counted and named, never priced and never a crash (BigInt of 12.5 would throw).
 * `logs` marks the same invocations with the same words, and decides no status from such a
 * figure (outcome.ts).
 */
import type { Invocation } from './model.ts';

/** Lambda's configurable memory range, in MB. */
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;

/** Whether `mb` is a memory size a Lambda function can have: whole megabytes, 128 to 10,240. */
export function isLambdaMemorySize(mb: number): boolean {
  return Number.isInteger(mb) && mb >= MIN_MEMORY_MB && mb <= MAX_MEMORY_MB;
}
/**
 * The longest Billed Duration Lambda can bill one invocation: the 15-minute timeout, plus
 * the init phase (at most 10 s) that on-demand functions are billed for since August 2025.
 * Longer is a damaged line, and priced it would be any sum at all.
 */
export const MAX_BILLED_DURATION_MS = 900_000 + 10_000;

export interface ReportValueProblem {
  field:
    | 'Billed Duration'
    | 'Memory Size'
    | 'Duration'
    | 'Max Memory Used'
    | 'Init Duration'
    | 'Restore Duration'
    | 'Billed Restore Duration';
  value: number;
  problem: string;
}

/** A figure that is no number (`NaN`), or one no count can reach (`Infinity`, `1e999`). */
function notFinite(value: number): string | null {
  if (Number.isNaN(value)) return 'not a number';
  return Number.isFinite(value) ? null : 'not a finite number';
}

function wholeNonNegative(value: number): string | null {
  const infinite = notFinite(value);
  if (infinite) return infinite;
  if (value < 0) return 'negative';
  if (!Number.isInteger(value)) return 'not a whole number';
  return null;
}

function unit(problem: string, of: string): string {
  return problem === 'not a whole number' ? `${problem} of ${of}` : problem;
}

function nonNegative(value: number): string | null {
  return notFinite(value) ?? (value < 0 ? 'negative' : null);
}

/** The figures of an invocation's REPORT. */
export type ReportValues = Pick<
  Invocation,
  | 'billedDurationMs'
  | 'memorySizeMB'
  | 'durationMs'
  | 'maxMemoryUsedMB'
  | 'initDurationMs'
  | 'restoreDurationMs'
  | 'billedRestoreDurationMs'
>;

/** The first figure of the REPORT that cannot be billed, or null when all can. */
export function reportValueProblem(inv: ReportValues): ReportValueProblem | null {
  const billed = inv.billedDurationMs;
  if (billed !== null) {
    const p = wholeNonNegative(billed);
    if (p) return { field: 'Billed Duration', value: billed, problem: unit(p, 'ms') };
    if (billed > MAX_BILLED_DURATION_MS) {
      return {
        field: 'Billed Duration',
        value: billed,
        problem: `over the ${MAX_BILLED_DURATION_MS.toLocaleString('en')} ms one invocation can be billed (15 minutes and a 10 s init)`,
      };
    }
  }
  const memory = inv.memorySizeMB;
  if (memory !== null) {
    const p = wholeNonNegative(memory);
    if (p) return { field: 'Memory Size', value: memory, problem: unit(p, 'MB') };
    if (memory < MIN_MEMORY_MB || memory > MAX_MEMORY_MB) {
      return {
        field: 'Memory Size',
        value: memory,
        problem: `outside Lambda's ${MIN_MEMORY_MB}–${MAX_MEMORY_MB} MB`,
      };
    }
  }
  // Checked in turn, not from a table of checks: this runs for every invocation priced.
  return (
    check('Duration', inv.durationMs, nonNegative) ??
    check('Max Memory Used', inv.maxMemoryUsedMB, nonNegative) ??
    check('Init Duration', inv.initDurationMs, nonNegative) ??
    check('Restore Duration', inv.restoreDurationMs, nonNegative) ??
    check('Billed Restore Duration', inv.billedRestoreDurationMs, wholeNonNegative)
  );
}

const NO_REPORT_VALUES: ReportValues = {
  billedDurationMs: null,
  memorySizeMB: null,
  durationMs: null,
  maxMemoryUsedMB: null,
  initDurationMs: null,
  restoreDurationMs: null,
  billedRestoreDurationMs: null,
};

/** What `reportValueProblem` finds in one figure alone, the others not written. */
export function figureProblem(key: keyof ReportValues, value: number): ReportValueProblem | null {
  return reportValueProblem({ ...NO_REPORT_VALUES, [key]: value });
}

/**
 * The same limits as bounds on each figure, in the order `reportValueProblem` checks them:
 * for sources that sum figures server-side (Elasticsearch range queries), which cannot run
 * this code over every document. A figure below `min` or above `max` is one
 * `reportValueProblem` refuses, so the first bound a document breaks names its problem.
 * Fractions and non-finite values are refused too but are no bound: a search engine's
 * numeric fields cannot hold them (long fields truncate fractions, JSON has no NaN nor
 * Infinity). A non-finite figure is stored null and named apart, in the document's
 * `unreadable_figures` (pricing/sources/es-unreadable.ts), checked in this same order.
 * A unit test holds every bound to `reportValueProblem`.
 */
export const REPORT_VALUE_BOUNDS: ReadonlyArray<{
  key: keyof ReportValues;
  field: ReportValueProblem['field'];
  min: number;
  max: number | null;
}> = [
  { key: 'billedDurationMs', field: 'Billed Duration', min: 0, max: MAX_BILLED_DURATION_MS },
  { key: 'memorySizeMB', field: 'Memory Size', min: MIN_MEMORY_MB, max: MAX_MEMORY_MB },
  { key: 'durationMs', field: 'Duration', min: 0, max: null },
  { key: 'maxMemoryUsedMB', field: 'Max Memory Used', min: 0, max: null },
  { key: 'initDurationMs', field: 'Init Duration', min: 0, max: null },
  { key: 'restoreDurationMs', field: 'Restore Duration', min: 0, max: null },
  { key: 'billedRestoreDurationMs', field: 'Billed Restore Duration', min: 0, max: null },
];

function check(
  field: ReportValueProblem['field'],
  value: number | null,
  rule: (v: number) => string | null,
): ReportValueProblem | null {
  if (value === null) return null;
  const problem = rule(value);
  return problem ? { field, value, problem } : null;
}

export function describeProblem(p: ReportValueProblem): string {
  return `REPORT ${p.field} ${p.value} is ${p.problem}`;
}
