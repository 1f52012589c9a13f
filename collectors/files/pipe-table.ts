/**
 * Tables drawn with pipes, as the CloudWatch console copies and exports them: the Logs
 * Insights results table (`| @timestamp | @message | … |`, as Markdown with `| --- |` or
 * as padded ASCII with `|-----|`), often under the console's header block (query, log
 * groups, time range), and the log-events table (`| timestamp | message |`, times in
 * epoch ms or ISO). A row whose time cell is empty continues the message of the row
 * before it (a message wrapped across rows).
 */
import type { LogEvent } from '../model.ts';
import {
  type ColumnRole,
  cellsOf,
  columnRole,
  eventOfRow,
  isResultsHeader,
  type RowContext,
} from './insights-rows.ts';

/** `| --- | :--- |` (Markdown) or `|-----|------|` (padded ASCII). */
const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const RULE = /^\s*[-=+]{10,}\s*$/;
/** The console's header block above a copied results table. */
const HEADER_FIELD =
  /^\s*(region|log-group-names|log-group-prefixes|log-class|account-identifiers|data-sources|facets|start-time|end-time|query-string):\s*(.*?)\s*$/;

/** The cells of a table line, or null when the line is not a table row. */
export function splitRow(line: string): string[] | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|') || trimmed.length < 2) return null;
  const inner = trimmed.endsWith('|') ? trimmed.slice(1, -1) : trimmed.slice(1);
  return inner.split('|');
}

/** Whether a line is a results table's header row. */
export function isTableHeader(line: string): boolean {
  const cells = splitRow(line);
  return cells !== null && cells.length >= 1 && isResultsHeader(cells.map((c) => c.trim()));
}

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: ' ' };

/** The console's Markdown export writes HTML entities (`&#x27;`, `&quot;`) and `\|`. */
function decodeMarkdown(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\\\|/g, '|');
}

/** Rows held while the table's zone is not known yet: a console export holds at most 10,000. */
const MAX_UNDECIDED_ROWS = 20_000;

/** Zones a browser can be in, minutes east of UTC: whole hours first, then halves and quarters. */
const ZONES: readonly number[] = [
  ...new Set(
    [60, 30, 15].flatMap((step) =>
      Array.from({ length: Math.floor((14 * 60) / step) }, (_, k) => [
        (k + 1) * step,
        -(k + 1) * step,
      ]).flat(),
    ),
  ),
];

/** Whether a row time read as UTC, less `minutes`, falls in [start, end] (a second's slack). */
function fits(rowUtc: number, minutes: number, start: number, end: number): boolean {
  const t = rowUtc - minutes * 60_000;
  return t >= start - 1000 && t <= end + 1000;
}

/**
 * The zone (minutes east of UTC) the console wrote a table's zoneless times in: the one
 * that puts the most of its rows inside the header's absolute time range (UTC first, then
 * whole hours). One row cannot tell: 19:00 written by a browser at UTC-4 fits a one-day range
 * as 19:00Z too, and only the rows near the range's edge show which it was.
 */
function zoneOfRows(rowsUtc: readonly number[], start: number, end: number): number {
  let best = 0;
  let most = rowsUtc.filter((t) => fits(t, 0, start, end)).length;
  for (const zone of ZONES) {
    let n = 0;
    for (const t of rowsUtc) if (fits(t, zone, start, end)) n++;
    if (n > most) {
      best = zone;
      most = n;
    }
  }
  return best;
}

/**
 * A row's own zone: the table's, or, for a row that only fits an hour away from it, that
 * hour (the browser's zone changed offset within the range: a daylight-saving change).
 */
function zoneOfRow(rowUtc: number, zone: number, start: number, end: number): number {
  if (!Number.isFinite(rowUtc) || fits(rowUtc, zone, start, end)) return zone;
  for (const shifted of [zone + 60, zone - 60]) if (fits(rowUtc, shifted, start, end)) return shifted;
  return zone;
}

interface Table {
  names: string[];
  roles: (ColumnRole | null)[];
  messageAt: number;
  timeAt: number;
  markdown: boolean;
  /** The zone the console wrote the table's zoneless times in, once the rows have told it. */
  zoneMinutes: number | undefined;
  /** Rows read before then, in order. */
  undecided: Record<string, string | undefined>[];
  /** The header block's absolute time range, when it gives one. */
  range: { start: number; end: number } | null;
}

export class PipeTableReader {
  private table: Table | null = null;
  /** The header row just read, waiting for its separator line. */
  private header: string[] | null = null;
  private meta = new Map<string, string>();
  private held: { cells: string[]; line: number } | null = null;
  private noMessage = 0;
  /** Inside the header block's query, which runs on to a rule (`---`) or the table. */
  private inQuery = false;
  /** The stream a log-events page names above its table. */
  private stream: string | undefined;

  constructor(
    private readonly ctx: RowContext,
    private readonly warn: (message: string) => void,
    /** Lines outside any table: kept as text events by the caller. */
    private readonly onText: (line: string, n: number) => void,
  ) {}

