/**
 * What a `_bulk` reply means, decided once, here, for every engine: each item written,
 * already there, to retry, refused for its own content (dead letter), or refused because
 * the cluster will not take writes at all (stop the run). The shipper applies policy;
 * this module only classifies, and every message it makes names the cause in one line.
 */
import type { ClusterReply } from './cluster.ts';
import { rejectedKeysCode } from './rejected-keys.ts';
import { isTransientStatus } from './retry-policy.ts';

export interface ItemFailure {
  index: number;
  status: number;
  type: string;
  reason: string;
}

/** The sizes an indexing-pressure refusal reports, when it says them. */
export interface PressureLimits {
  operationBytes: number;
  maxBytes: number;
}

export interface PressureFailure extends ItemFailure {
  limits: PressureLimits | null;
}

export type BulkOutcome =
  /** The request was answered item by item. */
  | {
      kind: 'items';
      indexed: number[];
      updated: number[];
      duplicates: number[];
      /** Transient: 429 thread-pool rejections, 5xx, shard unavailable. */
      retry: ItemFailure[];
      /** Refused by indexing pressure (memory for in-flight bytes). */
      pressure: PressureFailure[];
      /** Refused for the document's own content (mapping, parsing): dead letters. */
      rejected: ItemFailure[];
      /** Refused because the cluster will not take writes (shard limit, block, privileges). */
      refused: ItemFailure[];
    }
  /** Try the same documents again later (429, 5xx, no answer, an answer that is not the engine's). */
  | { kind: 'retry'; cause: string; retryAfterMs: number | null }
  /** The whole request was refused by indexing pressure. */
  | { kind: 'pressure'; cause: string; limits: PressureLimits | null }
  /** The request body is too large (413); split it. */
  | { kind: 'too-large'; cause: string }
  /**
   * The request as a whole was refused for a reason that retrying cannot fix; `keys` when it
   * was the AWS keys the request was signed with (rejected-keys.ts).
   */
  | { kind: 'refused'; cause: string; keys?: true }
  /** No connection can be made until a setting changes (a certificate this machine does not trust). */
  | { kind: 'cannot-connect'; cause: string };

interface ErrorBody {
  type?: string;
  reason?: string;
  caused_by?: { type?: string; reason?: string };
}

interface BulkItem {
  status?: number;
  error?: ErrorBody;
}

/** Characters of a response body quoted in a message. */
const EXCERPT = 200;

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  return headers[name];
}

function excerpt(body: unknown): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (Buffer.isBuffer(body)) text = body.toString('utf8', 0, 4 * EXCERPT);
  else {
    try {
      text = JSON.stringify(body) ?? '';
    } catch {
      text = '(unprintable)';
    }
  }
  const flat = text
    .slice(0, 4 * EXCERPT)
    .replace(/\s+/g, ' ')
    .trim();
  if (flat === '') return 'an empty body';
  return JSON.stringify(flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat);
}

/** `type: reason` of an engine's JSON error body, or null when the body is not one. */
function engineError(body: unknown): { type: string; reason: string } | null {
  if (body === null || typeof body !== 'object') return null;
  const e = (body as { error?: ErrorBody | string }).error;
  if (typeof e === 'string') return { type: 'error', reason: e };
  if (!e || typeof e !== 'object' || typeof e.type !== 'string') return null;
  return { type: e.type, reason: reasonOf(e) };
}

function reasonOf(e: ErrorBody): string {
  const cause = e.caused_by;
  return [e.reason, cause ? `caused by ${cause.type}: ${cause.reason}` : null].filter(Boolean).join('; ');
}

/** One line on what came back: status, and the engine's error or an excerpt of the body. */
export function summariseAnswer(
  status: number,
  headers: Record<string, string | undefined>,
  body: unknown,
): string {
  const known = engineError(body);
  if (known) return `HTTP ${status} ${known.type}: ${known.reason.slice(0, 300)}`;
  const type = header(headers, 'content-type');
  return `HTTP ${status}${type ? ` (${type.split(';')[0]})` : ''} with ${excerpt(body)}`;
}

