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
 * On a line of this shape both ways read the same: values are runs without spaces or tabs,
 * bounded by the separators, so neither expression has a choice of where one ends, and each
 * optional part is there or not alike in both. A test holds the two to it on fuzzed lines.
 * Any other line (spaces for tabs, a unicode value, parts out of order) is left to the usual
 * expression.
 */
import { numberIn } from './field-number.ts';
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
 * Whether `text` is in the exact shape, its request ID within the bound. The bound is checked
 * apart: a counted repetition in the expression took twice its time, and reading REPORTs is
 * most of what `cost` does per line.
 */
function isExact(text: string): boolean {
  return EXACT_REPORT.test(text) && text.indexOf('\t', EXACT_ID_AT) - EXACT_ID_AT <= MAX_REQUEST_ID_LENGTH;
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
  if (!isExact(text)) return undefined;
  const report = emptyReport();
  fill(text, report);
  return report;
}

/**
 * `exactReport` into `report`, every field refilled; false, with `report` as it was, for a
 * line of any other shape. A reader that takes each REPORT's figures and lets it go (the
 * REPORT-only reading) spares an object a line.
 */
export function exactReportInto(text: string, report: ReportLine): boolean {
  if (!isExact(text)) return false;
  fill(text, report);
  return true;
}

/** Reads a line the exact expression matched into `report`. */
function fill(text: string, report: ReportLine): void {
  // The shape is known: each value ends at the separator after it.
  const idEnd = text.indexOf('\t', EXACT_ID_AT);
  const durationAt = idEnd + DURATION.length;
  const durationEnd = text.indexOf(' ', durationAt);
  const billedAt = durationEnd + BILLED.length;
  const billedEnd = text.indexOf(' ', billedAt);
  const memoryAt = billedEnd + MEMORY.length;
  const memoryEnd = text.indexOf(' ', memoryAt);
  const usedAt = memoryEnd + MAX_MEMORY.length;
  const usedEnd = text.indexOf(' ', usedAt);
  report.requestId = text.slice(EXACT_ID_AT, idEnd);
  report.durationMs = numberIn(text, durationAt, durationEnd);
  report.billedDurationMs = numberIn(text, billedAt, billedEnd);
  report.memorySizeMB = numberIn(text, memoryAt, memoryEnd);
  report.maxMemoryUsedMB = numberIn(text, usedAt, usedEnd);
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
    const start = at + INIT.length;
    const end = text.indexOf(' ', start);
    report.initDurationMs = numberIn(text, start, end);
    at = end + MS.length;
  }
  if (text.startsWith(RESTORE, at)) {
    const start = at + RESTORE.length;
    const end = text.indexOf(' ', start);
    const billedStart = end + BILLED_RESTORE.length;
    const billedEnd = text.indexOf(' ', billedStart);
    report.restoreDurationMs = numberIn(text, start, end);
    report.billedRestoreDurationMs = numberIn(text, billedStart, billedEnd);
    at = billedEnd + MS.length;
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
