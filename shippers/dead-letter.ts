/**
 * Documents the destination refused for good (mapping conflicts, oversized documents)
 * are kept here with the reason and the original event's identity, never dropped.
 */
import { appendFile } from 'node:fs/promises';
import type { ShipDocument } from './types.ts';

export interface DeadLetter {
  doc: ShipDocument;
  targetIndex: string;
  status: number;
  type: string;
  reason: string;
  /** Epoch ms at which it was dead-lettered. */
  at: number;
}

/** `failed` letters were not stored either: the caller must treat them as still pending. */
export interface DeadLetterResult {
  failed: DeadLetter[];
  message?: string | undefined;
}

export interface DeadLetterSink {
  write(letters: DeadLetter[]): Promise<DeadLetterResult>;
}

/** The stored form: original body as JSON text, so it never conflicts with any mapping. */
export function deadLetterRecord(letter: DeadLetter): Record<string, unknown> {
  const { identity } = letter.doc;
  return {
    '@timestamp': new Date(letter.at).toISOString(),
    error: { type: letter.type, message: letter.reason, status: letter.status },
    event: { original: JSON.stringify(letter.doc.source) },
    faas: identity.requestId ? { execution: identity.requestId } : {},
    aws: {
      cloudwatch: {
        ...(identity.logGroup ? { log_group: identity.logGroup } : {}),
        ...(identity.logStream ? { log_stream: identity.logStream } : {}),
        ...(identity.eventId ? { event_id: identity.eventId } : {}),
      },
    },
    lambdalens: {
      dead_letter: { target_index: letter.targetIndex, doc_id: letter.doc.id, kind: letter.doc.kind },
    },
  };
}

/** Appends one JSON line per letter to a local file. */
export function createFileDeadLetterSink(path: string): DeadLetterSink {
  return {
    async write(letters) {
      if (letters.length === 0) return { failed: [] };
      const text = letters.map((l) => `${JSON.stringify(deadLetterRecord(l))}\n`).join('');
      try {
        await appendFile(path, text);
        return { failed: [] };
      } catch (err) {
        return {
          failed: letters,
          message: `cannot append to dead-letter file "${path}": ${(err as Error).message}`,
        };
      }
    },
  };
}
