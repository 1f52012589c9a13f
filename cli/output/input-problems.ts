/**
 * Tells the user what was wrong with their input, and fails a run that read nothing: a
 * result built from nothing is a failure, not an empty success. An input that cannot be
 * read beside others that can is named at once, the rest is read and shown whole, and the
 * run then fails too (exit 1), as `cat` and `grep` fail on a file they could not read: a
 * script or a monthly cost job must be able to tell a report that lacks a file.
 */
import {
  type InputReport,
  type InputSummary,
  watchInputFailures,
} from '../../collectors/files/read-inputs.ts';
import { readUpTo } from '../../collectors/files/source-context.ts';
import { formatIso } from '../../collectors/iso-time.ts';
import { LambdalensError, showControlsInLine } from '../../collectors/kernel/index.ts';
import { sayLine, sayQuoting } from './say-line.ts';

const FORMATS =
  'lambdalens reads Lambda logs: console or `sam logs` text, `aws logs filter-log-events` JSON, ' +
  'CloudWatch subscription payloads, NDJSON';

/** The run ended with nothing to show: no input, no readable input, or no Lambda log in it (exit 1). */
export class NothingReadError extends LambdalensError {
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'NothingReadError';
  }
}

/** Inputs whose failure was said when it was found: the end of the run does not say them again. */
const failuresSaid = new Set<string>();

/**
 * Says each input that cannot be read whole on `err` as soon as that is found, and
 * remembers that one was: a run whose stdout reader leaves early (`| head`) ends there,
 * before its closing words, and must still end as a failure (`inputFailedSoFar`). Not for
 * the terminal UI, which owns the screen while it runs.
 */
export function sayInputFailuresAtOnce(err: NodeJS.WritableStream): void {
  watchInputFailures((summary) => {
    // The same input read again (by another thread's join, or all again in one) is said once.
    if (failuresSaid.has(summary.input)) return;
    failuresSaid.add(summary.input);
    sayQuoting(`${summary.input}: ${inputFailure(summary)}`, err);
  });
}

/** Whether an input of this run was found unreadable so far (and said, by `sayInputFailuresAtOnce`). */
export function inputFailedSoFar(): boolean {
  return failuresSaid.size > 0;
}

export function reportInputProblems(report: InputReport, err: NodeJS.WritableStream): void {
  // Input names and warnings quote what the inputs hold: shown, never sent to the terminal.
  const say = (line: string) => sayQuoting(line, err);
  for (const input of report.inputs) {
    if (input.error !== null && !failuresSaid.has(input.input)) say(`${input.input}: ${inputFailure(input)}`);
  }
  for (const { input, first } of report.repeats) {
    say(
      input === first
        ? `${input} given twice: read once`
        : `${input} is the same file as ${first}: read once`,
    );
  }
  for (const message of report.messages) say(`warning: ${message}`);
  const warnings = report.inputs.reduce((n, i) => n + i.warnings, 0);
  if (warnings > report.messages.length) {
    say(`${warnings} warnings in all (${warnings - report.messages.length} not shown)`);
  }
  if (report.controlMessages > 0) {
    say(`skipped ${report.controlMessages} CloudWatch CONTROL_MESSAGE probe(s)`);
  }
  for (const line of duplicateNotes(report)) say(line);
}

/**
 * What went wrong with an input, and how far it was read when that was part of it: what a
 * run made of it covers only its start (a gzip cut short).
 */
function inputFailure(input: InputSummary): string {
  const part = input.readInPart;
  if (!part) return input.error ?? '';
  const to = part.lastTime === null ? null : formatIso(part.lastTime);
  return `read only in part, ${readUpTo(part.events, to)}: ${input.error}`;
}

/**
 * The inputs, named in a message of lambdalens's own: stdin for `-`, and each file's name
 * with its control characters and line breaks shown, so that a file name cannot start a
 * line that reads as lambdalens's own (`sayQuoting` shows those of a whole line).
 */
export function inputNames(inputs: readonly string[]): string {
  return inputs.map((i) => (i === '-' ? 'stdin' : showControlsInLine(i))).join(', ');
}

