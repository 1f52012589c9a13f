/** Dead letters into an Elasticsearch index, with `create` and the original `_id`, so replays dedupe. */
import { type DeadLetter, type DeadLetterSink, deadLetterRecord } from '../dead-letter.ts';
import { actionLine, sendBulk } from './bulk.ts';
import type { SearchClient } from './search-client.ts';

export function createIndexDeadLetterSink(
  client: SearchClient,
  index: string,
  requestTimeoutMs: number,
  /** False for Serverless time-series collections, which refuse document IDs. */
  withIds = true,
): DeadLetterSink {
  return {
    async write(letters: DeadLetter[]) {
      if (letters.length === 0) return { failed: [] };
      const batch = letters.map((l) => {
        const payload = `${actionLine(index, withIds ? `${l.doc.kind}-${l.doc.id}` : null)}${JSON.stringify(deadLetterRecord(l))}\n`;
        return { doc: l.doc, payload, bytes: payload.length };
      });
      const outcome = await sendBulk(client, batch, requestTimeoutMs);
      if (outcome.kind !== 'items')
        return { failed: letters, message: `dead-letter index ${index}: ${outcome.message}` };
      const failed = [...outcome.retry, ...outcome.rejected];
      return {
        failed: failed.map((f) => letters[f.index]!),
        message:
          failed.length > 0
            ? `dead-letter index ${index}: ${failed[0]!.type}: ${failed[0]!.reason}`
            : undefined,
      };
    },
  };
}
