/**
 * CloudWatch Logs subscription payloads: what a subscribed Lambda receives as
 * `{"awslogs":{"data": base64(gzip(JSON))}}`, and the JSON inside it.
 */

import { gunzipSync } from 'node:zlib';
import { isAccountId } from '../aws-names.ts';
import { LambdalensError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { eventFields, isEventEntry, lineOfEntry, oddEventCounts } from './event-fields.ts';

export interface SubscriptionPayload {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE' | string;
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  /** Present when an account-level subscription policy delivered the batch. */
  policyLevel?: string | undefined;
  /**
   * CloudWatch writes `{id, timestamp, message}` objects; what a file holds may be anything,
   * which `payloadEvents` reads.
   */
  logEvents: unknown[];
}

/** A payload that cannot be decoded; the message says which step failed. */
export class PayloadDecodeError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PayloadDecodeError';
  }
}

const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

export function looksLikeBase64(text: string): boolean {
  return text.length >= 16 && BASE64.test(text);
}

/**
 * What one payload may decompress to. CloudWatch delivers at most 1 MB of events a batch;
 * a payload expanding past this is not one (a decompression bomb) and is refused whole.
 */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Gunzips a payload held in memory, within MAX_PAYLOAD_BYTES; `what` names it in errors. */
export function gunzipPayload(zipped: Buffer, what: string): Buffer {
  try {
    return gunzipSync(zipped, { maxOutputLength: MAX_PAYLOAD_BYTES });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadDecodeError(
        `${what} decompresses to more than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MiB (from ${zipped.length} bytes): refused as a likely decompression bomb`,
        { cause },
      );
    }
    throw new PayloadDecodeError(`${what} is not valid gzip: ${(cause as Error).message}`, { cause });
  }
}

/** base64 → gzip → JSON → payload, with an error naming the step that failed. */
export function decodeAwslogsData(data: string): SubscriptionPayload {
  if (data.trim() === '') throw new PayloadDecodeError('awslogs.data is empty');
  // The alphabet alone, not looksLikeBase64's length: short base64 is base64, and saying
  // otherwise of `aGVsbG8=` sent a user looking for bad characters instead of missing gzip.
  if (!BASE64.test(data)) {
    throw new PayloadDecodeError(
      'awslogs.data is not base64 (it holds characters outside A-Z a-z 0-9 + / =)',
    );
  }
  return parsePayloadJson(gunzipPayload(Buffer.from(data, 'base64'), 'awslogs.data').toString('utf8'));
}

export function parsePayloadJson(json: string): SubscriptionPayload {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new PayloadDecodeError(`subscription payload is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (!isSubscriptionPayload(value)) {
    throw new PayloadDecodeError('subscription payload lacks messageType, logGroup, logStream or logEvents');
  }
  return value;
}

export function isSubscriptionPayload(value: unknown): value is SubscriptionPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.messageType === 'string' && Array.isArray(v.logEvents) && typeof v.logGroup === 'string';
}

/**
 * The payload's events as LogEvents; a CONTROL_MESSAGE (CloudWatch's probe) has none.
 * Fields of odd types are made LogEvent's (see event-fields.ts) and counted in `odd`; an
 * entry that is not an event at all is kept as an undated line of the payload's stream.
 */
export function payloadEvents(payload: SubscriptionPayload, odd = oddEventCounts()): LogEvent[] {
  if (payload.messageType !== 'DATA_MESSAGE') return [];
  const logGroup = payload.logGroup;
  const logStream = typeof payload.logStream === 'string' ? payload.logStream : undefined;
  // An owner not shaped as an account (a hand-made or damaged payload) is no account.
  const accountId =
    typeof payload.owner === 'string' && isAccountId(payload.owner) ? payload.owner : undefined;
  return payload.logEvents.map((entry): LogEvent => {
    if (!isEventEntry(entry)) return { ...lineOfEntry(entry, odd), logGroup, logStream, accountId };
    const { timestamp, message, eventId } = eventFields(entry.timestamp, entry.message, entry.id, true, odd);
    return { timestamp, message, logGroup, logStream, eventId, accountId };
  });
}
