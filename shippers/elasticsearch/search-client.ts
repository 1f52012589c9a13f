/**
 * The one request shape the shipper, `es setup` and the cost report need from a cluster,
 * whichever engine answers: Elasticsearch through `@elastic/elasticsearch`, OpenSearch
 * (self-managed, Amazon OpenSearch Service, Serverless) through `@opensearch-project/opensearch`.
 * Each client's own errors become one `SearchRequestError` with a `kind`, so that retry
 * policy is decided once, above the engines.
 */
import { LambdalensError } from '../../collectors/kernel/index.ts';
import type { SearchEngine } from '../dev-cluster/distributions.ts';
import { REJECTED_KEYS_HINT, rejectedKeysCode } from '../rejected-keys.ts';

export type { SearchEngine };

export interface SearchRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  querystring?: Record<string, string | number | boolean> | undefined;
  /** A JSON body. */
  body?: unknown;
  /** An NDJSON body (text, or its UTF-8 bytes), sent as is. */
  bulkBody?: string | Buffer | undefined;
}

export interface SearchRequestOptions {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface SearchResponse<T = unknown> {
  statusCode: number;
  body: T;
  headers: Record<string, unknown>;
}

export type SearchFailureKind =
  /** The server answered with an error status; `status`, `body` and `headers` hold it. */
  | 'response'
  | 'timeout'
  | 'connection'
  | 'aborted'
  /** An answer that is not what the engine sends (HTML from a proxy, cut JSON). */
  | 'unreadable'
  /** The node is not the engine this client speaks to (e.g. Elasticsearch's product check). */
  | 'wrong-engine';

/** The AWS code of a refusal of the keys themselves (rejected-keys.ts), from an error's answer. */
function keysCodeOf(
  status: number,
  details: { body?: unknown; headers?: Record<string, unknown> },
): string | null {
  const typed = details.headers?.['x-amzn-errortype'];
  return rejectedKeysCode(
    status,
    { 'x-amzn-errortype': typeof typed === 'string' ? typed : undefined },
    details.body,
  );
}

export class SearchRequestError extends LambdalensError {
  readonly kind: SearchFailureKind;
  readonly status: number | null;
  readonly body: unknown;
  readonly headers: Record<string, unknown>;
  /** The AWS code of keys an AWS-signed target refused (rejected-keys.ts), or null. */
  readonly refusedKeys: string | null;
  constructor(
    kind: SearchFailureKind,
    message: string,
    details: {
      status?: number | null;
      body?: unknown;
      headers?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    const status = details.status ?? null;
    // Keys an AWS-signed target refused: a setting to change, whichever request met it.
    const keys = kind === 'response' && status !== null ? keysCodeOf(status, details) : null;
    super(message, {
      cause: details.cause,
      setting: keys !== null,
      hint: keys !== null ? REJECTED_KEYS_HINT : undefined,
      retryable:
        kind === 'timeout' ||
        kind === 'connection' ||
        kind === 'unreadable' ||
        (kind === 'response' && status !== null && (status === 429 || status >= 500)),
    });
    this.name = 'SearchRequestError';
    this.kind = kind;
    this.status = status;
    this.body = details.body;
    this.headers = details.headers ?? {};
    this.refusedKeys = keys;
  }
}

/** What the engine said about itself on `GET /` (absent for Serverless, which has no such API). */
export interface EngineIdentity {
  engine: SearchEngine;
  version: string | null;
  /** Amazon OpenSearch Serverless: no cluster APIs, no custom IDs in time-series collections. */
  serverless: boolean;
}

export interface SearchClient {
  readonly identity: EngineIdentity;
  /** The node without credentials, safe to print. */
  readonly display: string;
  /** Values to scrub from any message (passwords, API keys). */
  readonly secrets: readonly string[];
  request<T = unknown>(request: SearchRequest, options?: SearchRequestOptions): Promise<SearchResponse<T>>;
  close(): Promise<void>;
}

/**
 * OpenSSL's error lines, `807CC8448E7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong
 * version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:` and a line break: a
 * thread, a code and a place in OpenSSL's source around the words that say what failed.
 */
const OPENSSL_LINE = /[0-9A-F]{8,}:error:[0-9A-F]+:(.*?):[^\s:]+\.c:\d+:\s*/g;

/** A connection's failure as said to a user: OpenSSL's lines cut to their words. */
export function connectionFailedText(message: string): string {
  return `connection failed: ${message.replace(OPENSSL_LINE, '$1').trim()}`;
}

/** The server's own words for a failed request, shortened: `type: reason`. */
export function errorSummary(body: unknown, fallback: string): string {
  const e = (body as { error?: { type?: string; reason?: string } | string; message?: string } | undefined)
    ?.error;
  if (typeof e === 'string') return e.slice(0, 300);
  if (e?.type) return `${e.type}: ${(e.reason ?? '').slice(0, 300)}`;
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return message.slice(0, 300);
  return fallback.slice(0, 300);
}
