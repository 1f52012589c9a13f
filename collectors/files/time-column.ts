/**
 * Text whose every event starts with a time the copying tool wrote, a time column: rows
 * copied from the CloudWatch console's log-events view (`2022-12-09T12:00:52.956+00:00` and
 * a tab, or `12:00:52` glued to the message, under a date row), and the objects CloudWatch's
 * export to S3 writes (`<ISO time> <message>`). A line without that time continues the
 * event before it: the console and the export split a multi-line message across rows.
 *
 * A column is recognised over a file's first lines, never line by line: a runtime's own
 * `<time>\t<request ID>\t…` prefix is not a column (its request ID says so), and a file of
 * those keeps its lines whole.
 */
import type { LogEvent } from '../model.ts';

const FULL =
  '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?(?: \\([+-]\\d{2}:\\d{2}\\))?';
const CLOCK = '\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?';
/**
 * Epoch milliseconds and a tab: the AWS CLI's text output of the events' timestamp and
 * message (`--query 'events[].[timestamp,message]' --output text`).
 */
const EPOCH_MS = '\\d{13}(?=\\t)';
/** A column time, then the separator the tool put after it: a tab, a pipe, spaces, or nothing. */
const COLUMN = new RegExp(`^(?:(${FULL})|(${CLOCK})|(${EPOCH_MS}))(\\s*\\|\\s*|\\t\\s*| +)?`);
/** A line that is only a date (a date row above times of day). */
const DATE_ROW = /^\s*(\d{4}-\d{2}-\d{2})\s*$/;
/** A Lambda request ID right after a time: a runtime's own prefix, not a column. */
const REQUEST_ID_AFTER = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}\b/;
/** What `sam logs` and `aws logs tail` put after their time: the stream. */
const STREAM_AFTER = /^\d{4}\/\d{2}\/\d{2}\/\[/;
/** A time in a message, to learn the date of times of day. */
const DATE_IN_MESSAGE = /(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}/;
const DAY_MS = 86_400_000;

/** What a line that starts no event is: more of the event before it, or a row that only set a time or date. */
export const CONTINUES = Symbol('continues');
export const CONSUMED = Symbol('consumed');

interface ColumnMatch {
  /** Epoch ms for a full time; for a time of day, ms since midnight (and `clockOnly`). */
  ms: number;
  clockOnly: boolean;
  rest: string;
}

function parseFull(text: string): number {
  const bracket = / \(([+-]\d{2}:\d{2})\)$/.exec(text);
  const core = bracket ? text.slice(0, bracket.index) : text;
  const iso = core.replace(' ', 'T').replace(',', '.');
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : `${iso}${bracket ? bracket[1] : 'Z'}`;
  return Date.parse(zoned);
}

function matchColumn(line: string): ColumnMatch | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const m = COLUMN.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length);
  if (REQUEST_ID_AFTER.test(rest) || STREAM_AFTER.test(rest)) return null;
  // Glued to the message only when the message starts with a letter, a bracket or a brace.
  if (m[4] === undefined && rest.length > 0 && !/^[A-Za-z[{]/.test(rest)) return null;
  if (m[1] !== undefined) {
    const ms = parseFull(m[1]);
    return Number.isFinite(ms) ? { ms, clockOnly: false, rest } : null;
  }
  if (m[3] !== undefined) return { ms: Number(m[3]), clockOnly: false, rest };
  const [h, mi, s] = (m[2] as string).split(':').map(Number) as [number, number, number];
  if (h > 23 || mi > 59 || s > 60) return null;
  return { ms: ((h * 60 + mi) * 60 + s) * 1000, clockOnly: true, rest };
}

/** What starts a Lambda message when no tool put a time before it. */
const MESSAGE_START =
  /^(?:(?:START|END|REPORT|INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY|XRAY) |\[(?:INFO|DEBUG|WARN|WARNING|ERROR|TRACE|FATAL|CRITICAL)\]|\{"(?:time|timestamp|level|type)"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?\s+[0-9a-z]{8}-[0-9a-z]{4}-)/;

/**
 * Whether a file's first lines carry a time column: some lines start with one, and hardly
 * any start a Lambda message without it. Other lines are the rest of multi-line messages
 * (a stack trace, a pretty-printed object), whatever their number.
 */
export function hasTimeColumn(lines: string[]): boolean {
  let timed = 0;
  let bare = 0;
  let timeRow = false;
  for (const line of lines) {
    if (line.trim().length === 0 || DATE_ROW.test(line)) continue;
    const m = matchColumn(line);
    if (m) timed++;
    // A message under a row that held only its time is that row's.
    else if (!timeRow && MESSAGE_START.test(line)) bare++;
    timeRow = m !== null && m.rest.trim().length === 0;
  }
  return timed >= 2 && bare * 10 <= timed;
}

/** A reader of text whose events each start with a mark of their own (a time, a row name). */
export interface ColumnReader {
  /** The event a line starts, or what else the line is. */
  event(line: string): LogEvent | typeof CONTINUES | typeof CONSUMED;
  /** Called once the event's last line is in, before it is read on. */
  complete(event: LogEvent): void;
}

export class TimeColumnReader implements ColumnReader {
  /** Midnight (epoch ms) of the day times of day belong to, once a date is known. */
  private day = Number.NaN;
  private lastClock = -1;
  /** A row that held only a time: the next line is its message. */
  private pendingTime: number | null = null;

  constructor(
    private readonly functionName: string | undefined,
    private readonly logStream: string | undefined,
  ) {}

  /** The event a line starts, or what else the line is. */
  event(line: string): LogEvent | typeof CONTINUES | typeof CONSUMED {
    const date = DATE_ROW.exec(line);
    if (date) {
      this.day = Date.parse(`${date[1]}T00:00:00Z`);
      this.lastClock = -1;
      return CONSUMED;
    }
    const m = matchColumn(line);
    if (m === null) {
      if (this.pendingTime === null) return CONTINUES;
      const time = this.pendingTime;
      this.pendingTime = null;
      return this.make(time, line);
    }
    let time = m.ms;
    if (m.clockOnly) {
      if (m.ms < this.lastClock - DAY_MS / 2) this.day += DAY_MS;
      this.lastClock = m.ms;
      if (Number.isNaN(this.day)) this.learnDay(m.rest);
      time = this.day + m.ms;
    } else {
      this.day = Math.floor(m.ms / DAY_MS) * DAY_MS;
    }
    if (m.rest.trim().length === 0) {
      this.pendingTime = time;
      return CONSUMED;
    }
    this.pendingTime = null;
    return this.make(time, m.rest);
  }

  complete(): void {}

  private learnDay(message: string): void {
    const m = DATE_IN_MESSAGE.exec(message);
    if (m) this.day = Date.parse(`${m[1]}T00:00:00Z`);
  }

  private make(time: number, message: string): LogEvent {
    return { timestamp: time, message, logStream: this.logStream, functionName: this.functionName };
  }
}
