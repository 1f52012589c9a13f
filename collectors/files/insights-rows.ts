/**
 * Rows of CloudWatch Logs Insights results, whatever carried them (the console's table
 * copies and downloads, `aws logs get-query-results`), as log events: the time from
 * `@timestamp`, the stream from `@logStream`, the group and account from `@log`, the
 * event's identity from `@ptr`. A row of a REPORT query without `@message` (only the
 * discovered fields `@requestId`, `@duration`, `@billedDuration`, `@memorySize`…) is
 * written back as the REPORT line those fields came from.
 */
import { isAccountId } from '../aws-names.ts';
import type { LogEvent } from '../model.ts';
import { fieldNumber } from '../parser/field-number.ts';

/** What a column holds, from its header (`@timestamp`, `timestamp`, `TimeStamp`…). */
export type ColumnRole =
  | 'time'
  | 'message'
  | 'stream'
  | 'log'
  | 'group'
  | 'ptr'
  | 'eventId'
  | 'ingestion'
  | 'requestId'
  | 'duration'
  | 'billedDuration'
  | 'memorySize'
  | 'maxMemoryUsed'
  | 'initDuration'
  | 'restoreDuration'
  | 'xrayTraceId'
  | 'xraySegmentId';

const ROLES: Record<string, ColumnRole> = {
  timestamp: 'time',
  time: 'time',
  message: 'message',
  logstream: 'stream',
  logstreamname: 'stream',
  log: 'log',
  loggroup: 'group',
  loggroupname: 'group',
  ptr: 'ptr',
  eventid: 'eventId',
  ingestiontime: 'ingestion',
  requestid: 'requestId',
  duration: 'duration',
  billedduration: 'billedDuration',
  memorysize: 'memorySize',
  maxmemoryused: 'maxMemoryUsed',
  initduration: 'initDuration',
  restoreduration: 'restoreDuration',
  xraytraceid: 'xrayTraceId',
  xraysegmentid: 'xraySegmentId',
};

/** The role of a column named `name`, or null for a column lambdalens does not read. */
export function columnRole(name: string): ColumnRole | null {
  const key = name
    .trim()
    .replace(/^["'`]|["'`]$/g, '')
    .replace(/^@/, '')
    .replace(/\s*\(utc[^)]*\)$/i, '')
    .toLowerCase();
  return ROLES[key] ?? null;
}

/** Whether a header of columns names is one of Insights results (or of a log-events download). */
export function isResultsHeader(names: string[]): boolean {
  const roles = new Set(names.map(columnRole));
  return (
    roles.has('message') || (roles.has('requestId') && (roles.has('billedDuration') || roles.has('duration')))
  );
}

export interface RowContext {
  functionName: string | undefined;
  /** The log group every row belongs to when the rows do not say (an Insights header naming one). */
  logGroup?: string | undefined;
  /**
   * Minutes east of UTC of times written without a zone: the console writes its table in
   * the browser's zone, which an Insights header's absolute start and end times reveal.
   */
  zoneOffsetMinutes?: number | undefined;
}

const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of a results time: `2025-08-15 12:44:57.964`, ISO 8601, or epoch ms or s. */
export function rowTime(value: string, zoneOffsetMinutes = 0): number {
  const text = value.trim();
  if (/^\d{13}$/.test(text)) return Number(text);
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  const withZone = ZONE.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(withZone.includes('T') ? withZone : withZone.replace(' ', 'T'));
  if (!Number.isFinite(ms)) return Number.NaN;
  return ZONE.test(text) ? ms : ms - zoneOffsetMinutes * 60_000;
}

/**
 * `account:group` from an Insights `@ptr`: the pointer is a protocol-buffer message whose
 * first field nests twice more around that text. Undocumented, so any other shape is
 * simply not read.
 */
export function groupOfPtr(ptr: string): { accountId: string; logGroup: string } | null {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(ptr, 'base64');
  } catch {
    return null;
  }
  let at = 0;
  let end = bytes.length;
  for (let level = 0; level < 3; level++) {
    if (bytes[at] !== 0x0a) return null;
    at++;
    let length = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = bytes[at++];
      if (b === undefined) return null;
      length |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    if (at + length > end) return null;
    end = at + length;
  }
  const m = /^(\d{12}):(\S+)$/.exec(bytes.toString('utf8', at, end));
  return m ? { accountId: m[1] as string, logGroup: m[2] as string } : null;
}

/**
 * A figure cell as its REPORT line writes it, or null for a blank one (a warm start's
 * `@initDuration`, padded or not): a figure not written. Read by the rule REPORT lines are
 * read by (parser/field-number.ts): digits grouped by commas (`"1,201"`, as the console and
 * spreadsheets write them) are the whole number, any other comma (`12,34`) unreadable. An
 * unreadable figure is written as what it reads as (`NaN`, `Infinity`), which the line's
 * reader reads back the same and the report-value checks name, never priced; the cell's
 * own text could carry a tab and the fields after it.
 */
