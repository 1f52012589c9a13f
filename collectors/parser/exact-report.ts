/**
 * A REPORT line exactly as CloudWatch writes it: labels in their order, one tab before
 * each, one space after each colon, values of printable ASCII. Such a line is recognised by
 * an expression without captures, and its values are then found by where they must be.
 *
 * The usual REPORT expression (`text-platform.ts`) reads the same lines, and more, but each
 * of its captures is a string of its own, parsed again for its figure: a REPORT took about
 * 270 ns that way and takes about 170 ns this one, and reading REPORTs is most of what
 * `cost` does per line.
 *
 * The expression is kept as the check of the shape: one pass that checks each label as it
 * reads the values (no expression) took 450 ns a REPORT, as each label compared in
 * JavaScript (`startsWith` at an offset, or a loop over its characters) costs about 40 ns,
 * where the compiled expression checks the whole line in about 60.
 *
 * On a line of this shape both ways read the same: values are runs without spaces or tabs,
 * bounded by the separators, so neither expression has a choice of where one ends, and each
 * optional part is there or not alike in both. A test holds the two to it on fuzzed lines.
 * Any other line (spaces for tabs, a unicode value, parts out of order) is left to the usual
 * expression.
 */
import { FigureReader } from './field-number.ts';
import { MAX_REQUEST_ID_LENGTH } from './request-id.ts';
import type { ReportLine } from './types.ts';

const VALUE = '[!-~]+';
const EXACT_REPORT = new RegExp(
  [
    `^REPORT RequestId: ${VALUE}\\tDuration: ${VALUE} ms\\tBilled Duration: ${VALUE} ms`,
    `\\tMemory Size: ${VALUE} MB\\tMax Memory Used: ${VALUE} MB`,
    `(?:\\tInit Duration: ${VALUE} ms)?`,
    `(?:\\tRestore Duration: ${VALUE} ms\\tBilled Restore Duration: ${VALUE} ms)?`,
    `(?:\\tStatus: ${VALUE}(?:\\tError Type: ${VALUE})?)?`,
    `(?:\\tXRAY TraceId: ${VALUE}\\tSegmentId: ${VALUE}\\tSampled: ${VALUE})?`,
    '[\\t\\n\\r ]*$',
  ].join(''),
);

/** Where the request ID of a line in the exact shape starts. */
export const EXACT_ID_AT = 'REPORT RequestId: '.length;
const DURATION = '\tDuration: ';
const BILLED = ' ms\tBilled Duration: ';
const MEMORY = ' ms\tMemory Size: ';
const MAX_MEMORY = ' MB\tMax Memory Used: ';
const MB = ' MB';
const INIT = '\tInit Duration: ';
const RESTORE = '\tRestore Duration: ';
const BILLED_RESTORE = ' ms\tBilled Restore Duration: ';
const MS = ' ms';
const STATUS = '\tStatus: ';
const ERROR_TYPE = '\tError Type: ';
const XRAY = '\tXRAY TraceId: ';

/** Where the value from `from` ends: at the first space, tab or line end, or the text's end. */
function valueEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) > 32) i++;
  return i;
}

/**
 * Where the request ID ends when `text` is in the exact shape, its ID within the bound; -1
 * for any other line. The bound is checked apart: a counted repetition in the expression
 * took twice its time, and reading REPORTs is most of what `cost` does per line.
 */
function exactIdEnd(text: string): number {
  if (!EXACT_REPORT.test(text)) return -1;
  const idEnd = text.indexOf('\t', EXACT_ID_AT);
  // An ID ending in a colon is none (see ID_TOKEN): left to the expression, which says so.
  return idEnd - EXACT_ID_AT <= MAX_REQUEST_ID_LENGTH && text.charCodeAt(idEnd - 1) !== 58 /* : */
    ? idEnd
    : -1;
}

/** A REPORT with no figures, for `exactReportInto` to fill. */
export function emptyReport(): ReportLine {
  return {
    kind: 'report',
    requestId: '',
    durationMs: null,
    billedDurationMs: null,
    memorySizeMB: null,
    maxMemoryUsedMB: null,
    initDurationMs: null,
    restoreDurationMs: null,
    billedRestoreDurationMs: null,
    status: null,
    errorType: null,
    traceId: null,
  };
}

/** The REPORT of `text` when it is in CloudWatch's exact shape; undefined for any other line. */
export function exactReport(text: string): ReportLine | undefined {
  const idEnd = exactIdEnd(text);
  if (idEnd < 0) return undefined;
  const report = emptyReport();
  fill(text, idEnd, report);
  return report;
}

/**
 * `exactReport` into `report`, every field refilled; false, with `report` as it was, for a
 * line of any other shape. A reader that takes each REPORT's figures and lets it go (the
 * REPORT-only reading) spares an object a line.
 */
export function exactReportInto(text: string, report: ReportLine): boolean {
  const idEnd = exactIdEnd(text);
  if (idEnd < 0) return false;
  fill(text, idEnd, report);
  return true;
}

/** Reads the figures that end at a space. */
const figure = new FigureReader();

/** Reads a line the exact expression matched, its ID ending at `idEnd`, into `report`. */
function fill(text: string, idEnd: number, report: ReportLine): void {
  // The shape is known: each value ends at the separator after it, a space after a figure.
  report.requestId = text.slice(EXACT_ID_AT, idEnd);
  report.durationMs = figure.read(text, idEnd + DURATION.length);
  report.billedDurationMs = figure.read(text, figure.end + BILLED.length);
  report.memorySizeMB = figure.read(text, figure.end + MEMORY.length);
  report.maxMemoryUsedMB = figure.read(text, figure.end + MAX_MEMORY.length);
  const usedEnd = figure.end;
  report.initDurationMs = null;
  report.restoreDurationMs = null;
  report.billedRestoreDurationMs = null;
  report.status = null;
  report.errorType = null;
  report.traceId = null;
  let at = usedEnd + MB.length;
  // Most lines end here (a tab, or nothing): the optional parts, in the expression's order.
  if (at + 1 >= text.length) return;
  if (text.startsWith(INIT, at)) {
    report.initDurationMs = figure.read(text, at + INIT.length);
    at = figure.end + MS.length;
  }
  if (text.startsWith(RESTORE, at)) {
    report.restoreDurationMs = figure.read(text, at + RESTORE.length);
    report.billedRestoreDurationMs = figure.read(text, figure.end + BILLED_RESTORE.length);
    at = figure.end + MS.length;
  }
  if (text.startsWith(STATUS, at)) {
    const start = at + STATUS.length;
    at = valueEnd(text, start);
    report.status = text.slice(start, at);
    if (text.startsWith(ERROR_TYPE, at)) {
      const typeStart = at + ERROR_TYPE.length;
      at = valueEnd(text, typeStart);
      report.errorType = text.slice(typeStart, at);
    }
  }
  if (text.startsWith(XRAY, at)) {
    const start = at + XRAY.length;
    report.traceId = text.slice(start, valueEnd(text, start));
  }
}
