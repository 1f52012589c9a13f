/** Dead letters into an Elasticsearch index, with `create` and the original `_id`, so replays dedupe. */
import type { Client } from '@elastic/elasticsearch';
import { type DeadLetter, type DeadLetterSink, deadLetterRecord } from '../dead-letter.ts';
import { actionLine, sendBulk } from './bulk.ts';

export function createIndexDeadLetterSink(
  client: Client,
  index: string,
  requestTimeoutMs: number,
): DeadLetterSink {
  return {
    async write(letters: DeadLetter[]) {
      if (letters.length === 0) return { failed: [] };
      const batch = letters.map((l) => {
        const payload = `${actionLine(index, `${l.doc.kind}-${l.doc.id}`)}${JSON.stringify(deadLetterRecord(l))}\n`;
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