/**
 * Throws when local inputs gave nothing to read: none found (an empty folder) or none
 * readable. An input read only in part counts as one that failed: a run of nothing else
 * fails, as one would that read only part of the data.
 */
export function checkInputRead(report: InputReport, inputs: string[]): void {
  if (report.inputs.length === 0) {
    throw new NothingReadError(`no log files in ${inputNames(inputs)}`, FORMATS);
  }
  if (report.inputs.every((i) => i.error !== null)) {
    const partly = report.inputs.some((i) => i.readInPart !== undefined);
    const one = report.inputs.length === 1;
    let message: string;
    if (partly)
      message = one ? 'the input could be read only in part' : 'none of the inputs could be read whole';
    else message = one ? 'the input could not be read' : 'none of the inputs could be read';
    throw new NothingReadError(message);
  }
}

/**
 * Throws when an input was not read whole beside others that were: called once what was
 * read is out (printed, written, shipped), so the run ends a failure without losing it.
 */
export function checkEveryInputRead(report: InputReport, hint = RERUN): void {
  const failed = report.inputs.filter((i) => i.error !== null).length;
  if (failed === 0) return;
  const all = report.inputs.length;
  throw new NothingReadError(
    failed === 1
      ? `1 of the ${all} inputs could not be read whole (named above): the output lacks what it holds`
      : `${failed} of the ${all} inputs could not be read whole (named above): the output lacks what they hold`,
    hint,
  );
}

/** What to do about an input that could not be read beside others. */
export const RERUN = 'fix or leave out the input named above and run the same command again';

/** Throws when the input held lines but no Lambda invocation. */
export function checkInvocationsFound(invocations: number, lines: number, where: string): void {
  if (invocations > 0) return;
  if (lines === 0) throw new NothingReadError(`no log events in ${where}`);
  throw new NothingReadError(noInvocationsIn(lines, where), FORMATS);
}

/**
 * `ship`'s word for input whose lines hold no Lambda invocation: they are log lines, and
 * shipped as such (exit 0), but a run that found no Lambda line at all says so, with what
 * lambdalens reads, as `logs` does when it fails on the same input.
 */
export function warnNoInvocations(lines: number, where: string, err: NodeJS.WritableStream): void {
  sayLine(
    `warning: ${noInvocationsIn(lines, where)}; shipped as plain log lines, with no invocation documents`,
    err,
  );
  err.write(`hint: ${FORMATS}\n`);
}

function noInvocationsIn(lines: number, where: string): string {
  return `no Lambda invocations in ${where}: ${lines} ${lines === 1 ? 'line' : 'lines'} read, none from a Lambda function's log`;
}

/** What the duplicate check dropped, what it kept despite an ID seen before, and what its window could not hold, in words. */
export function duplicateNotes(report: InputReport): string[] {
  const notes: string[] = [];
  const dropped = report.inputs.filter((i) => i.duplicates > 0);
  const total = dropped.reduce((n, i) => n + i.duplicates, 0);
  if (total > 0) {
    const where = dropped.map((i) => `${i.duplicates.toLocaleString('en')} in ${i.input}`).join(', ');
    notes.push(
      `dropped ${total.toLocaleString('en')} duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): ${where}`,
    );
  }
  const reused = report.inputs.filter((i) => i.reusedIds > 0);
  const reusedTotal = reused.reduce((n, i) => n + i.reusedIds, 0);
  if (reusedTotal > 0) {
    const where = reused.map((i) => `${i.reusedIds.toLocaleString('en')} in ${i.input}`).join(', ');
    notes.push(
      `kept ${reusedTotal.toLocaleString('en')} event(s) whose CloudWatch event ID an earlier event of the same stream and millisecond had with another message (one ID, two events: not a copy): ${where}`,
    );
  }
  if (report.dedupeOverflow > 0) {
    notes.push(
      `${report.dedupeOverflow.toLocaleString('en')} fingerprint(s) fell out of the duplicate check's window of ${report.dedupeWindow.toLocaleString('en')} (one an event, two for an event read with its CloudWatch ID): a copy further apart than that is not caught`,
    );
  }
  return notes;
}
