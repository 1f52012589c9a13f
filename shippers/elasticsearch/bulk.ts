/**
 * One `_bulk` request and what came of it, as a tagged union: the shipper decides what to
 * retry, split or dead-letter; this module only classifies.
 */
import { type Client, errors } from '@elastic/elasticsearch';
import type { Prepared } from '../batcher.ts';

export interface ItemFailure {
  index: number;
  status: number;
  type: string;
  reason: string;
}

export type BulkOutcome =
  /** The request was answered item by item. */
  | { kind: 'items'; indexed: number[]; duplicates: number[]; retry: ItemFailure[]; rejected: ItemFailure[] }
  /** Try the same documents again later (429, 5xx, connection or timeout). */
  | { kind: 'retry'; status: number | null; message: string; retryAfterMs: number | null }
  /** The request body is too large (413); split it. */
  | { kind: 'too-large'; message: string }
  /** The request as a whole was refused for a reason that retrying cannot fix (401, 403, 400). */
  | { kind: 'refused'; status: number; message: string };

const FILTER_PATH = 'items.*.status,items.*.error';

// The action's start for the last index named: documents come in runs of one index.
let lastIndex = '';
let lastStart = '';

export function actionLine(index: string, id: string): string {
  if (index !== lastIndex) {
    lastIndex = index;
    lastStart = `{"create":{"_index":${JSON.stringify(index)},"_id":`;
  }
  return `${lastStart}${JSON.stringify(id)}}}\n`;
}

interface BulkItem {
  status?: number;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

function retryAfter(headers: Record<string, unknown> | undefined): number | null {
  const raw = headers?.['retry-after'];
  const seconds = typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export async function sendBulk(
  client: Client,
  batch: Prepared[],
  requestTimeoutMs: number,
  signal?: AbortSignal,
): Promise<BulkOutcome> {
  const body = batch.map((p) => p.payload).join('');
  let response: { body: unknown };
  try {
    response = await client.transport.request(
      // Only what the outcome needs comes back: a full response repeats index, id, version
      // and shard counts for every item, which costs more to parse than the items are worth.
      { method: 'POST', path: '/_bulk', bulkBody: body, querystring: { filter_path: FILTER_PATH } },
      { requestTimeout: requestTimeoutMs, maxRetries: 0, meta: true, ...(signal ? { signal } : {}) },
    );
  } catch (err) {
    return classifyError(err);
  }
  const parsed = response.body as { items?: Record<string, BulkItem>[] };
  const items = parsed.items;
  if (!Array.isArray(items) || items.length !== batch.length) {
    return {
      kind: 'retry',
      status: null,
      message: `bulk response had ${Array.isArray(items) ? items.length : 'no'} items for ${batch.length} documents`,
      retryAfterMs: null,
    };
  }
  const out = {
    kind: 'items' as const,
    indexed: [] as number[],
    duplicates: [] as number[],
    retry: [] as ItemFailure[],
    rejected: [] as ItemFailure[],
  };
  items.forEach((entry, index) => {
    const item = Object.values(entry)[0] ?? {};
    const status = item.status ?? 0;
    if (status >= 200 && status < 300) out.indexed.push(index);
    else if (status === 409) out.duplicates.push(index);
    else {
      const cause = item.error?.caused_by;
      const failure: ItemFailure = {
        index,
        status,
        type: item.error?.type ?? 'unknown',
        reason: [item.error?.reason, cause ? `caused by ${cause.type}: ${cause.reason}` : null]
          .filter(Boolean)
          .join('; '),
      };
      if (status === 429 || status >= 500 || status === 0) out.retry.push(failure);
      else out.rejected.push(failure);
    }
  });
  return out;
}

function classifyError(err: unknown): BulkOutcome {
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 0;
    const message = `HTTP ${status}: ${shortReason(err)}`;
    if (status === 413) return { kind: 'too-large', message };
    if (status === 429 || status >= 500) {
      return {
        kind: 'retry',
        status,
        message,
        retryAfterMs: retryAfter(err.headers as Record<string, unknown>),
      };
    }
    return { kind: 'refused', status, message };
  }
  if (err instanceof errors.TimeoutError) {
    return { kind: 'retry', status: null, message: 'request timed out', retryAfterMs: null };
  }
  if (err instanceof errors.ConnectionError || err instanceof errors.NoLivingConnectionsError) {
    return { kind: 'retry', status: null, message: `connection failed: ${err.message}`, retryAfterMs: null };
  }
  if (err instanceof errors.RequestAbortedError) {
    return { kind: 'retry', status: null, message: 'request aborted', retryAfterMs: null };
  }
  if (err instanceof errors.DeserializationError) {
    return { kind: 'retry', status: null, message: 'unreadable bulk response', retryAfterMs: null };
  }
  throw err;
}

function shortReason(err: InstanceType<typeof errors.ResponseError>): string {
  const body = err.body as { error?: { type?: string; reason?: string } | string } | undefined;
  const e = body?.error;
  if (typeof e === 'string') return e.slice(0, 300);
  if (e?.type) return `${e.type}: ${(e.reason ?? '').slice(0, 300)}`;
  return err.message.slice(0, 300);
}
