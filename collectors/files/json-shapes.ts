/**
 * The JSON documents users hand lambdalens: `aws logs filter-log-events` and
 * `get-log-events` output, subscription payloads (raw or as the `awslogs` envelope),
 * Firehose and Kinesis records carrying payloads, Logs Insights results
 * (`get-query-results`, the console's JSON download), arrays of events, and NDJSON lines
 * of any of those, of Lambda JSON log records or of lambdalens's own `--output ndjson`.
 */

import {
  countLooseValue,
  eventFields,
  isEventEntry,
  lineOfEntry,
  type OddEventCounts,
} from '../cloudwatch-logs/event-fields.ts';
import {
  decodeAwslogsData,
  isSubscriptionPayload,
  payloadEvents,
} from '../cloudwatch-logs/subscription-payload.ts';
import type { LogEvent } from '../model.ts';
import { decodeRecord } from './firehose-records.ts';
import { cellsOfFlatRow, cellsOfResultRow, eventOfRow } from './insights-rows.ts';
import { addLinesOfOwnRecord, isOwnRecord } from './own-records.ts';

type Json = Record<string, unknown>;

export interface ShapeContext {
  functionName: string | undefined;
  /** Counts a CloudWatch CONTROL_MESSAGE probe, which carries no log events. */
  onControlMessage(): void;
  /**
   * Where events of Logs Insights rows go, when not with the others: rows come in the
   * query's order (often newest first), and the caller puts them back in time order.
   */
  rows?: LogEvent[] | undefined;
  /**
   * Counts the events with a CloudWatch ID read from a document's `events`
   * (`filter-log-events` output, bounded by time: see TIME_BOUND in source-context.ts).
   */
  timeBound?: { events: number } | undefined;
  /** Counts events whose fields were not of CloudWatch's types (read, and said, never dropped). */
  odd: OddEventCounts;
}

