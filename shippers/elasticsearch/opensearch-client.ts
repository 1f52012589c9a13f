/**
 * `SearchClient` over the official OpenSearch client, loaded only when the target is
 * OpenSearch. For Amazon OpenSearch Service and Serverless every request is signed (SigV4)
 * in the connection, after the transport has serialised and compressed the body, so the
 * signature covers exactly the bytes on the wire.
 */
import type { Client as OpenSearchClient } from '@opensearch-project/opensearch';
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
import type { SignRequest } from './sigv4.ts';

type OpenSearchModule = typeof import('@opensearch-project/opensearch');

export interface OpenSearchConnection {
  node: string;
  auth?: { username: string; password: string } | undefined;
  rejectUnauthorized: boolean;
  ca?: string | undefined;
  requestTimeoutMs: number;
  compression: boolean;
  sign?: SignRequest | undefined;
}

type RawParams = Parameters<InstanceType<OpenSearchModule['Connection']>['request']>[0];
type RawCallback = Parameters<InstanceType<OpenSearchModule['Connection']>['request']>[1];
type RawRequest = ReturnType<InstanceType<OpenSearchModule['Connection']>['request']>;

/** A connection class whose every request is signed before it leaves. */
function signedConnection(os: OpenSearchModule, sign: SignRequest) {
  return class SignedConnection extends os.Connection {
    override request(params: RawParams, callback: RawCallback): RawRequest {
      let inner: { abort(): void } | null = null;
      let aborted = false;
      const built = this.buildRequestObject(params) as {
        protocol: string;
        hostname: string;
        port?: string;
        path: string;
      };
      const host = built.hostname.includes(':') ? `[${built.hostname}]` : built.hostname;
      const url = new URL(`${built.protocol}//${host}${built.port ? `:${built.port}` : ''}${built.path}`);
      const body = params.body;
      if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) {
        process.nextTick(
          callback,
          new os.errors.ConfigurationError('a streamed body cannot be signed'),
          null,
        );
        return { abort() {} } as RawRequest;
      }
      sign({ method: params.method ?? 'GET', url, body: body ?? undefined }).then(
        (headers) => {
          if (aborted) return callback(new os.errors.RequestAbortedError('Request aborted'), null);
          inner = super.request({ ...params, headers: { ...params.headers, ...headers } }, callback);
        },
        (err: Error) =>
          callback(new os.errors.ConnectionError(`signing the request failed: ${err.message}`), null),
      );
      // The transport only ever calls abort() on what this returns.
      return {
        abort() {
          aborted = true;
          inner?.abort();
        },
      } as RawRequest;
    }
  };
}

function translate(os: OpenSearchModule, err: unknown): SearchRequestError {
  const e = os.errors;
  if (err instanceof e.ResponseError) {
    const status = err.meta.statusCode ?? 0;
    return new SearchRequestError('response', `HTTP ${status}: ${errorSummary(err.meta.body, err.message)}`, {
      status,
      body: err.meta.body,
      headers: (err.meta.headers ?? {}) as Record<string, unknown>,
      cause: err,
    });
  }
  if (err instanceof e.TimeoutError)
    return new SearchRequestError('timeout', 'request timed out', { cause: err });
  if (err instanceof e.ConnectionError || err instanceof e.NoLivingConnectionsError) {
    return new SearchRequestError('connection', connectionFailedText(err.message), { cause: err });
  }
  if (err instanceof e.RequestAbortedError)
    return new SearchRequestError('aborted', 'request aborted', { cause: err });
  if (err instanceof e.DeserializationError) {
    return new SearchRequestError('unreadable', 'unreadable response', { cause: err });
  }
  if (err instanceof SearchRequestError) return err;
  return new SearchRequestError('connection', (err as Error)?.message ?? String(err), { cause: err });
}

/** Builds the raw OpenSearch client (also what `helpers.bulk` runs on in the bench). */
export async function createRawOpenSearchClient(
  connection: OpenSearchConnection,
): Promise<{ client: OpenSearchClient; os: OpenSearchModule }> {
  const os = await import('@opensearch-project/opensearch');
  const client = new os.Client({
    node: connection.node,
    ...(connection.auth ? { auth: connection.auth } : {}),
    ssl: {
      rejectUnauthorized: connection.rejectUnauthorized,
      ...(connection.ca ? { ca: connection.ca } : {}),
    },
    maxRetries: 0,
    requestTimeout: connection.requestTimeoutMs,
    compression: connection.compression ? 'gzip' : undefined,
    ...(connection.sign ? { Connection: signedConnection(os, connection.sign) } : {}),
  } as ConstructorParameters<typeof os.Client>[0]);
  return { client, os };
}

export async function openSearchClient(
  connection: OpenSearchConnection,
  identity: EngineIdentity,
  display: string,
  secrets: readonly string[],
): Promise<SearchClient> {
  const { client, os } = await createRawOpenSearchClient(connection);
  return {
    identity,
    display,
    secrets,
    async request<T>(request: SearchRequest, options: SearchRequestOptions = {}): Promise<SearchResponse<T>> {
      if (options.signal?.aborted) throw new SearchRequestError('aborted', 'request aborted');
      const pending = client.transport.request(
        {
          method: request.method,
          path: request.path,
          querystring: request.querystring ?? {},
          ...(request.body !== undefined ? { body: request.body as Record<string, unknown> } : {}),
          ...(request.bulkBody !== undefined ? { bulkBody: request.bulkBody } : {}),
        },
        { maxRetries: 0, ...(options.timeoutMs !== undefined ? { requestTimeout: options.timeoutMs } : {}) },
      );
      const onAbort = () => pending.abort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const response = (await pending) as { statusCode: number | null; body: unknown; headers: unknown };
        return {
          statusCode: response.statusCode ?? 200,
          body: response.body as T,
          headers: (response.headers ?? {}) as Record<string, unknown>,
        };
      } catch (err) {
        throw translate(os, err);
      } finally {
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      await client.close();
    },
  };
}
