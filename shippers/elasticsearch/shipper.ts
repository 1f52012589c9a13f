/**
 * The Elasticsearch shipper: `create` with deterministic IDs (409 = already there), per-item
 * retry of 429/5xx with backoff and jitter, split on 413, dead letters for the rest, all
 * within a deadline. Every document ends indexed, duplicate, dead-lettered or pending.
 */
import { Client } from '@elastic/elasticsearch';
import { type BackoffPolicy, backoffDelay } from '../../collectors/kernel/index.ts';
import { batches, type Prepared, readAhead } from '../batcher.ts';
import { defaultContext } from '../context.ts';
import type { DeadLetter, DeadLetterSink } from '../dead-letter.ts';
import {
  emptyCounters,
  type ShipCounters,
  type ShipDocument,
  type ShipOptions,
  type Shipper,
  ShipperConfigError,
  type ShipperContext,
  type ShipResult,
  type StopReason,
} from '../types.ts';
import { actionLine, sendBulk } from './bulk.ts';
import { type ConnectionConfig, redact } from './config.ts';
import { connectSearch } from './connect.ts';
import { createIndexDeadLetterSink } from './dead-letter-index.ts';
import { deadLetterIndex, type IndexMode, targetIndex, validatePrefix } from './naming.ts';
import type { SearchClient } from './search-client.ts';

export interface ElasticsearchShipperConfig {
  connection?: ConnectionConfig | undefined;
  /** An existing client (tests, the Lambda's warm client); `connection` is then ignored. */
  client?: SearchClient | Client | undefined;
  indexPrefix?: string | undefined;
  indexMode?: IndexMode | undefined;
  maxBatchDocs?: number | undefined;
  maxBatchBytes?: number | undefined;
  concurrency?: number | undefined;
  requestTimeoutMs?: number | undefined;
  backoff?: Partial<BackoffPolicy> | undefined;
  /** Where refused documents go; default: the `<prefix>-dead-letter` index. */
  deadLetter?: DeadLetterSink | undefined;
}

const MIN_REQUEST_MS = 250;
/** Bulk retries: 200 ms doubling to 10 s, eight tries in all. */
const BULK_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000, maxAttempts: 8 };
const MAX_PENDING_IDS = 10_000;

const engineName = (client: SearchClient) =>
  client.identity.engine === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new ShipperConfigError(`elasticsearch shipper: ${name} must be a positive integer, got ${v}`);
  return v;
}

