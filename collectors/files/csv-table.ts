/**
 * CSV as the CloudWatch console downloads it: Logs Insights results
 * (`@timestamp,@message,…`, times as `2025-08-15 12:44:57.964`) and a log stream's events
 * (`timestamp,message`, times in epoch ms, each message quoted with its own newline inside
 * the quotes). Fields follow RFC 4180: quoted fields may hold commas, doubled quotes and
 * line breaks, so a record may span lines.
 */
import type { LogEvent } from '../model.ts';
import { MAX_LINE_BYTES } from './byte-lines.ts';
import { cellsOf, eventOfRow, isResultsHeader, type RowContext } from './insights-rows.ts';

/** The fields of a CSV header line, when it names the columns of results or of log events. */
export function csvHeader(line: string): { names: string[]; delimiter: string } | null {
  for (const delimiter of [',', '\t']) {
    if (!line.includes(delimiter)) continue;
    const parsed = parseFields(line, delimiter);
    if (parsed.complete && isResultsHeader(parsed.fields))
      return { names: parsed.fields.map((f) => f.trim()), delimiter };
  }
  return null;
}

/** Fields of a record's text; `complete` is false when it ends inside quotes (more lines follow). */
function parseFields(text: string, delimiter: string): { fields: string[]; complete: boolean } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return { fields, complete: false };
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      // Anything between the closing quote and the delimiter is kept, as lenient readers do.
      const next = text.indexOf(delimiter, i);
      fields.push(value + (next < 0 ? text.slice(i) : text.slice(i, next)));
      if (next < 0) return { fields, complete: true };
      i = next + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      fields.push(next < 0 ? text.slice(i) : text.slice(i, next));
      if (next < 0) return { fields, complete: true };
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
    if (!parsed.complete) {
      if (this.record.length > MAX_LINE_BYTES) {
        this.warn(
          `line ${this.recordLine}: a quoted CSV field runs on past ${MAX_LINE_BYTES / 1024 / 1024} MiB; kept as a text line`,
        );
        this.onText(this.record.slice(0, MAX_LINE_BYTES), this.recordLine);
        this.record = '';
      }
      return;
    }
    this.record = '';
    if (parsed.fields.length !== this.names.length) {
      this.warn(
        `line ${this.recordLine}: ${parsed.fields.length} CSV fields under a header of ${this.names.length}; kept as a text line`,
      );
      this.onText(line, this.recordLine);
      return;
    }
    const event = eventOfRow(cellsOf(this.names, parsed.fields), this.ctx);
    if (event) out.push(event);
    else this.noMessage++;
  }

  end(): void {
    if (this.record !== '') {
      this.warn(`line ${this.recordLine}: the input ends inside a quoted CSV field; kept as a text line`);
      this.onText(this.record, this.recordLine);
      this.record = '';
    }
    if (this.noMessage > 0) this.warn(`${this.noMessage} CSV rows have no message; skipped`);
  }
}
