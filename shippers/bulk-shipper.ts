/**
 * The shipper core, the same for every engine: batches of prepared documents go to a
 * `SearchCluster` through `_bulk`, and each document ends in exactly one outcome, decided
 * once: written, replaced (a more complete version), already there, dead-lettered, or
 * pending (the caller retries; IDs are deterministic). Transient refusals are retried
 * with backoff and jitter within the deadline, at most `maxAttempts` times (a live source's
 * until they pass, or the run is stopped); 413s and
 * indexing-pressure refusals split the batch and, for one document alone, dead-letter it;
 * refusals of the cluster as a whole (shard limit, write block, privileges) stop the run.
 */
import { type BackoffPolicy, backoffDelay } from '../collectors/kernel/index.ts';
import { BATCH_LINGER_MS, batches, type Prepared, readAhead } from './batcher.ts';
import { type BulkOutcome, classifyBulkReply, type PressureFailure } from './bulk-outcome.ts';
import { prepareDocument } from './bulk-request.ts';
import type { SearchCluster } from './cluster.ts';
import { defaultContext } from './context.ts';
import { type DeadLetter, type DeadLetterSink, summariseLetters } from './dead-letter.ts';
import { createIndexDeadLetterSink } from './dead-letter-index.ts';
import {
  deadLetterIndex,
  type IndexMode,
  type IndexNames,
  type IndexPeriod,
  targetIndex,
  validatePrefix,
} from './index-names.ts';
import { bulkBody } from './payload-bytes.ts';
import { BULK_BACKOFF } from './retry-policy.ts';
import {
  emptyCounters,
  MAX_DOCUMENT_BYTES,
  type ShipCounters,
  type ShipDocument,
  type ShipOptions,
  type Shipper,
  ShipperConfigError,
  type ShipperContext,
  type ShipResult,
  type StopReason,
} from './types.ts';

export interface BulkShipperConfig {
  indexPrefix?: string | undefined;
  indexMode?: IndexMode | undefined;
  indexPeriod?: IndexPeriod | undefined;
  maxBatchDocs?: number | undefined;
  maxBatchBytes?: number | undefined;
  /** A document larger than this is dead-lettered without being sent. */
  maxDocumentBytes?: number | undefined;
  concurrency?: number | undefined;
  requestTimeoutMs?: number | undefined;
  backoff?: Partial<BackoffPolicy> | undefined;
  /** The longest a server's `Retry-After` is obeyed; longer asks are cut to it, and said so. */
  maxRetryAfterMs?: number | undefined;
  /** Where refused documents go; default: the `<prefix>-dead-letter` index. */
  deadLetter?: DeadLetterSink | undefined;
  /**
   * False for targets that refuse document IDs (OpenSearch Serverless time-series
   * collections): the engine names each document, so delivery there is at least once.
   */
  documentIds?: boolean | undefined;
}

const MIN_REQUEST_MS = 250;
const MAX_PENDING_IDS = 10_000;
/** Documents at least this large can be refused by indexing pressure on their own. */
const PRESSURE_DOC_BYTES = 1 << 20;
/** Refusals by indexing pressure after which such a document is dead-lettered. */
const PRESSURE_STRIKES = 3;

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1)
    throw new ShipperConfigError(`shipper: ${name} must be a positive integer, got ${v}`);
  return v;
}

/** A document to dead-letter and why. */
interface Refusal {
  p: Prepared;
  status: number;
  type: string;
  reason: string;
}

