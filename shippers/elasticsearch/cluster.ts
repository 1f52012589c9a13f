/**
 * Elasticsearch as a `SearchCluster`: the official client's transport, with every way a
 * request can end (an answer of any status, a timeout, a refused or broken connection, a
 * TLS failure, a body that is not JSON) turned into a reply the shipper core classifies.
 */
import { type Client, errors, type TransportRequestParams } from '@elastic/elasticsearch';
import {
  type BulkRequestOptions,
  type ClusterReply,
  catIndexNames,
  catIndicesRequest,
  missingTemplatesOf,
  type SearchCluster,
} from '../cluster.ts';
import { redactorFor, redactUrlUserinfo } from '../secrets.ts';
import { type ConnectionConfig, createClient } from './config.ts';
import { describedIfText } from './elastic-client.ts';
import { connectionFailedText } from './search-client.ts';

/** Only what the outcome needs comes back: a full bulk answer repeats index, id, version and shards per item. */
const FILTER_PATH = 'items.*.status,items.*.error';
const PRODUCT = 'Elasticsearch';

export interface ElasticsearchCluster extends SearchCluster {
  readonly client: Client;
}

export type ElasticsearchClusterSource =
  | { connection: ConnectionConfig; requestTimeoutMs?: number | undefined }
  /** A client made elsewhere (tests, a warm Lambda); it is not closed by `close()`. */
  | { client: Client; secrets?: readonly string[] | undefined; display?: string | undefined };

function headersOf(raw: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v === undefined ? undefined : String(v);
    }
  }
  return out;
}

/** The root cause's code and message, where Node put them (TLS and socket errors nest). */
function causeText(err: Error): string {
  const parts = [err.message];
  let cause: unknown = (err as { cause?: unknown }).cause;
  for (let depth = 0; cause instanceof Error && depth < 3; depth++) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (!parts.some((p) => p.includes(cause instanceof Error ? cause.message : '')))
      parts.push(cause.message);
    if (code && !parts.some((p) => p.includes(code))) parts.push(code);
    cause = (cause as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}

/** A TLS verification failure, by Node's words or codes: the server's certificate is not trusted. */
export function isUntrustedCertificate(message: string): boolean {
  return /certificate|self[- ]signed|CERT_|unable to verify/i.test(message);
}

/**
 * A TLS handshake with a server that does not speak TLS (an https:// URL to a plain http
 * port), by OpenSSL's words: like an untrusted certificate, every try fails the same.
 */
export function isPlainHttpServer(message: string): boolean {
  return /wrong version number|EPROTO|packet length too long/i.test(message);
}

/** What a connection failure most likely means, said so a user knows what to change. */
export function connectionHint(message: string): string {
  if (isUntrustedCertificate(message)) {
    return ' (the server certificate is not trusted: pass --ca-file <pem> with its CA, or --insecure for a test cluster)';
  }
  if (isPlainHttpServer(message)) {
    return ' (TLS handshake failed: the server may speak plain http; try an http:// URL)';
  }
  if (/ECONNREFUSED/.test(message)) return ' (nothing listens at that address and port)';
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return ' (the host name does not resolve)';
  return '';
}

/**
 * A request that got no answer because no connection could be made. `text` is the failure's
 * own words; the reply adds what to change, and marks a certificate failure as not transient.
 */
export function connectionFailure(text: string): Extract<ClusterReply, { kind: 'no-answer' }> {
  return {
    kind: 'no-answer',
    cause: isUntrustedCertificate(text)
      ? 'untrusted-certificate'
      : isPlainHttpServer(text)
        ? 'plain-http-server'
        : 'connection',
    message: `${text}${connectionHint(text)}`,
  };
}

export function replyOfError(err: unknown, timeoutMs: number): ClusterReply {
  if (err instanceof errors.ResponseError) {
    const meta = err.meta;
    return {
      kind: 'answer',
      status: meta?.statusCode ?? err.statusCode ?? 0,
      headers: headersOf(meta?.headers),
      body: meta?.body,
      fromEngine: true,
    };
  }
  if (err instanceof errors.ProductNotSupportedError) {
    return {
      kind: 'answer',
      status: err.meta?.statusCode ?? 200,
      headers: headersOf(err.meta?.headers),
      body: '(body not read)',
      fromEngine: false,
    };
  }
  if (err instanceof errors.DeserializationError) {
    return { kind: 'answer', status: 200, headers: {}, body: err.data, fromEngine: true };
  }
  if (err instanceof errors.TimeoutError) {
    return {
      kind: 'no-answer',
      cause: 'timeout',
      message: `no answer within ${timeoutMs} ms (request timed out)`,
    };
  }
  if (err instanceof errors.RequestAbortedError) {
    return { kind: 'no-answer', cause: 'aborted', message: 'request aborted' };
  }
  return connectionFailure(connectionFailedText(err instanceof Error ? causeText(err) : String(err)));
}

export function createElasticsearchCluster(source: ElasticsearchClusterSource): ElasticsearchCluster {
  let client: Client;
  let secrets: readonly string[];
  let display: string;
  let owned: boolean;
  if ('client' in source) {
    client = source.client;
    secrets = source.secrets ?? [];
    display = source.display ?? 'Elasticsearch';
    owned = false;
  } else {
    const made = createClient(
      {
        ...source.connection,
        requestTimeoutMs: source.requestTimeoutMs ?? source.connection.requestTimeoutMs,
      },
      { checkProduct: false },
    );
    client = made.client;
    secrets = made.secrets;
    display = made.display;
    owned = true;
  }
  const redactSecrets = redactorFor(secrets);
  const redact = (text: string) => redactUrlUserinfo(redactSecrets(text));

  async function request(
    params: TransportRequestParams,
    { timeoutMs, signal }: BulkRequestOptions,
  ): Promise<ClusterReply> {
    try {
      const res = await client.transport.request(params, {
        requestTimeout: timeoutMs,
        maxRetries: 0,
        meta: true,
        ...describedIfText(params.bulkBody),
        ...(signal ? { signal } : {}),
      });
      const headers = headersOf(res.headers);
      return {
        kind: 'answer',
        status: res.statusCode ?? 200,
        headers,
        body: res.body,
        fromEngine: headers['x-elastic-product'] === PRODUCT,
      };
    } catch (err) {
      return replyOfError(err, timeoutMs);
    }
  }

  return {
    client,
    display,
    engine: PRODUCT,
    redact,
    bulk: (body, options) =>
      request(
        { method: 'POST', path: '/_bulk', bulkBody: body, querystring: { filter_path: FILTER_PATH } },
        options,
      ),
    missingTemplates: (names, options) =>
      missingTemplatesOf(names, (name) =>
        request(
          {
            method: 'GET',
            path: `/_index_template/${encodeURIComponent(name)}`,
            querystring: { filter_path: 'index_templates.name' },
          },
          options,
        ),
      ),
    indicesMatching: async (pattern, options) =>
      catIndexNames(await request(catIndicesRequest(pattern), options)),
    close: () => (owned ? client.close() : Promise.resolve()),
  };
}
