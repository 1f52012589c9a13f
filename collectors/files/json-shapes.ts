/**
 * The JSON documents users hand lambdalens: `aws logs filter-log-events` and
 * `get-log-events` output, subscription payloads (raw or as the `awslogs` envelope),
 * arrays of events, and NDJSON lines of any of those or of Lambda JSON log records.
 */
import type { LogEvent } from '../model.ts';
import { decodeAwslogsData, isSubscriptionPayload, payloadEvents } from './subscription-payload.ts';

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
  if (Array.isArray(value)) return value.flatMap((item) => eventsOfJson(item, ctx));
  if (!isObject(value)) return [asRecordLine(value, raw, ctx)];
  if (isSubscriptionPayload(value)) {
    if (value.messageType !== 'DATA_MESSAGE') ctx.onControlMessage();
    return payloadEvents(value);
  }
  const awslogs = value.awslogs;
  if (isObject(awslogs) && typeof awslogs.data === 'string') {
    const payload = decodeAwslogsData(awslogs.data);
    if (payload.messageType !== 'DATA_MESSAGE') ctx.onControlMessage();
    return payloadEvents(payload);
  }
  if (Array.isArray(value.events)) {
    return value.events.flatMap((e) => (isObject(e) ? (asLogEvent(e, ctx) ?? []) : []));
  }
  return [asLogEvent(value, ctx) ?? asRecordLine(value, raw, ctx)];
}
