/**
 * A request live input let go `incomplete` (its stream moved on before its END and REPORT
 * were read: a later poll brought them) whose REPORT then comes as a late line. Its row kept
 * the REPORT as a line under "incomplete" and "not priced: invocation without a REPORT
 * line", its figures, status and cost nowhere. It is built again from the lines its row
 * kept and the late ones, as one reading of them all builds it (shippers/let-go.ts does the
 * same for the documents `ship` writes).
 */
import { requestBuiltAlone } from '../../collectors/correlator/request-alone.ts';
import type { Invocation, InvocationLine, LogEvent } from '../../collectors/model.ts';

/** Whether the invocation came out without a REPORT's figures, so a late REPORT completes it. */
export function lacksReport(inv: Invocation): boolean {
  return inv.durationMs === null && inv.billedDurationMs === null && inv.memorySizeMB === null;
}

/** `inv` built again with `late` lines after its own; null when that gives no REPORT figures. */
export function rebuiltWithLate(inv: Invocation, late: readonly InvocationLine[]): Invocation | null {
  const lines = [...inv.lines, ...late];
  const events = lines.map(
    (line): LogEvent => ({
      timestamp: line.timestamp === null ? Number.NaN : Date.parse(line.timestamp),
      message: line.message,
      ...(inv.logGroup === null ? {} : { logGroup: inv.logGroup }),
      ...(inv.logStream === null ? {} : { logStream: inv.logStream }),
      ...(inv.functionName === null ? {} : { functionName: inv.functionName }),
      ...(line.eventId === undefined ? {} : { eventId: line.eventId }),
    }),
  );
  // What its stream told it when it was let go, which its own lines may not say, is kept.
  const whole = requestBuiltAlone(inv, events, { maxLinesPerInvocation: Math.max(1, lines.length) });
  if (!whole || lacksReport(whole)) return null;
  whole.coldStart ||= inv.coldStart;
  whole.droppedLines += inv.droppedLines;
  return whole;
}
