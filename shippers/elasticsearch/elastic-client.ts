/** `SearchClient` over the official Elasticsearch client. */
import { type Client, errors } from '@elastic/elasticsearch';
import {
  connectionFailedText,
  type EngineIdentity,
  errorSummary,
  type SearchClient,
  type SearchRequest,
  SearchRequestError,
  type SearchRequestOptions,
  type SearchResponse,
} from './search-client.ts';

/**
 * How a failed request whose body is bytes is described: not at all. The client's default
 * copies a failed request key by key to hide secret names, and bytes are a key each:
 * describing one refused bulk request of 55 MB took minutes and gigabytes. Only bulk
 * requests send bytes, and where their errors are caught (cluster.ts, search-cluster.ts)
 * they are read for the answer's status, headers and body and let go, never kept or
 * printed, so the credentials the undescribed request holds go nowhere.
 */
export function describedIfText(body: unknown): { redaction?: { type: 'off' } } {
  return Buffer.isBuffer(body) ? { redaction: { type: 'off' } } : {};
}

function translate(err: unknown): SearchRequestError {
  if (err instanceof errors.ResponseError) {
    const status = err.statusCode ?? 0;
    return new SearchRequestError('response', `HTTP ${status}: ${errorSummary(err.body, err.message)}`, {
      status,
      body: err.body,
      headers: (err.headers ?? {}) as Record<string, unknown>,
      cause: err,
    });
  }
  if (err instanceof errors.ProductNotSupportedError) {
    return new SearchRequestError('wrong-engine', 'the server is not Elasticsearch', { cause: err });
  }
  if (err instanceof errors.TimeoutError)
    return new SearchRequestError('timeout', 'request timed out', { cause: err });
  if (err instanceof errors.ConnectionError || err instanceof errors.NoLivingConnectionsError) {
    return new SearchRequestError('connection', connectionFailedText(err.message), { cause: err });
  }
  if (err instanceof errors.RequestAbortedError) {
    return new SearchRequestError('aborted', 'request aborted', { cause: err });
  }
  if (err instanceof errors.DeserializationError) {
    return new SearchRequestError('unreadable', 'unreadable response', { cause: err });
  }
  if (err instanceof SearchRequestError) return err;
  return new SearchRequestError('connection', (err as Error)?.message ?? String(err), { cause: err });
}

export function elasticSearchClient(
  client: Client,
  identity: EngineIdentity,
  display: string,
  secrets: readonly string[],
  owned: boolean,
): SearchClient {
  return {
    identity,
    display,
    secrets,
    async request<T>(request: SearchRequest, options: SearchRequestOptions = {}): Promise<SearchResponse<T>> {
      try {
        const response = await client.transport.request(
          {
            method: request.method,
            path: request.path,
            ...(request.querystring ? { querystring: request.querystring } : {}),
            ...(request.body !== undefined ? { body: request.body as Record<string, unknown> } : {}),
            ...(request.bulkBody !== undefined ? { bulkBody: request.bulkBody } : {}),
          },
          {
            maxRetries: 0,
            meta: true,
            ...describedIfText(request.bulkBody),
            ...(options.timeoutMs !== undefined ? { requestTimeout: options.timeoutMs } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          },
        );
        return {
          statusCode: response.statusCode ?? 200,
          body: response.body as T,
          headers: (response.headers ?? {}) as Record<string, unknown>,
        };
      } catch (err) {
        throw translate(err);
      }
    },
    async close() {
      if (owned) await client.close();
    },
  };
}
