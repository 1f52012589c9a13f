/**
 * REPORT figures an invocation document cannot hold in their own field, as it keeps them:
 * - written but unreadable (`Duration: abc ms` reads as NaN, `Infinity` and `1e999` as
 *   Infinity: see collectors/parser/field-number.ts): JSON has no NaN nor Infinity;
 * - past a `long` field (`Billed Duration: 1e30 ms` in a damaged copy): Elasticsearch and
 *   OpenSearch refuse the whole document for a value beyond ±2^63, so one absurd number
 *   would dead-letter its invocation.
 * The figure's own field is stored null, as if the line had not written it. The document
 * names each such figure and what it read as in `lambdalens.invocation.unreadable_figures`
 * (`Duration: NaN`, `Billed Duration: 1e+30`) when the local path refuses the line for it
 * (`reportValueProblem`), so that the cost report from the cluster refuses the invocation
 * with the same message; a figure past its field that no rule refuses (a Max Memory Used
 * of 1e30 MB) is left out alone, as it is priced from the file. Documents shipped before
 * this field was written simply lack it, and nothing migrates them: their unreadable
 * figures stay indistinguishable from absent ones (a re-ship into the same prefix is
 * answered "already there", the build's completeness version being the same).
 */
import { figureProblem, REPORT_VALUE_BOUNDS, type ReportValues } from '../../collectors/report-values.ts';
import { INVOCATION_DOC } from './es-fields.ts';

type Figure = (typeof REPORT_VALUE_BOUNDS)[number]['field'];

/** The stored value for a figure that read as `reading` (`String` of the number read). */
export function unreadableFigure(figure: Figure, reading: string): string {
  return `${figure}: ${reading}`;
}

/** Whether a `long` field holds the number (NaN and ±Infinity it does not either). */
export function fitsLong(value: number): boolean {
  return Math.abs(value) < 2 ** 63;
}

/** Whether a finite figure fits the field the document stores it in. */
function fitsField(key: keyof ReportValues, value: number): boolean {
  return INVOCATION_DOC[key].type !== 'long' || fitsLong(value);
}

/** The figure as its own field stores it: null when it is not finite or does not fit. */
export function storedFigure(key: keyof ReportValues, value: number | null): number | null {
  return value !== null && Number.isFinite(value) && fitsField(key, value) ? value : null;
}

/**
 * The figures named in `unreadable_figures`, in `reportValueProblem`'s order; undefined
 * when there are none (nearly always), so nothing is written.
 */
export function unreadableFigures(inv: ReportValues): string[] | undefined {
  let out: string[] | undefined;
  for (const bound of REPORT_VALUE_BOUNDS) {
    const value = inv[bound.key];
    if (value === null) continue;
    if (Number.isFinite(value)) {
      if (fitsField(bound.key, value)) continue;
      if (figureProblem(bound.key, value) === null) continue;
    }
    out ??= [];
    out.push(unreadableFigure(bound.field, String(value)));
  }
  return out;
}