  push(line: string, n: number, out: LogEvent[]): void {
    if (this.header !== null) {
      const names = this.header;
      this.header = null;
      if (SEPARATOR.test(line)) {
        this.startTable(names, /\|\s+:?---:?\s+\|/.test(` ${line.trim()} `));
        return;
      }
      this.startTable(names, false);
    }
    const cells = splitRow(line);
    if (this.table !== null) {
      if (cells !== null) {
        if (SEPARATOR.test(line)) return;
        this.row(cells, n, out);
        return;
      }
      this.endTable(out);
    }
    if (cells !== null && isResultsHeader(cells.map((c) => c.trim()))) {
      this.inQuery = false;
      this.header = cells.map((c) => c.trim());
      return;
    }
    const trimmed = line.trim();
    // The console's header block, its query, rules and Markdown titles around the table
    // are not log lines.
    if (RULE.test(line) || trimmed.endsWith('---') || /^\*\*CloudWatch Logs Insights\*\*/.test(trimmed)) {
      this.inQuery = false;
      return;
    }
    const field = HEADER_FIELD.exec(line);
    if (field) {
      this.meta.set(field[1] as string, field[2] as string);
      this.inQuery = field[1] === 'query-string';
      return;
    }
    if (this.inQuery || /^#{1,6} /.test(trimmed) || trimmed.startsWith('```')) return;
    // A log-events page copied with its table names its group and stream above it.
    if (/^\/aws\/lambda\/\S+$/.test(trimmed)) {
      this.ctx.logGroup = trimmed;
      return;
    }
    if (/^\d{4}\/\d{2}\/\d{2}\/\[[^\]]+\][0-9a-f]{32}$/.test(trimmed)) {
      this.stream = trimmed;
      return;
    }
    if (trimmed.length > 0) this.onText(line, n);
  }

  end(out: LogEvent[]): void {
    if (this.header !== null) this.startTable(this.header, false);
    this.endTable(out);
    if (this.noMessage > 0) {
      this.warn(
        `${this.noMessage} rows have neither @message nor REPORT fields (@requestId with @duration or @billedDuration); skipped`,
      );
    }
  }

  private startTable(names: string[], markdown: boolean): void {
    const roles = names.map(columnRole);
    const groups =
      this.meta
        .get('log-group-names')
        ?.split(/\s*,\s*/)
        .filter(Boolean) ?? [];
    this.table = {
      names,
      roles,
      messageAt: roles.indexOf('message') >= 0 ? roles.indexOf('message') : names.length - 1,
      timeAt: roles.indexOf('time'),
      markdown,
      zoneMinutes: undefined,
      undecided: [],
      range: this.range(),
    };
    if (groups.length === 1) this.ctx.logGroup = groups[0];
  }

  private row(raw: string[], n: number, out: LogEvent[]): void {
    const t = this.table as Table;
    let cells = raw;
    // Pipes inside a message split it: its parts are joined back into the message column.
    if (cells.length > t.names.length) {
      const extra = cells.length - t.names.length;
      cells = [
        ...cells.slice(0, t.messageAt),
        cells.slice(t.messageAt, t.messageAt + extra + 1).join('|'),
        ...cells.slice(t.messageAt + extra + 1),
      ];
    }
    const values = cells.map((c) => (t.markdown ? decodeMarkdown(c.trim()) : c.trim()));
    if (values.length < t.names.length) {
      this.warn(
        `line ${n}: a table row of ${values.length} cells under a header of ${t.names.length}; kept as a text line`,
      );
      this.onText(raw.join('|'), n);
      return;
    }
    const held = this.held;
    if (held && t.timeAt >= 0 && values[t.timeAt] === '' && values[t.messageAt] !== '') {
      held.cells[t.messageAt] = `${held.cells[t.messageAt]}\n${values[t.messageAt]}`;
      return;
    }
    if (held) this.emit(held.cells, out);
    this.held = { cells: values, line: n };
  }

  private emit(values: string[], out: LogEvent[]): void {
    const t = this.table as Table;
    const cells = cellsOf(t.names, values);
    if (this.stream !== undefined) cells.stream ??= this.stream;
    if (t.zoneMinutes === undefined) {
      // Zoneless times under a header with a time range: held until the rows tell the zone.
      if (t.range !== null && isZoneless(cells.time)) {
        t.undecided.push(cells);
        if (t.undecided.length >= MAX_UNDECIDED_ROWS) this.decideZone(out);
        return;
      }
      t.zoneMinutes = 0;
    }
    this.emitCells(cells, out);
  }

  private emitCells(cells: Record<string, string | undefined>, out: LogEvent[]): void {
    const t = this.table as Table;
    const range = t.range;
    const zone =
      range && isZoneless(cells.time)
        ? zoneOfRow(utcOf(cells.time as string), t.zoneMinutes ?? 0, range.start, range.end)
        : (t.zoneMinutes ?? 0);
    const event = eventOfRow(cells, { ...this.ctx, zoneOffsetMinutes: zone });
    if (event) out.push(event);
    else this.noMessage++;
  }

  /** Decides the table's zone from the rows held, and lets them go. */
  private decideZone(out: LogEvent[]): void {
    const t = this.table as Table;
    const range = t.range;
    const held = t.undecided;
    t.undecided = [];
    t.zoneMinutes = range
      ? zoneOfRows(
          held.map((c) => utcOf(c.time as string)),
          range.start,
          range.end,
        )
      : 0;
    for (const cells of held) this.emitCells(cells, out);
  }

  /** The header block's absolute time range, or null without one. */
  private range(): { start: number; end: number } | null {
    const start = Date.parse(this.meta.get('start-time') ?? '');
    const end = Date.parse(this.meta.get('end-time') ?? '');
    return start <= end ? { start, end } : null;
  }

  private endTable(out: LogEvent[]): void {
    if (this.held) this.emit(this.held.cells, out);
    this.held = null;
    if (this.table && this.table.zoneMinutes === undefined) this.decideZone(out);
    this.table = null;
  }
}

/** A time written without a zone (`2026-10-01 19:00:00.000`), which the console writes in the browser's. */
function isZoneless(time: string | undefined): boolean {
  return time !== undefined && time !== '' && !/(Z|[+-]\d{2}:?\d{2})$/.test(time) && !/^\d+$/.test(time);
}

/** A zoneless time read as UTC. */
function utcOf(time: string): number {
  return Date.parse(`${time.replace(' ', 'T')}Z`);
}