export function createBulkShipper(
  cluster: SearchCluster,
  config: BulkShipperConfig = {},
  context: Partial<ShipperContext> = {},
): Shipper {
  const ctx = defaultContext(context);
  const prefix = config.indexPrefix ?? 'lambdalens';
  const bad = validatePrefix(prefix);
  if (bad) throw new ShipperConfigError(`shipper: ${bad}`);
  const names: IndexNames = { prefix, mode: config.indexMode ?? 'daily', period: config.indexPeriod };
  const maxDocs = positive('maxBatchDocs', config.maxBatchDocs, 10_000);
  const maxBytes = positive('maxBatchBytes', config.maxBatchBytes, 5_000_000);
  const maxDocumentBytes = positive('maxDocumentBytes', config.maxDocumentBytes, MAX_DOCUMENT_BYTES);
  const concurrency = positive('concurrency', config.concurrency, 4);
  const requestTimeoutMs = positive('requestTimeoutMs', config.requestTimeoutMs, 30_000);
  const maxRetryAfterMs = positive('maxRetryAfterMs', config.maxRetryAfterMs, 30_000);
  const backoff: BackoffPolicy = { ...BULK_BACKOFF, ...config.backoff };
  const withIds = config.documentIds !== false;
  const deadLetter =
    config.deadLetter ?? createIndexDeadLetterSink(cluster, deadLetterIndex(prefix), withIds);
  const say = (text: string) => cluster.redact(text);
  const prepare = (doc: ShipDocument): Prepared =>
    prepareDocument(doc, targetIndex(names, doc.kind, doc.placement), withIds);

  async function ship(
    documents: AsyncIterable<ShipDocument> | Iterable<ShipDocument>,
    options: ShipOptions = {},
  ): Promise<ShipResult> {
    const counters: ShipCounters = emptyCounters();
    const pendingIds: string[] = [];
    let stop: StopReason | null = null;
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    const emit = options.onEvent ?? (() => {});

    const leavePending = (items: Prepared[], reason: StopReason) => {
      stop ??= reason;
      counters.pending += items.length;
      for (const p of items) if (pendingIds.length < MAX_PENDING_IDS) pendingIds.push(p.doc.id);
      if (items.length > 0) emit({ kind: 'left-pending', documents: items.map((p) => p.doc) });
    };
    /** A stop asked for while documents waited to be sent again: they are left pending. */
    const stoppedWaiting = (items: Prepared[], cause: string) =>
      leavePending(items, {
        kind: 'stopped',
        message: say(`stopped while waiting to retry; last cause: ${cause}`),
        retryable: true,
      });
    const refuse = (
      items: Prepared[],
      cause: string,
      what = `${cluster.engine} refused the writes`,
      keys = false,
    ) => {
      const message = say(`${what}: ${cause}`);
      if (stop?.kind !== 'refused') ctx.logger.error('shipping stopped', { message });
      stop = { kind: 'refused', message, retryable: false, ...(keys ? { keys: true as const } : {}) };
      leavePending(items, stop);
    };
    const timeLeft = () => deadline - ctx.clock.now();

    /** One write to the sink for a batch's refused documents, and one warning for all of them. */
    const deadLetterItems = async (items: Refusal[]) => {
      if (items.length === 0) return;
      const left = timeLeft();
      if (left < MIN_REQUEST_MS) {
        leavePending(
          items.map((i) => i.p),
          { kind: 'deadline', message: 'deadline reached before writing dead letters', retryable: true },
        );
        return;
      }
      const letters: DeadLetter[] = items.map(({ p, status, type, reason }) => ({
        doc: p.doc,
        targetIndex: targetIndex(names, p.doc.kind, p.doc.placement),
        status,
        type,
        reason: say(reason),
        at: ctx.clock.now(),
        bytes: p.bytes,
      }));
      const result = await deadLetter.write(letters, {
        timeoutMs: Math.min(requestTimeoutMs, Math.floor(left)),
      });
      const failed = new Set(result.failed);
      const stored = letters.filter((l) => !failed.has(l));
      counters.deadLettered += stored.length;
      if (stored.length > 0) {
        const { byType, example } = summariseLetters(stored);
        ctx.logger.warn('dead-lettered', { count: stored.length, byType, example });
        emit({
          kind: 'dead-lettered',
          count: stored.length,
          byType,
          example,
          documents: stored.map((l) => l.doc),
        });
      }
      if (failed.size > 0) {
        leavePending(
          items.filter((_, i) => failed.has(letters[i] as DeadLetter)).map((i) => i.p),
          {
            kind: 'unavailable',
            message: say(result.message ?? 'the dead-letter sink failed'),
            retryable: true,
          },
        );
      }
    };

    /** Halves of a batch, each settled in turn. */
    const split = async (current: Prepared[], cause: string, strikes: Map<Prepared, number>) => {
      emit({ kind: 'split', cause: say(cause), documents: current.length });
      const half = Math.ceil(current.length / 2);
      await settle(current.slice(0, half), strikes);
      await settle(current.slice(half), strikes);
    };

    /**
     * A document refused by indexing pressure: dead-lettered when it can never fit (the
     * limit is below its own size) or large documents were refused PRESSURE_STRIKES times;
     * otherwise it is retried like any transient refusal. Returns whether it was kept for retry.
     */
    const pressureVerdict = (
      p: Prepared,
      failure: Pick<PressureFailure, 'limits' | 'reason' | 'status'>,
      alone: boolean,
      strikes: Map<Prepared, number>,
      letters: Refusal[],
    ): boolean => {
      const never =
        alone && failure.limits !== null && failure.limits.operationBytes > failure.limits.maxBytes;
      const count = p.bytes >= PRESSURE_DOC_BYTES ? (strikes.get(p) ?? 0) + 1 : 0;
      if (count > 0) strikes.set(p, count);
      if (never || count >= PRESSURE_STRIKES) {
        letters.push({
          p,
          status: failure.status,
          type: 'indexing_pressure',
          reason: `refused by indexing pressure ${never ? 'and larger than the limit' : `${count} times`}: ${failure.reason}`,
        });
        return false;
      }
      return true;
    };

    /** Drives one batch to its outcome; splits recurse. */
    async function settle(batch: Prepared[], strikes = new Map<Prepared, number>()): Promise<void> {
      let current = batch;
      let attempt = 0;
      let retryAfterMs = 0;
      let cause = '';
      while (current.length > 0) {
        if (stop?.kind === 'refused') return leavePending(current, stop);
        if (attempt > 0) {
          if (options.signal?.aborted) {
            return stoppedWaiting(current, cause);
          }
          // A live source cannot be read again: it waits (backpressure) until the cluster is back.
          if (attempt >= backoff.maxAttempts && !options.live) {
            return leavePending(current, {
              kind: 'retries-exhausted',
              message: say(`gave up after ${attempt} attempts; last cause: ${cause}`),
              retryable: true,
            });
          }
          const waitAfter = Math.min(retryAfterMs, maxRetryAfterMs);
          const delay = Math.max(backoffDelay(backoff, attempt, ctx.random), waitAfter);
          if (ctx.clock.now() + delay + MIN_REQUEST_MS > deadline) {
            return leavePending(current, {
              kind: 'deadline',
              message: say(`deadline reached while waiting to retry; last cause: ${cause}`),
              retryable: true,
            });
          }
          const capped = retryAfterMs > maxRetryAfterMs ? retryAfterMs : undefined;
          emit({
            kind: 'retry',
            cause: say(cause),
            attempt,
            delayMs: delay,
            documents: current.length,
            retryAfterCappedFromMs: capped,
          });
          ctx.logger.warn('bulk request will be retried', { cause: say(cause), attempt, delayMs: delay });
          const waited = await ctx.sleep(delay, options.signal).then(
            () => true,
            () => false,
          );
          if (!waited) {
            return stoppedWaiting(current, cause);
          }
          counters.retried += current.length;
        }
        const left = timeLeft();
        if (left < MIN_REQUEST_MS) {
          return leavePending(current, {
            kind: 'deadline',
            message: say(`deadline reached before sending${cause ? `; last cause: ${cause}` : ''}`),
            retryable: true,
          });
        }
        const reply = await cluster.bulk(bulkBody(current), {
          timeoutMs: Math.min(requestTimeoutMs, Math.floor(left)),
        });
        const outcome: BulkOutcome = classifyBulkReply(reply, current.length, cluster.engine);
        attempt++;
        retryAfterMs = 0;
        switch (outcome.kind) {
          case 'items': {
            counters.indexed += outcome.indexed.length;
            counters.updated += outcome.updated.length;
            counters.duplicates += outcome.duplicates.length;
            if (outcome.duplicates.length > 0) {
              emit({
                kind: 'already-present',
                documents: outcome.duplicates.map((i) => (current[i] as Prepared).doc),
              });
            }
            const first = outcome.refused[0];
            if (first)
              refuse(
                outcome.refused.map((f) => current[f.index] as Prepared),
                first.reason,
              );
            const letters: Refusal[] = outcome.rejected.map((f) => ({
              ...f,
              p: current[f.index] as Prepared,
            }));
            const alone = current.length === 1;
            const next = outcome.retry.map((f) => current[f.index] as Prepared);
            for (const f of outcome.pressure) {
              const p = current[f.index] as Prepared;
              if (pressureVerdict(p, f, alone, strikes, letters)) next.push(p);
            }
            await deadLetterItems(letters);
            const failure = outcome.retry[0] ?? outcome.pressure[0];
            if (failure)
              cause = `${next.length} of ${current.length} documents refused, first: HTTP ${failure.status} ${failure.type}: ${failure.reason}`;
            current = next;
            if (outcome.pressure.length > 0 && current.length > 1) {
              const bytes = current.reduce((n, p) => n + p.bytes, 0);
              if (bytes > PRESSURE_DOC_BYTES) return split(current, cause, strikes);
            }
            break;
          }
          case 'retry':
            cause = outcome.cause;
            retryAfterMs = outcome.retryAfterMs ?? 0;
            break;
          case 'pressure': {
            cause = outcome.cause;
            if (current.length > 1) return split(current, cause, strikes);
            const p = current[0] as Prepared;
            const letters: Refusal[] = [];
            const failure = { limits: outcome.limits, reason: outcome.cause, status: 429 };
            if (!pressureVerdict(p, failure, true, strikes, letters)) return deadLetterItems(letters);
            break;
          }
          case 'too-large':
            if (current.length === 1) {
              return deadLetterItems([
                {
                  p: current[0] as Prepared,
                  status: 413,
                  type: 'request_entity_too_large',
                  reason: outcome.cause,
                },
              ]);
            }
            return split(current, outcome.cause, strikes);
          case 'refused':
            return refuse(current, outcome.cause, undefined, outcome.keys === true);
          case 'cannot-connect':
            // Retrying cannot help, and the other batches would meet the same: stop the run.
            return refuse(current, outcome.cause, `cannot connect to ${cluster.display}`);
        }
      }
    }

    const lingerMs = options.live ? BATCH_LINGER_MS : 0;
    const source = readAhead(batches(documents, { maxDocs, maxBytes, lingerMs }, prepare), concurrency);
    const worker = async () => {
      for (;;) {
        // A refusal or a batch given up on ends the run: what is left would meet the same.
        if (stop && stop.kind !== 'deadline') return;
        const batch = await source.take();
        if (batch === undefined) return;
        counters.received += batch.length;
        options.onProgress?.({ ...counters });
        const oversized = batch.filter((p) => p.bytes > maxDocumentBytes);
        // The documents that can be stored go first: dead letters get what time is left.
        await settle(oversized.length > 0 ? batch.filter((p) => p.bytes <= maxDocumentBytes) : batch);
        if (oversized.length > 0) {
          await deadLetterItems(
            oversized.map((p) => ({
              p,
              status: 413,
              type: 'document_too_large',
              reason: `the document is ${p.bytes} bytes, over the ${maxDocumentBytes}-byte limit for one document`,
            })),
          );
        }
        options.onProgress?.({ ...counters });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const reason = stop as StopReason | null;
    if (reason !== null && counters.pending > 0) return { kind: 'incomplete', counters, reason, pendingIds };
    return { kind: 'complete', counters };
  }

  return { ship, close: () => cluster.close() };
}