function figure(value: string | undefined, write: (n: number) => string): string | null {
  const text = value?.trim();
  if (!text) return null;
  const n = fieldNumber(text) as number;
  return Number.isFinite(n) ? write(n) : String(n);
}

/** Insights reports `@memorySize`/`@maxMemoryUsed` in bytes (1.28E8 for 128 MB); MB as written otherwise. */
const megabytes = (n: number) => String(n >= 100_000 ? Math.round(n / 1_000_000) : n);
const milliseconds = (n: number) => n.toFixed(2);
/**
 * Lambda bills whole milliseconds: Insights writes `60.0` for 60, and a fraction (`12.5`) is
 * damage, written as read so the REPORT line's own check names it and leaves it unpriced, as
 * it does `Billed Duration: 12.5 ms`; rounding it would price a figure Lambda never wrote.
 */
const billedMilliseconds = (n: number) => String(n);

/** The REPORT line a row of discovered REPORT fields came from, or null without them. */
function reportOfFields(cells: Partial<Record<ColumnRole, string>>): string | null {
  const id = cells.requestId;
  if (!id || (cells.duration === undefined && cells.billedDuration === undefined)) return null;
  const fields = [`REPORT RequestId: ${id}`];
  const add = (label: string, value: string | undefined, write: (n: number) => string, unit: string) => {
    const text = figure(value, write);
    if (text !== null) fields.push(`${label}: ${text} ${unit}`);
  };
  add('Duration', cells.duration, milliseconds, 'ms');
  add('Billed Duration', cells.billedDuration, billedMilliseconds, 'ms');
  add('Memory Size', cells.memorySize, megabytes, 'MB');
  add('Max Memory Used', cells.maxMemoryUsed, megabytes, 'MB');
  add('Init Duration', cells.initDuration, milliseconds, 'ms');
  add('Restore Duration', cells.restoreDuration, milliseconds, 'ms');
  if (cells.xrayTraceId) {
    fields.push(
      `XRAY TraceId: ${cells.xrayTraceId}`,
      `SegmentId: ${cells.xraySegmentId ?? ''}`,
      'Sampled: true',
    );
  }
  return fields.join('\t');
}

/** The event of one row, its cells keyed by role; null when the row holds no message. */
export function eventOfRow(cells: Partial<Record<ColumnRole, string>>, ctx: RowContext): LogEvent | null {
  const message = cells.message ?? reportOfFields(cells);
  if (message === null || message === undefined) return null;
  let logGroup = cells.group || ctx.logGroup;
  let accountId: string | undefined;
  if (cells.log) {
    const colon = cells.log.indexOf(':');
    logGroup = colon >= 0 ? cells.log.slice(colon + 1) : cells.log;
    const account = cells.log.slice(0, Math.max(colon, 0));
    if (isAccountId(account)) accountId = account;
  } else if (!logGroup && cells.ptr) {
    const fromPtr = groupOfPtr(cells.ptr);
    if (fromPtr) ({ logGroup, accountId } = fromPtr);
  }
  const event: LogEvent = {
    timestamp: cells.time ? rowTime(cells.time, ctx.zoneOffsetMinutes) : Number.NaN,
    message,
    logGroup: logGroup || undefined,
    logStream: cells.stream || undefined,
    eventId: cells.ptr || cells.eventId || undefined,
    functionName: logGroup ? undefined : ctx.functionName,
  };
  if (cells.ingestion) event.ingestionTime = rowTime(cells.ingestion, ctx.zoneOffsetMinutes);
  if (accountId) event.accountId = accountId;
  return event;
}

/** Cells by role from names and values side by side; the first column of a role wins. */
export function cellsOf(
  names: readonly string[],
  values: readonly string[],
): Partial<Record<ColumnRole, string>> {
  const cells: Partial<Record<ColumnRole, string>> = {};
  for (let i = 0; i < names.length; i++) {
    const role = columnRole(names[i] as string);
    if (role !== null && cells[role] === undefined && values[i] !== undefined) cells[role] = values[i];
  }
  return cells;
}

/** A `get-query-results` row (`[{field, value}, …]`) as cells, or null when it is not one. */
export function cellsOfResultRow(row: unknown): Partial<Record<ColumnRole, string>> | null {
  if (!Array.isArray(row)) return null;
  const names: string[] = [];
  const values: string[] = [];
  for (const f of row) {
    if (typeof f !== 'object' || f === null) return null;
    const { field, value } = f as { field?: unknown; value?: unknown };
    if (typeof field !== 'string') return null;
    names.push(field);
    values.push(
      typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value),
    );
  }
  return cellsOf(names, values);
}

/** A console JSON download row (`{"@timestamp": …, "@message": …}`) as cells, or null. */
export function cellsOfFlatRow(o: Record<string, unknown>): Partial<Record<ColumnRole, string>> | null {
  const names = Object.keys(o);
  if (!names.some((n) => n.startsWith('@')) || !isResultsHeader(names)) return null;
  return cellsOf(
    names,
    names.map((n) => {
      const v = o[n];
      return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
    }),
  );
}
