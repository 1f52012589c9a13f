/**
 * Dead letters into the cluster's dead-letter index, written with `create` under the
 * original document's `_id` (prefixed by its kind), so a replayed letter is stored once.
 */
import { classifyBulkReply } from './bulk-outcome.ts';
import { actionLine, anonymousActionLine } from './bulk-request.ts';
import type { SearchCluster } from './cluster.ts';
import { type DeadLetter, type DeadLetterSink, deadLetterRecord } from './dead-letter.ts';

export function createIndexDeadLetterSink(
  cluster: SearchCluster,
  index: string,
  withIds = true,
): DeadLetterSink {
  return {
    async write(letters: DeadLetter[], { timeoutMs }) {
      if (letters.length === 0) return { failed: [] };
      const body = letters
        .map(
          (l) =>
            `${withIds ? actionLine(index, `${l.doc.kind}-${l.doc.id}`) : anonymousActionLine(index)}${JSON.stringify(deadLetterRecord(l))}\n`,
        )
        .join('');
      const outcome = classifyBulkReply(
        await cluster.bulk(body, { timeoutMs }),
        letters.length,
        cluster.engine,
      );
      if (outcome.kind !== 'items') {
        return { failed: letters, message: cluster.redact(`dead-letter index ${index}: ${outcome.cause}`) };
      }
      const failed = [...outcome.retry, ...outcome.pressure, ...outcome.rejected, ...outcome.refused];
      const first = failed[0];
      return {
        failed: failed.map((f) => letters[f.index] as DeadLetter),
        message: first
          ? cluster.redact(`dead-letter index ${index}: ${first.type}: ${first.reason}`)
          : undefined,
      };
    },
  };
}
