/**
 * CSV as the CloudWatch console downloads it: Logs Insights results
 * (`@timestamp,@message,…`, times as `2025-08-15 12:44:57.964`) and a log stream's events
 * (`timestamp,message`, times in epoch ms, each message quoted with its own newline inside
 * the quotes). Fields follow RFC 4180: quoted fields may hold commas, doubled quotes and
 * line breaks, so a record may span lines.
 *
 * Because a record may span lines, one quote too few (a message whose closing quote was
 * lost) would make the next rows part of its field. Such a record shows itself: a closing
 * quote followed by something other than a delimiter or the record's end, a field count
 * the header does not have, or a field that runs to the end of the input or past the
 * bound. Then only the record's first line is taken for the bad row (kept as a text line,
 * with a warning naming it) and the lines after it are read again as rows.
 */
import type { LogEvent } from '../model.ts';
import { MAX_LINE_BYTES } from './byte-lines.ts';
import { cellsOf, eventOfRow, isResultsHeader, type RowContext } from './insights-rows.ts';

/** The fields of a CSV header line, when it names the columns of results or of log events. */
export function csvHeader(line: string): { names: string[]; delimiter: string } | null {
  for (const delimiter of [',', '\t']) {
    if (!line.includes(delimiter)) continue;
    const parsed = parseFields(line, delimiter);
    if (!parsed.open && parsed.stray < 0 && isResultsHeader(parsed.fields))
      return { names: parsed.fields.map((f) => f.trim()), delimiter };
  }
  return null;
}

interface ParsedRecord {
  fields: string[];
  /** The record ends inside quotes: more lines follow (or the quotes are unbalanced). */
  open: boolean;
  /** Where a closing quote is followed by neither a delimiter nor the record's end, or -1. */
  stray: number;
}

/** Fields of a record's text. */
function parseFields(text: string, delimiter: string): ParsedRecord {
  const fields: string[] = [];
  const delimiterCode = delimiter.charCodeAt(0);
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { fields, open: true, stray: -1 };
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i >= text.length) return { fields, open: false, stray: -1 };
      if (text.charCodeAt(i) !== delimiterCode) return { fields, open: false, stray: i - 1 };
      i++;
    } else {
      const next = text.indexOf(delimiter, i);
      fields.push(next < 0 ? text.slice(i) : text.slice(i, next));
      if (next < 0) return { fields, open: false, stray: -1 };
      i = next + 1;
    }
  }
}

export class CsvTableReader {
  private names: string[] | null = null;
  private delimiter = ',';
  /** A record whose quoted field runs on past its first line, and where it began. */
  private record = '';
  private recordLine = 0;
  private noMessage = 0;
  /**
   * Lines to read again after a bad record (its lines after the first), numbered on from
   * `againLine`; consecutive with the line being read when the record proved bad.
   */
  private again: string[] = [];
  private againAt = 0;
  private againLine = 0;

  constructor(
    private readonly ctx: RowContext,
    private readonly warn: (message: string) => void,
    private readonly onText: (line: string, n: number) => void,
  ) {}

  push(line: string, n: number, out: LogEvent[]): void {
    if (this.names === null) {
      const header = csvHeader(line);
      if (header) {
        this.names = header.names;
        this.delimiter = header.delimiter;
      } else if (line.trim().length > 0) {
        this.onText(line, n);
      }
      return;
    }
    this.take(line, n, out);
    if (this.again.length > 0) this.readAgain(out);
  }

  end(out: LogEvent[]): void {
    while (this.record !== '') {
      this.rejectRecord('a quoted CSV field begun here runs to the end of the input');
      this.readAgain(out);
    }
    if (this.noMessage > 0) this.warn(`${this.noMessage} CSV rows have no message; skipped`);
  }

  private readAgain(out: LogEvent[]): void {
    while (this.againAt < this.again.length) {
      const n = this.againLine + this.againAt;
      this.take(this.again[this.againAt++] as string, n, out);
    }
    this.again = [];
    this.againAt = 0;
  }

  private take(line: string, n: number, out: LogEvent[]): void {
    const names = this.names as string[];
    if (this.record === '') {
      if (line.length === 0) return;
      this.recordLine = n;
      this.record = line;
    } else {
      this.record += `\n${line}`;
      // Inside a quoted field only a quote can end it: a line without one is read once, at the end.
      if (!line.includes('"') && this.record.length <= MAX_LINE_BYTES) return;
    }
    const parsed = parseFields(this.record, this.delimiter);
    if (parsed.open) {
      if (this.record.length > MAX_LINE_BYTES) {
        this.rejectRecord(`a quoted CSV field begun here runs on past ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
      }
      return;
    }
    if (parsed.stray >= 0) {
      const at = lineOfIndex(this.record, parsed.stray, this.recordLine);
      const after = JSON.stringify(this.record.charAt(parsed.stray + 1));
      this.rejectRecord(
        `a quoted CSV field ends on line ${at} with a quote followed by ${after}, not by a delimiter or the line's end`,
      );
      return;
    }
    if (parsed.fields.length !== names.length) {
      this.rejectRecord(`${parsed.fields.length} CSV fields under a header of ${names.length}`);
      return;
    }
    this.record = '';
    const event = eventOfRow(cellsOf(names, parsed.fields), this.ctx);
    if (event) out.push(event);
    else this.noMessage++;
  }

  /**
   * The record begun at `recordLine` is not a row: its first line is kept as a text line
   * and the lines after it are read again, in order, before any line not read yet.
   */
  private rejectRecord(why: string): void {
    const lines = this.record.split('\n');
    this.record = '';
    const first = this.recordLine;
    if (lines.length === 1) {
      this.warn(`line ${first}: ${why}; kept as a text line`);
    } else {
      const more = lines.length - 1;
      this.warn(
        `line ${first}: ${why}; kept as a text line, and the ${more} line${more === 1 ? '' : 's'} after it read again as rows`,
      );
    }
    this.onText((lines[0] as string).slice(0, MAX_LINE_BYTES), first);
    if (lines.length === 1) return;
    const rest = this.again.slice(this.againAt);
    lines.shift();
    this.again = rest.length === 0 ? lines : lines.concat(rest);
    this.againAt = 0;
    this.againLine = first + 1;
  }
}

/** The line number of `index` in a record that begins on line `first`. */
function lineOfIndex(record: string, index: number, first: number): number {
  let n = first;
  for (let nl = record.indexOf('\n'); nl >= 0 && nl < index; nl = record.indexOf('\n', nl + 1)) n++;
  return n;
}
