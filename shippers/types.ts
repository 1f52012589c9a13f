/**
 * The contract every shipper honours: documents go in, and each one ends in exactly one
 * outcome (indexed, duplicate, dead-lettered) or is reported back as still pending, so a
 * caller can retry it safely because document IDs are deterministic.
 */
import { type Clock, ConfigError, type Logger, type Random, type Sleep } from '../collectors/kernel/index.ts';

/** Where a document came from, kept with dead letters so the original event can be found again. */
export interface EventIdentity {
  logGroup: string | null;
  logStream: string | null;
  eventId: string | null;
  requestId: string | null;
}

/**
 * The largest document a shipper sends, in bytes of its bulk action and source: a bulk request
 * holds at least one document, and small Amazon OpenSearch Service instances take requests of
 * 10 MiB at most (Elasticsearch's own `http.max_content_length` is 100 MB). A line document is
 * built to fit (documents.ts); any larger document is dead-lettered unsent.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type DocumentKind = 'line' | 'invocation';

/** One document ready to ship: its destination, deterministic ID and body. */
export interface ShipDocument {
  /** Which index family it goes to; the shipper maps it to an index name. */
  kind: DocumentKind;
  /** Deterministic, so a re-delivered event maps to the same `_id`. */
  id: string;
  /**
   * Epoch ms that picks the document's index: a fact of the data that is the same on every
   * run and delivery (NaN: the data has no time, and the document goes to the undated index).
   */
  placement: number;
  /**
   * Null: written once (`create`; a second write answers 409, already there). A number:
   * how complete this version of the document is; it replaces a stored version only if
   * higher, so later, fuller builds win whatever order they arrive in.
   */
  version: number | null;
  /** The body. Read-only once built: when `sourceText` is there, that is what is sent. */
  source: Record<string, unknown>;
  /**
   * `source` already as JSON: a line document writes it as it is built (documents.ts), and
   * a document read back from another thread's spool keeps it (spooled-documents.ts). Sent
   * as it is, not serialized again.
   */
  readonly sourceText?: string | undefined;
  identity: EventIdentity;
}

export interface ShipCounters {
  received: number;
  /** Written for the first time. */
  indexed: number;
  /** Replaced a stored, less complete version of the same document. */
  updated: number;
  /** Already stored (the same, or a more complete version). */
  duplicates: number;
  /** Documents sent again after a retryable failure (each re-send counts once). */
  retried: number;
  deadLettered: number;
  /** Neither indexed nor dead-lettered when the run stopped: the caller must retry them. */
  pending: number;
}

export function emptyCounters(): ShipCounters {
  return { received: 0, indexed: 0, updated: 0, duplicates: 0, retried: 0, deadLettered: 0, pending: 0 };
}

/**
 * Why a run stopped with documents still pending. `refused`: the cluster as a whole will
 * not take writes (shard limit, read-only index, missing privileges, wrong endpoint), and
 * retrying or dead-lettering document by document cannot help until someone acts.
 */
export type StopReason =
  | { kind: 'deadline'; message: string; retryable: true }
  | { kind: 'retries-exhausted'; message: string; retryable: true }
  | { kind: 'unavailable'; message: string; retryable: true }
  /** `keys`: the AWS keys the requests were signed with were refused (a setting to change). */
  | { kind: 'refused'; message: string; retryable: false; keys?: true }
  /** The run was asked to stop while documents waited for a retry. */
  | { kind: 'stopped'; message: string; retryable: true };

/** What a run tells its caller while it goes, so a long run never goes silent. */
export type ShipEvent =
  /** Documents are sent again after `delayMs`; `cause` says why (redacted, one line). */
  | {
      kind: 'retry';
      cause: string;
      attempt: number;
      delayMs: number;
      documents: number;
      /** The server's Retry-After, when it asked for longer than the shipper waits. */
      retryAfterCappedFromMs?: number | undefined;
    }
  /** A batch too large for the server was split in two. */
  | { kind: 'split'; cause: string; documents: number }
  /** Documents of one batch stored as dead letters, counted by error type. */
  | {
      kind: 'dead-lettered';
      count: number;
      byType: Record<string, number>;
      example: string;
      /** The refused documents themselves: a caller that counted them as they went in learns which were not kept. */
      documents: ShipDocument[];
    }
  /** Documents left pending (counted in `pending`): neither stored nor dead-lettered when the run stopped. */
  | { kind: 'left-pending'; documents: ShipDocument[] }
  /**
   * Documents of one batch found already stored (counted in `duplicates`): as they are, or,
   * for a versioned document, in a version at least as complete, which is kept over this one.
   */
  | { kind: 'already-present'; documents: ShipDocument[] };

export type ShipResult =
  | { kind: 'complete'; counters: ShipCounters }
  | { kind: 'incomplete'; counters: ShipCounters; reason: StopReason; pendingIds: string[] };

export interface ShipOptions {
  /** Epoch ms (by the injected clock) by which the run must have returned. */
  deadline?: number | undefined;
  /** Called after every settled batch with the running counters. */
  onProgress?: ((counters: ShipCounters) => void) | undefined;
  onEvent?: ((event: ShipEvent) => void) | undefined;
  /**
   * The documents come from a live source (a pipe, a follower): a partial batch goes once
   * its first document has waited BATCH_LINGER_MS and the source is waiting. Such a source
   * cannot be read again, so a transient failure is retried until it passes (the source
   * waits meanwhile) or `signal` stops the run, not `maxAttempts` times.
   */
  live?: boolean | undefined;
  /** A stop asked for: a retry waiting ends at once, its documents left pending. */
  signal?: AbortSignal | undefined;
}

export interface Shipper {
  ship(
    documents: AsyncIterable<ShipDocument> | Iterable<ShipDocument>,
    options?: ShipOptions,
  ): Promise<ShipResult>;
  close(): Promise<void>;
}

/** Time and randomness are injected so retry and backoff run under fake timers in tests. */
export interface ShipperContext {
  clock: Clock;
  sleep: Sleep;
  random: Random;
  logger: Logger;
}

/** A bad shipper configuration; names the setting at fault, never its secret value. */
export class ShipperConfigError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShipperConfigError';
  }
}

/** What a run's documents were, counted as they pass (document-tally.ts). */
export interface DocumentTally {
  invocations: number;
  undatedLines: number;
  undatedInvocations: number;
}
