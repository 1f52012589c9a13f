/**
 * Documents the destination refused for good (mapping conflicts, oversized documents,
 * documents too large for the node's indexing memory) are kept here with the reason and
 * the original event's identity, never dropped. A record must itself be stored, so it
 * holds the original cut to a bound: a 50 MB line refused for its size would otherwise be
 * refused again as a dead letter, and retried forever.
 */
import { jsonText } from '../collectors/kernel/index.ts';
import type { ShipDocument } from './types.ts';

export interface DeadLetter {
  doc: ShipDocument;
  targetIndex: string;
  status: number;
  type: string;
  reason: string;
  /** Epoch ms at which it was dead-lettered. */
  at: number;
  /** Bytes of the document as it was sent (or would have been). */
  bytes?: number | undefined;
}

/** `failed` letters were not stored either: the caller must treat them as still pending. */
export interface DeadLetterResult {
  failed: DeadLetter[];
  message?: string | undefined;
}

export interface DeadLetterWriteOptions {
  /** The write must be over by then: the caller's deadline less what it needs after. */
  timeoutMs: number;
}

export interface DeadLetterSink {
  write(letters: DeadLetter[], options: DeadLetterWriteOptions): Promise<DeadLetterResult>;
}

/** Characters of the original document kept in a record (the rest is counted, not stored). */
export const MAX_ORIGINAL_CHARS = 32_768;
const MAX_REASON_CHARS = 2_048;

/** The stored form: the original body as JSON text (so it never conflicts with any mapping), cut to a bound. */
export function deadLetterRecord(letter: DeadLetter): Record<string, unknown> {
  const { identity } = letter.doc;
  const original = jsonText(letter.doc.source, MAX_ORIGINAL_CHARS);
  const event: Record<string, unknown> = { original: original.text };
  if (original.truncated) event.original_truncated = true;
  const deadLetter: Record<string, unknown> = {
    target_index: letter.targetIndex,
    doc_id: letter.doc.id,
    kind: letter.doc.kind,
  };
  if (letter.bytes !== undefined) deadLetter.original_bytes = letter.bytes;
  return {
    '@timestamp': new Date(letter.at).toISOString(),
    error: { type: letter.type, message: letter.reason.slice(0, MAX_REASON_CHARS), status: letter.status },
    event,
    faas: identity.requestId ? { execution: identity.requestId } : {},
    aws: {
      cloudwatch: {
        ...(identity.logGroup ? { log_group: identity.logGroup } : {}),
        ...(identity.logStream ? { log_stream: identity.logStream } : {}),
        ...(identity.eventId ? { event_id: identity.eventId } : {}),
      },
    },
    lambdalens: { dead_letter: deadLetter },
  };
}

/** Dead letters of one batch counted by error type, and one example, for a single warning. */
export function summariseLetters(letters: readonly DeadLetter[]): {
  byType: Record<string, number>;
  example: string;
} {
  const byType: Record<string, number> = {};
  for (const l of letters) byType[l.type] = (byType[l.type] ?? 0) + 1;
  const first = letters[0];
  return { byType, example: first ? `${first.doc.id}: ${first.reason.slice(0, 300)}` : '' };
}
