/**
 * lambdalens's own `logs --output ndjson` read back: a run saved to a file (`… --output
 * ndjson > saved.ndjson`) is read by `logs`, `cost`, `tail` and `ship` as the logs it was
 * made of. Each invocation record (and each `late-lines` record) gives its lines back as the
 * events they were, in its group and stream, so the correlator builds the same invocations
 * again; read as Lambda JSON log records instead, every record was an invocation of one line,
 * its whole JSON, `incomplete`.
 */
import { lineOfEntry, type OddEventCounts } from '../cloudwatch-logs/event-fields.ts';
import type { LogEvent } from '../model.ts';

type Json = Record<string, unknown>;

/** The members only an invocation or late-lines record of `--output ndjson` holds together. */
export function isOwnRecord(o: Json): boolean {
  return typeof o.requestId === 'string' && Array.isArray(o.lines) && typeof o.droppedLines === 'number';
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Adds the lines of an own record to `out`, as events of its group and stream. An entry that
 * is no line (edited by hand, cut short) is kept as a line of its JSON text, undated, and
 * counted in `odd`, as an entry of a CloudWatch document that is no event is.
 */
export function addLinesOfOwnRecord(
  o: Json,
  fileFunctionName: string | undefined,
  odd: OddEventCounts,
  out: LogEvent[],
): void {
  const logGroup = text(o.logGroup);
  const logStream = text(o.logStream);
  const functionName = logGroup ? undefined : (text(o.functionName) ?? fileFunctionName);
  const accountId = text(o.accountId);
  for (const line of o.lines as unknown[]) {
    if (typeof line !== 'object' || line === null || typeof (line as Json).message !== 'string') {
      out.push({ ...lineOfEntry(line, odd), logGroup, logStream, functionName, accountId });
      continue;
    }
    const { timestamp, message, eventId } = line as Json;
    // Written by toISOString, or null for a line that had no time.
    const time = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    out.push({
      timestamp: time,
      message: message as string,
      logGroup,
      logStream,
      eventId: text(eventId),
      functionName,
      accountId,
    });
  }
}
