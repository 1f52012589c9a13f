/**
 * The bounds a search engine filters damaged documents with are the rules a file's REPORT
 * line is refused by: every bound agrees with `reportValueProblem` on both sides, in the
 * order it checks the figures, so a document and a line are refused alike and named alike.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_BILLED_DURATION_MS,
  MAX_MEMORY_MB,
  MIN_MEMORY_MB,
  REPORT_VALUE_BOUNDS,
  type ReportValues,
  reportValueProblem,
} from '../../../collectors/report-values.ts';

/** Every figure at the lowest value it may hold. */
const lowest = (): ReportValues =>
  Object.fromEntries(REPORT_VALUE_BOUNDS.map((b) => [b.key, b.min])) as unknown as ReportValues;

describe('REPORT_VALUE_BOUNDS', () => {
  it('bounds every figure reportValueProblem checks, with the pricing limits', () => {
    expect(REPORT_VALUE_BOUNDS.map((b) => [b.field, b.min, b.max])).toEqual([
      ['Billed Duration', 0, MAX_BILLED_DURATION_MS],
      ['Memory Size', MIN_MEMORY_MB, MAX_MEMORY_MB],
      ['Duration', 0, null],
      ['Max Memory Used', 0, null],
      ['Init Duration', 0, null],
      ['Restore Duration', 0, null],
      ['Billed Restore Duration', 0, null],
    ]);
    expect(reportValueProblem(lowest())).toBeNull();
  });

  it.each(REPORT_VALUE_BOUNDS.map((b) => [b.field, b] as const))(
    '%s: inside its bounds is billed, outside is refused under its name',
    (_, bound) => {
      const at = (value: number) => reportValueProblem({ ...lowest(), [bound.key]: value });
      expect(at(bound.min)).toBeNull();
      // -0 is not below 0: the search engine's bound must leave it in too.
      if (bound.min === 0) expect(at(-0)).toBeNull();
      for (const below of [bound.min - 1, bound.min - 0.5])
        expect(at(below)).toMatchObject({ field: bound.field, value: below });
      if (bound.max === null) {
        expect(at(1e15)).toBeNull();
        return;
      }
      expect(at(bound.max)).toBeNull();
      expect(at(bound.max + 1)).toMatchObject({ field: bound.field, value: bound.max + 1 });
    },
  );

  it('lists the figures in the order reportValueProblem names them', () => {
    // Every figure below its bound: the first of the list is named; put it right, the next is.
    const values = Object.fromEntries(
      REPORT_VALUE_BOUNDS.map((b) => [b.key, b.min - 1]),
    ) as unknown as ReportValues;
    for (const bound of REPORT_VALUE_BOUNDS) {
      expect(reportValueProblem(values)?.field).toBe(bound.field);
      (values as unknown as Record<string, number>)[bound.key] = bound.min;
    }
    expect(reportValueProblem(values)).toBeNull();
  });
});
