/**
 * Writes documents as NDJSON, one `{"_index","_id","_source"}` object per line, to a file
 * or any writable stream. Same contract as the Elasticsearch shipper, so `ship --to x.ndjson`
 * and stdout output go through the same path; honours backpressure.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { defaultContext } from '../context.ts';
import { targetIndex } from '../elasticsearch/naming.ts';
import {
  emptyCounters,
  type ShipDocument,
  type ShipOptions,
  type Shipper,
  type ShipperContext,
  type ShipResult,
} from '../types.ts';

export interface NdjsonShipperConfig {
  /** A file path (appended to) or an open stream (stdout). */
  to: string | Writable;
  indexPrefix?: string | undefined;
}

function writeChunk(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}

export function createNdjsonShipper(
  config: NdjsonShipperConfig,
  context: Partial<ShipperContext> = {},
): Shipper {
  const ctx = defaultContext(context);
  const names = { prefix: config.indexPrefix ?? 'lambdalens', mode: 'daily' as const };
  const owned = typeof config.to === 'string';
  const out: Writable =
    typeof config.to === 'string' ? createWriteStream(config.to, { flags: 'a' }) : config.to;

  async function ship(
    docs: AsyncIterable<ShipDocument> | Iterable<ShipDocument>,
    options: ShipOptions = {},
  ): Promise<ShipResult> {
    const counters = emptyCounters();
    let buffer = '';
    let inBuffer = 0;
    const pendingIds: string[] = [];
    const flush = async () => {
      if (!buffer) return;
      try {
        await writeChunk(out, buffer);
        counters.indexed += inBuffer;
      } catch (err) {
        counters.pending += inBuffer;
        throw err;
      } finally {
        buffer = '';
        inBuffer = 0;
      }
      options.onProgress?.({ ...counters });
    };
    try {
      for await (const doc of docs) {
        counters.received++;
        if (options.deadline !== undefined && ctx.clock.now() >= options.deadline) {
          counters.pending++;
          if (pendingIds.length < 10_000) pendingIds.push(doc.id);
          continue;
        }
        buffer += `${JSON.stringify({ _index: targetIndex(names, doc.kind, doc.timestamp), _id: doc.id, _source: doc.source })}\n`;
        inBuffer++;
        if (buffer.length >= 1 << 16) await flush();
      }
      await flush();
    } catch (err) {
      return {
        kind: 'incomplete',
        counters,
        reason: {
          kind: 'unavailable',
          message: `writing NDJSON failed: ${(err as Error).message}`,
          retryable: true,
        },
        pendingIds,
      };
    }
    if (counters.pending > 0) {
      return {
        kind: 'incomplete',
        counters,
        reason: { kind: 'deadline', message: 'deadline reached', retryable: true },
        pendingIds,
      };
    }
    return { kind: 'complete', counters };
  }

  return {
    ship,
    close: () =>
      owned
        ? new Promise<void>((resolve, reject) =>
            out.end((err?: Error | null) => (err ? reject(err) : resolve())),
          )
        : Promise.resolve(),
  };
}
