/**
 * Records of Amazon Data Firehose and Kinesis Data Streams that carry CloudWatch Logs
 * subscription payloads: the event a Firehose transformation Lambda receives
 * (`records[].data`), the body of a Firehose HTTP endpoint delivery (the same shape), the
 * event a Kinesis-triggered Lambda receives (`Records[].kinesis.data`), and a
 * `PutRecordBatch` input (`Records[].Data`). Each `data` is base64 of what CloudWatch sent:
 * a gzip payload, or, when Firehose decompresses CloudWatch records, the payload's JSON or
 * (with message extraction) the messages themselves, one a line.
 */
import { gunzipPayload, PayloadDecodeError } from '../cloudwatch-logs/subscription-payload.ts';
import type { LogEvent } from '../model.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The base64 `data` of a Firehose or Kinesis record, or null when it is not one. */
export function recordData(record: unknown): string | null {
  if (!isObject(record)) return null;
  const data = record.data ?? record.Data ?? (isObject(record.kinesis) ? record.kinesis.data : undefined);
  return typeof data === 'string' ? data : null;
}

/**
 * What one record holds: the parsed JSON (a subscription payload, for the caller to read)
 * or, for extracted messages, events of its own.
 */
export function decodeRecord(
  record: unknown,
  functionName: string | undefined,
): { json: unknown } | { events: LogEvent[] } {
  const data = recordData(record);
  if (data === null)
    throw new PayloadDecodeError('the record has no base64 data (data, Data or kinesis.data)');
  const bytes = Buffer.from(data, 'base64');
  const text = (
    bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipPayload(bytes, "the record's data") : bytes
  ).toString('utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return { json: JSON.parse(trimmed) };
    } catch {
      // Not one JSON document: extracted messages that happen to start with a brace.
    }
  }
  // Extracted messages lose their event time (the record's arrival time is not it): lines
  // that write their own time keep it.
  return {
    events: text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((message) => ({ timestamp: Number.NaN, message, functionName })),
  };
}
