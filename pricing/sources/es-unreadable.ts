/**
 * REPORT figures written but unreadable (`Duration: abc ms` reads as NaN, `Infinity` and
 * `1e999` as Infinity: see collectors/parser/field-number.ts), as an invocation document
 * keeps them. JSON has no NaN nor Infinity, so the figure's own field is stored null, as if
 * the line had not written it; the document names each such figure and what it read as in
 * `lambdalens.invocation.unreadable_figures` (`Duration: NaN`), so that the cost report
 * from the cluster refuses the invocation as a file's REPORT line is refused
 * (`reportValueProblem`), with the same message. Documents shipped before this field was
 * written simply lack it, and nothing migrates them: their unreadable figures stay
 * indistinguishable from absent ones (a re-ship into the same prefix is answered "already
 * there", the build's completeness version being the same).
 */
import { REPORT_VALUE_BOUNDS, type ReportValues } from '../../collectors/report-values.ts';

type Figure = (typeof REPORT_VALUE_BOUNDS)[number]['field'];

/** How an unreadable figure reads, as `String` writes it: all `reportValueProblem` tells apart. */
export const UNREADABLE_READINGS = ['NaN', 'Infinity', '-Infinity'] as const;

/** The stored value for a figure that read as `reading`. */
export function unreadableFigure(figure: Figure, reading: string): string {
  return `${figure}: ${reading}`;
}

/**
 * The unreadable figures of an invocation, in `reportValueProblem`'s order; undefined when
 * there are none (nearly always), so nothing is written.
 */
export function unreadableFigures(inv: ReportValues): string[] | undefined {
  let out: string[] | undefined;
  for (const bound of REPORT_VALUE_BOUNDS) {
    const value = inv[bound.key];
    if (value === null || Number.isFinite(value)) continue;
    out ??= [];
    out.push(unreadableFigure(bound.field, String(value)));
  }
  return out;
}
