/**
 * The JSON documents users hand lambdalens: `aws logs filter-log-events` and
 * `get-log-events` output, subscription payloads (raw or as the `awslogs` envelope),
 * arrays of events, and NDJSON lines of any of those or of Lambda JSON log records.
 */

import {
  decodeAwslogsData,
  isSubscriptionPayload,
  payloadEvents,
} from '../cloudwatch-logs/subscription-payload.ts';
import type { LogEvent } from '../model.ts';

type Json = Record<string, unknown>;

export interface ShapeContext {
  functionName: string | undefined;
  /** Counts a CloudWatch CONTROL_MESSAGE probe, which carries no log events. */
  onControlMessage(): void;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object that is itself one CloudWatch event (`{timestamp, message, …}`). */
function asLogEvent(o: Json, ctx: ShapeContext): LogEvent | null {
  // CloudWatch times are epoch ms; an ISO `timestamp` marks a Lambda JSON log record instead.
  if (typeof o.message !== 'string' || typeof o.timestamp !== 'number') return null;
  const ts = o.timestamp;
  const logGroup = typeof o.logGroupName === 'string' ? o.logGroupName : (o.logGroup as string | undefined);
  return {
    timestamp: ts,
    message: o.message,
    logGroup: typeof logGroup === 'string' ? logGroup : undefined,
    logStream:
      typeof o.logStreamName === 'string'
        ? o.logStreamName
        : typeof o.logStream === 'string'
          ? o.logStream
          : undefined,
    eventId: typeof o.eventId === 'string' ? o.eventId : typeof o.id === 'string' ? o.id : undefined,
    ingestionTime: typeof o.ingestionTime === 'number' ? o.ingestionTime : undefined,
    functionName: logGroup ? undefined : ctx.functionName,
  };
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
    for (const item of value) addEventsOfJson(item, ctx, out);
    return;
  }
  if (!isObject(value)) {
    out.push(asRecordLine(value, raw, ctx));
    return;
  }
  if (isSubscriptionPayload(value)) {
    if (value.messageType !== 'DATA_MESSAGE') ctx.onControlMessage();
    for (const e of payloadEvents(value)) out.push(e);
    return;
  }
  const awslogs = value.awslogs;
  if (isObject(awslogs) && typeof awslogs.data === 'string') {
    const payload = decodeAwslogsData(awslogs.data);
    if (payload.messageType !== 'DATA_MESSAGE') ctx.onControlMessage();
    for (const e of payloadEvents(payload)) out.push(e);
    return;
  }
  if (Array.isArray(value.events)) {
    for (const e of value.events) {
      const event = isObject(e) ? asLogEvent(e, ctx) : null;
      if (event) out.push(event);
    }
    return;
  }
  out.push(asLogEvent(value, ctx) ?? asRecordLine(value, raw, ctx));
}