/** `Retry-After` in ms: delay-seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, string | undefined>, now = Date.now()): number | null {
  const raw = header(headers, 'retry-after')?.trim();
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

const PRESSURE = /rejected execution of (?:coordinating|primary|replica) operation/;

/** Indexing pressure reports the operation's bytes and the node's limit; both engines name them `…operation_bytes` and `max_…bytes`. */
export function pressureLimits(reason: string): PressureLimits | null {
  const op = /(?:^|[\s[,])(?:\w*_)?operation_bytes=(\d+)/.exec(reason);
  const max = /(?:^|[\s[,])(?:\w*_)?max_\w*bytes=(\d+)/.exec(reason);
  if (!op || !max) return null;
  return { operationBytes: Number(op[1]), maxBytes: Number(max[1]) };
}

function isPressure(type: string, reason: string): boolean {
  return /rejected_execution_exception$/.test(type) && PRESSURE.test(reason);
}

/**
 * Refusals that say the cluster, not the document, is the problem: writing document by
 * document into dead letters would only bury them. Each comes with what to do.
 */
export function clusterRefusal(status: number, type: string, reason: string): string | null {
  if (type === 'validation_exception' && /shards/.test(reason) && /maximum/.test(reason)) {
    return `the cluster is at its shard limit (${reason.split(';')[0]}): delete old indices, raise cluster.max_shards_per_node, or ship with --index-period monthly; 'lambdalens es setup' reports the headroom`;
  }
  if (type === 'cluster_block_exception') {
    return `writes are blocked (${reason.split(';')[0]}): free disk space below the flood-stage watermark or remove the index's write block`;
  }
  if (
    type === 'security_exception' ||
    type === 'authorization_exception' ||
    status === 401 ||
    status === 403
  ) {
    return `the cluster refused the credentials or their privileges (${type}: ${reason.slice(0, 200)}): the user needs create_doc, index and auto_configure (or create_index) on the lambdalens indices`;
  }
  if (type === 'index_not_found_exception') {
    return `the index does not exist and the cluster does not create indices on write (${reason}): run 'lambdalens es setup' or allow automatic creation for the lambdalens indices`;
  }
  if (type === 'index_closed_exception') return `the index is closed (${reason}): open it, or ship elsewhere`;
  if (type === 'invalid_index_name_exception') return `the cluster refuses the index name (${reason})`;
  if (type === 'illegal_argument_exception' && /write index|data stream|op_type/.test(reason)) {
    return `the target cannot take these writes (${reason})`;
  }
  return null;
}

function classifyItems(items: unknown[], out: Extract<BulkOutcome, { kind: 'items' }>): void {
  items.forEach((entry, index) => {
    const item: BulkItem =
      entry !== null && typeof entry === 'object' ? ((Object.values(entry)[0] as BulkItem) ?? {}) : {};
    const status = typeof item.status === 'number' ? item.status : 0;
    if (status === 201) out.indexed.push(index);
    else if (status >= 200 && status < 300) {
      // 200 on `index` replaced a stored version; `create` only ever answers 201.
      out.updated.push(index);
    } else if (status === 409) out.duplicates.push(index);
    else {
      const type = item.error?.type ?? 'unknown';
      const reason = item.error ? reasonOf(item.error) : 'no reason given';
      const failure: ItemFailure = { index, status, type, reason };
      const refusal = clusterRefusal(status, type, reason);
      if (refusal) out.refused.push({ ...failure, reason: refusal });
      else if (isPressure(type, reason)) out.pressure.push({ ...failure, limits: pressureLimits(reason) });
      else if (status === 429 || status >= 500 || status < 200) out.retry.push(failure);
      else out.rejected.push(failure);
    }
  });
}

/** The outcome of a reply to a bulk request of `count` documents. */
export function classifyBulkReply(reply: ClusterReply, count: number, engine: string): BulkOutcome {
  if (reply.kind === 'no-answer') {
    if (reply.cause === 'untrusted-certificate' || reply.cause === 'plain-http-server')
      return { kind: 'cannot-connect', cause: reply.message };
    return { kind: 'retry', cause: reply.message, retryAfterMs: null };
  }
  const { status, headers, body } = reply;
  const summary = () => summariseAnswer(status, headers, body);
  if (status >= 200 && status < 300) {
    if (!reply.fromEngine) {
      return {
        kind: 'retry',
        cause: `an answer that is not from ${engine} (a proxy or maintenance page?): ${summary()}`,
        retryAfterMs: retryAfterMs(headers),
      };
    }
    const items = body !== null && typeof body === 'object' ? (body as { items?: unknown }).items : undefined;
    if (!Array.isArray(items) || items.length !== count) {
      return {
        kind: 'retry',
        cause: `a bulk answer with ${Array.isArray(items) ? items.length : 'no'} items for ${count} documents: ${summary()}`,
        retryAfterMs: null,
      };
    }
    const out: Extract<BulkOutcome, { kind: 'items' }> = {
      kind: 'items',
      indexed: [],
      updated: [],
      duplicates: [],
      retry: [],
      pressure: [],
      rejected: [],
      refused: [],
    };
    classifyItems(items, out);
    return out;
  }
  const known = engineError(body);
  if (status === 413) return { kind: 'too-large', cause: summary() };
  if (known && isPressure(known.type, known.reason)) {
    return { kind: 'pressure', cause: summary(), limits: pressureLimits(known.reason) };
  }
  if (known) {
    const refusal = clusterRefusal(status, known.type, known.reason);
    if (refusal) return { kind: 'refused', cause: refusal };
  }
  if (isTransientStatus(status)) {
    return { kind: 'retry', cause: summary(), retryAfterMs: retryAfterMs(headers) };
  }
  if (status === 401 || status === 403) {
    const code = rejectedKeysCode(status, headers, body);
    if (code !== null) {
      return {
        kind: 'refused',
        cause: `${engine} refused the AWS keys the requests were signed with (${code}: ${summary()})`,
        keys: true,
      };
    }
    return { kind: 'refused', cause: `${engine} refused the credentials (${summary()})` };
  }
  if (status >= 300 && status < 400) {
    const location = header(headers, 'location');
    return {
      kind: 'refused',
      cause: `the server redirects (${summary()})${location ? `: use ${location.split('?')[0]} as the URL` : ''}`,
    };
  }
  if (status === 404 || status === 405 || status === 406) {
    return {
      kind: 'refused',
      cause: `the URL does not lead to ${engine}'s bulk API (${summary()}): check the URL and its path, and the engine`,
    };
  }
  if (status >= 400 && status < 500) return { kind: 'refused', cause: summary() };
  return { kind: 'retry', cause: `an unexpected answer: ${summary()}`, retryAfterMs: null };
}
