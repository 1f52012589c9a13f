/**
 * Tells the user what was wrong with their inputs, and decides the exit code: an input
 * that could not be read fails the run only when no input could be read at all.
 */
import type { InputReport } from '../../collectors/files/read-inputs.ts';

export function reportInputProblems(report: InputReport, err: NodeJS.WritableStream): number {
  const failed = report.inputs.filter((i) => i.error !== null);
  for (const input of failed) err.write(`lambdalens: ${input.input}: ${input.error}\n`);
  for (const message of report.messages) err.write(`lambdalens: warning: ${message}\n`);
  const warnings = report.inputs.reduce((n, i) => n + i.warnings, 0);
  if (warnings > report.messages.length) {
    err.write(`lambdalens: ${warnings} warnings in all (${warnings - report.messages.length} not shown)\n`);
  }
  if (report.controlMessages > 0) {
    err.write(`lambdalens: skipped ${report.controlMessages} CloudWatch CONTROL_MESSAGE probe(s)\n`);
  }
  for (const line of duplicateNotes(report)) err.write(`lambdalens: ${line}\n`);
  if (failed.length === 0) return 0;
  return failed.length === report.inputs.length ? 1 : 0;
}

/** What the duplicate check dropped and what its window could not hold, in words. */
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
  if (report.dedupeOverflow > 0) {
    notes.push(
      `${report.dedupeOverflow.toLocaleString('en')} event(s) fell out of the duplicate check's window of ${report.dedupeWindow.toLocaleString('en')}: a copy further apart than that is not caught`,
    );
  }
  return notes;
}
