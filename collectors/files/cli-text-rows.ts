/**
 * The AWS CLI's text output of `aws logs filter-log-events` and `get-log-events`
 * (`--output text`, or `output = text` in the CLI's config): one `EVENTS` row per event,
 * its fields tab-separated in key order, the message as it is.
 *
 *   filter-log-events: EVENTS <eventId> <ingestionTime> <logStreamName> <message> <timestamp>
 *   get-log-events:    EVENTS <ingestionTime> <message> <timestamp>
 *
 * A message holds tabs (REPORT lines) and line breaks (its own closing one included), so a
 * row ends where the next begins, and its timestamp is what follows its last tab.
 */
import type { LogEvent } from '../model.ts';
import { CONSUMED, CONTINUES, type ColumnReader } from './time-column.ts';

const EVENTS = 'EVENTS\t';
/** filter-log-events: the event ID (56 digits), the ingestion time and the stream. */
const FILTER_ROW = /^EVENTS\t(\d{17,})\t\d{1,16}\t([^\t]*)\t/;
/** get-log-events: the ingestion time. */
const GET_ROW = /^EVENTS\t\d{1,16}\t/;
/** Rows of the output that are not events: the streams searched, the paging tokens. */
const OTHER_ROW = /^(?:SEARCHEDLOGSTREAMS\t|[bf]\/\d+\t[bf]\/\d+\s*$|NEXTTOKEN\t)/;
const DIGITS = /^\d{1,16}$/;

/** Whether a text input is this output: its first row is an event's, or the tokens before one. */
export function isCliTextRows(lines: string[]): boolean {
  for (const line of lines) {
    if (line.trim().length === 0 || OTHER_ROW.test(line)) continue;
    return line.startsWith(EVENTS) && (FILTER_ROW.test(line) || GET_ROW.test(line));
  }
  return false;
}

export class CliTextRows implements ColumnReader {
  constructor(
    private readonly functionName: string | undefined,
    private readonly logStream: string | undefined,
  ) {}

  event(line: string): LogEvent | typeof CONTINUES | typeof CONSUMED {
    if (!line.startsWith(EVENTS)) return OTHER_ROW.test(line) ? CONSUMED : CONTINUES;
    const filter = FILTER_ROW.exec(line);
    if (filter) {
      return {
        timestamp: Number.NaN,
        message: line.slice(filter[0].length),
        logStream: filter[2] || this.logStream,
        functionName: this.functionName,
        eventId: filter[1],
      };
    }
    const get = GET_ROW.exec(line);
    // A row cut in an unknown way is kept whole as its message, never dropped.
    const message = get ? line.slice(get[0].length) : line.slice(EVENTS.length);
    return { timestamp: Number.NaN, message, logStream: this.logStream, functionName: this.functionName };
  }

  /** The row is whole: its last field is the timestamp; without one, the message stays as read. */
  complete(event: LogEvent): void {
    const message = event.message;
    const tab = message.lastIndexOf('\t');
    if (tab < 0) return;
    const time = message.slice(tab + 1);
    if (!DIGITS.test(time)) return;
    event.timestamp = Number(time);
    event.message = message.slice(0, tab);
  }
}