/** Members of documents that hold no events: `start-query` output, a query's bookkeeping. */
const BOOKKEEPING = new Set([
  'queryId',
  'status',
  'statistics',
  'encryptionKey',
  'queryLanguage',
  'nextToken',
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The members of a CloudWatch event, as `filter-log-events`, `get-log-events` and
 * subscription payloads write them: an object of these alone is an event whatever their
 * types, as a Lambda JSON log record, which has others (`level`, `requestId`, `type`), is not.
 */
const EVENT_MEMBERS = new Set([
  'timestamp',
  'message',
  'ingestionTime',
  'eventId',
  'id',
  'logStreamName',
  'logStream',
  'logGroupName',
  'logGroup',
]);

/**
 * Whether an object met on its own (an NDJSON line, a document, an element of a top-level
 * array) is a CloudWatch event: a string message at an epoch-ms `timestamp` (an ISO one
 * marks a Lambda JSON log record instead), or CloudWatch's members alone, with a message or
 * a timestamp, and more than a message (`{"message": …}` alone says nothing of CloudWatch).
 */
function isCloudWatchEvent(o: Json): boolean {
  if (typeof o.message === 'string' && typeof o.timestamp === 'number') return true;
  if (!('timestamp' in o || 'eventId' in o || 'ingestionTime' in o) || !isEventEntry(o)) return false;
  for (const key in o) if (!EVENT_MEMBERS.has(key)) return false;
  return true;
}

/** An object that is one CloudWatch event (`{timestamp, message, …}`), its fields of odd types made LogEvent's. */
function asLogEvent(o: Json, ctx: ShapeContext): LogEvent {
  const { timestamp, message, eventId } = eventFields(
    o.timestamp,
    o.message,
    o.eventId ?? o.id,
    false,
    ctx.odd,
  );
  const logGroup =
    typeof o.logGroupName === 'string'
      ? o.logGroupName
      : typeof o.logGroup === 'string'
        ? o.logGroup
        : undefined;
  return {
    timestamp,
    message,
    logGroup,
    logStream:
      typeof o.logStreamName === 'string'
        ? o.logStreamName
        : typeof o.logStream === 'string'
          ? o.logStream
          : undefined,
    eventId,
    ingestionTime: typeof o.ingestionTime === 'number' ? o.ingestionTime : undefined,
    functionName: logGroup ? undefined : ctx.functionName,
  };
}

/**
 * An element of a document's `events`: `filter-log-events` (or, without IDs,
 * `get-log-events`) output. Every element there stands for an event: one that is not
 * (a number, a nested array) is kept as a line, and counted.
 */
function addEventOfDocument(value: unknown, ctx: ShapeContext, out: LogEvent[]): void {
  if (!isEventEntry(value)) {
    out.push({ ...lineOfEntry(value, ctx.odd), functionName: ctx.functionName });
    return;
  }
  const event = asLogEvent(value, ctx);
  if (event.eventId !== undefined && ctx.timeBound) ctx.timeBound.events++;
  out.push(event);
}

/** A Lambda JSON log record or any other JSON line: the whole line is the message. */
function asRecordLine(value: unknown, raw: string | undefined, ctx: ShapeContext): LogEvent {
  return {
    timestamp: Number.NaN,
    message: raw ?? JSON.stringify(value),
    functionName: ctx.functionName,
  };
}

/** Every LogEvent a parsed JSON value holds. */
export function eventsOfJson(value: unknown, ctx: ShapeContext, raw?: string): LogEvent[] {
  const out: LogEvent[] = [];
  addEventsOfJson(value, ctx, out, raw);
  return out;
}

/**
 * Adds the LogEvents a parsed JSON value holds to `out`: an NDJSON reader calls it once a
 * line, and most lines hold one event, which then needs no array of its own.
 */
export function addEventsOfJson(value: unknown, ctx: ShapeContext, out: LogEvent[], raw?: string): void {
  if (Array.isArray(value)) {
    // One `get-query-results` row on its own (`[{field, value}, …]`), or an array of anything.
    const cells = value.length > 0 ? cellsOfResultRow(value) : null;
    if (cells !== null) {
      const event = eventOfRow(cells, ctx);
      if (event) (ctx.rows ?? out).push(event);
      return;
    }
    for (const item of value) addItemOfArray(item, ctx, out);
    return;
  }
  if (!isObject(value)) {
    out.push(asRecordLine(value, raw, ctx));
    return;
  }
  if (isSubscriptionPayload(value)) {
    if (value.messageType !== 'DATA_MESSAGE') ctx.onControlMessage();
    for (const e of payloadEvents(value, ctx.odd)) out.push(e);
    return;
  }
  const awslogs = value.awslogs;
  if (isObject(awslogs) && typeof awslogs.data === 'string') {
    const payload = decodeAwslogsData(awslogs.data);
    if (payload.messageType !== 'DATA_MESSAGE') ctx.onControlMessage();
    for (const e of payloadEvents(payload, ctx.odd)) out.push(e);
    return;
  }
  if (isOwnRecord(value)) {
    addLinesOfOwnRecord(value, ctx.functionName, ctx.odd, out);
    return;
  }
  // Documents of events, rows or records (`filter-log-events` and `get-log-events` output,
  // `get-query-results`, a Firehose or Kinesis event) have no message: a log record with a
  // member of one of those names (an application's own) has one, and is a line in its own right.
  if (!('message' in value)) {
    if (Array.isArray(value.events)) {
      for (const e of value.events) addEventOfDocument(e, ctx, out);
      return;
    }
    if (Array.isArray(value.results)) {
      for (const row of value.results) addEventsOfElement('results', row, ctx, out);
      return;
    }
    const records = Array.isArray(value.records)
      ? value.records
      : Array.isArray(value.Records)
        ? value.Records
        : null;
    if (records !== null) {
      for (const record of records) addEventsOfElement('records', record, ctx, out);
      return;
    }
  }
  const flat = cellsOfFlatRow(value);
  if (flat) {
    const event = eventOfRow(flat, ctx);
    if (event) (ctx.rows ?? out).push(event);
    return;
  }
  if (Object.keys(value).every((k) => BOOKKEEPING.has(k))) return;
  out.push(isCloudWatchEvent(value) ? asLogEvent(value, ctx) : asRecordLine(value, raw, ctx));
}

/**
 * Adds the events of one element of a document's big array (`within` names the array:
 * `results`, `records`, `Records`, `events`, or `''` for a top-level array).
 */
export function addEventsOfElement(within: string, value: unknown, ctx: ShapeContext, out: LogEvent[]): void {
  if (within === 'results') {
    const cells = cellsOfResultRow(value);
    const event = cells ? eventOfRow(cells, ctx) : null;
    if (event) (ctx.rows ?? out).push(event);
    return;
  }
  if (within === 'records' || within === 'Records') {
    const decoded = decodeRecord(value, ctx.functionName);
    if ('json' in decoded) addEventsOfJson(decoded.json, ctx, out);
    else for (const e of decoded.events) out.push(e);
    return;
  }
  if (within === 'events') {
    addEventOfDocument(value, ctx, out);
    return;
  }
  addItemOfArray(value, ctx, out);
}

/** An element of an array of events: one that is no object or array is a line, and counted. */
function addItemOfArray(value: unknown, ctx: ShapeContext, out: LogEvent[]): void {
  countLooseValue(value, ctx.odd);
  addEventsOfJson(value, ctx, out);
}
