/**
 * A request live input let go `incomplete` (its stream moved on before its END and REPORT
 * were read: a later poll brought them) whose REPORT then comes as a late line. Its row kept
 * the REPORT as a line under "incomplete" and "not priced: invocation without a REPORT
 * line", its figures, status and cost nowhere. It is built again from the lines its row
 * kept and the late ones, as one reading of them all builds it (shippers/let-go.ts does the
 * same for the documents `ship` writes).
 */
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import {
  type Invocation,
  type InvocationLine,
  keepStreamFacts,
  type LogEvent,
} from '../../collectors/model.ts';

/** Whether the invocation came out without a REPORT's figures, so a late REPORT completes it. */
export function lacksReport(inv: Invocation): boolean {
  return inv.durationMs === null && inv.billedDurationMs === null && inv.memorySizeMB === null;
}

/** `inv` built again with `late` lines after its own; null when that gives no REPORT figures. */
export function rebuiltWithLate(inv: Invocation, late: readonly InvocationLine[]): Invocation | null {
  const lines = [...inv.lines, ...late];
  const correlator = createCorrelator({ maxLinesPerInvocation: Math.max(1, lines.length) });
  const out: Invocation[] = [];
  for (const line of lines) {
    const event: LogEvent = {
      timestamp: line.timestamp === null ? Number.NaN : Date.parse(line.timestamp),
      message: line.message,
      ...(inv.logGroup === null ? {} : { logGroup: inv.logGroup }),
      ...(inv.logStream === null ? {} : { logStream: inv.logStream }),
      ...(inv.functionName === null ? {} : { functionName: inv.functionName }),
      ...(line.eventId === undefined ? {} : { eventId: line.eventId }),
    };
    out.push(...correlator.push(event).completed);
  }
  out.push(...correlator.flush());
  const whole = out.find((i) => i.requestId === inv.requestId);
  if (!whole || lacksReport(whole)) return null;
  // What its stream told it when it was let go, which its own lines may not say.
  keepStreamFacts(whole, inv);
  whole.coldStart ||= inv.coldStart;
  whole.droppedLines += inv.droppedLines;
  return whole;
}