export function createElasticsearchShipper(
  config: ElasticsearchShipperConfig,
  context: Partial<ShipperContext> = {},
): Shipper {
  const ctx = defaultContext(context);
  const prefix = config.indexPrefix ?? 'lambdalens';
  const bad = validatePrefix(prefix);
  if (bad) throw new ShipperConfigError(`elasticsearch shipper: ${bad}`);
  const names = { prefix, mode: config.indexMode ?? 'daily' } as const;
  const maxDocs = positive('maxBatchDocs', config.maxBatchDocs, 10_000);
  const maxBytes = positive('maxBatchBytes', config.maxBatchBytes, 5_000_000);
  const concurrency = positive('concurrency', config.concurrency, 4);
  const requestTimeoutMs = positive('requestTimeoutMs', config.requestTimeoutMs, 30_000);
  const backoff: BackoffPolicy = { ...BULK_BACKOFF, ...config.backoff };
  if (!config.client && !config.connection)
    throw new ShipperConfigError('elasticsearch shipper: give a connection or a client');
  const ownsClient = !config.client || config.client instanceof Client;
  // Connected on the first ship: which engine answers decides the request format.
  let connecting: Promise<SearchClient> | undefined;
  const connect = () => {
    connecting ??=
      config.client && !(config.client instanceof Client)
        ? Promise.resolve(config.client)
        : connectSearch(
            { ...config.connection, requestTimeoutMs },
            { client: config.client instanceof Client ? config.client : undefined },
          );
    return connecting;
  };
  // Serverless time-series collections refuse document IDs: there a replay can store twice.
  const withIds = config.connection?.aws?.collectionType !== 'timeseries';

  async function ship(
    documents: AsyncIterable<ShipDocument> | Iterable<ShipDocument>,
    options: ShipOptions = {},
  ): Promise<ShipResult> {
    const client = await connect();
    const secrets = client.secrets;
    const deadLetter =
      config.deadLetter ??
      createIndexDeadLetterSink(client, deadLetterIndex(prefix), requestTimeoutMs, withIds);
    const prepare = (doc: ShipDocument): Prepared => {
      const payload = `${actionLine(targetIndex(names, doc.kind, doc.timestamp), withIds ? doc.id : null)}${JSON.stringify(doc.source)}\n`;
      return { doc, payload, bytes: Buffer.byteLength(payload) };
    };
    const counters: ShipCounters = emptyCounters();
    const pendingIds: string[] = [];
    let stop: StopReason | null = null;
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;

    const leavePending = (items: Prepared[], reason: StopReason) => {
      stop ??= reason;
      counters.pending += items.length;
      for (const p of items) if (pendingIds.length < MAX_PENDING_IDS) pendingIds.push(p.doc.id);
    };

    const deadLetterItems = async (
      items: { p: Prepared; status: number; type: string; reason: string }[],
    ) => {
      if (items.length === 0) return;
      const letters: DeadLetter[] = items.map(({ p, status, type, reason }) => ({
        doc: p.doc,
        targetIndex: targetIndex(names, p.doc.kind, p.doc.timestamp),
        status,
        type,
        reason: redact(reason, secrets),
        at: ctx.clock.now(),
      }));
      const result = await deadLetter.write(letters);
      const failed = new Set(result.failed.map((l) => l.doc.id));
      const stored = items.filter((i) => !failed.has(i.p.doc.id));
      counters.deadLettered += stored.length;
      for (const s of stored)
        ctx.logger.warn('dead-lettered', { id: s.p.doc.id, status: s.status, type: s.type });
      if (failed.size > 0) {
        leavePending(
          items.filter((i) => failed.has(i.p.doc.id)).map((i) => i.p),
          {
            kind: 'unavailable',
            message: redact(result.message ?? 'dead-letter sink failed', secrets),
            retryable: true,
          },
        );
      }
    };

    /** Drives one batch to its outcome; splits recurse. */
    async function settle(batch: Prepared[]): Promise<void> {
      let current = batch;
      let attempt = 0;
      let retryAfterMs = 0;
      while (current.length > 0) {
        if (stop && stop.kind === 'rejected') return leavePending(current, stop);
        if (attempt > 0) {
          if (attempt >= backoff.maxAttempts) {
            return leavePending(current, {
              kind: 'retries-exhausted',
              message: `gave up after ${attempt} attempts`,
              retryable: true,
            });
          }
          const delay = Math.max(backoffDelay(backoff, attempt, ctx.random), retryAfterMs);
          if (ctx.clock.now() + delay + MIN_REQUEST_MS > deadline) {
            return leavePending(current, {
              kind: 'deadline',
              message: 'deadline reached while backing off',
              retryable: true,
            });
          }
          await ctx.sleep(delay);
          counters.retried += current.length;
        }
        const timeLeft = deadline - ctx.clock.now();
        if (timeLeft < MIN_REQUEST_MS) {
          return leavePending(current, {
            kind: 'deadline',
            message: 'deadline reached before sending',
            retryable: true,
          });
        }
        const outcome = await sendBulk(client, current, Math.min(requestTimeoutMs, Math.floor(timeLeft)));
        attempt++;
        switch (outcome.kind) {
          case 'items': {
            counters.indexed += outcome.indexed.length;
            counters.duplicates += outcome.duplicates.length;
            await deadLetterItems(
              outcome.rejected.map((f) => ({
                p: current[f.index]!,
                status: f.status,
                type: f.type,
                reason: f.reason,
              })),
            );
            current = outcome.retry.map((f) => current[f.index]!);
            retryAfterMs = 0;
            break;
          }
          case 'retry':
            ctx.logger.warn('bulk request failed, will retry', {
              message: redact(outcome.message, secrets),
              attempt,
            });
            retryAfterMs = outcome.retryAfterMs ?? 0;
            break;
          case 'too-large': {
            if (current.length === 1) {
              await deadLetterItems([
                { p: current[0]!, status: 413, type: 'request_entity_too_large', reason: outcome.message },
              ]);
              return;
            }
            const half = Math.ceil(current.length / 2);
            await settle(current.slice(0, half));
            await settle(current.slice(half));
            return;
          }
          case 'refused':
            return leavePending(current, {
              kind: 'rejected',
              message: redact(`${engineName(client)} refused the bulk request (${outcome.message})`, secrets),
              retryable: false,
            });
        }
      }
    }

    const source = readAhead(batches(documents, { maxDocs, maxBytes }, prepare), concurrency);
    const worker = async () => {
      for (;;) {
        const batch = await source.take();
        if (batch === undefined) return;
        counters.received += batch.length;
        await settle(batch);
        options.onProgress?.({ ...counters });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (stop !== null && counters.pending > 0) {
      return { kind: 'incomplete', counters, reason: stop, pendingIds };
    }
    return { kind: 'complete', counters };
  }

  return {
    ship,
    async close() {
      if (ownsClient && connecting) await (await connecting.catch(() => null))?.close();
    },
  };
}
