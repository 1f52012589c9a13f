/**
 * The shipper core's `SearchCluster` over any `SearchClient` (OpenSearch, signed or not),
 * and the connection step that picks the engine: Elasticsearch keeps its own cluster
 * (`cluster.ts`, with its product mark), OpenSearch answers through this one. An OpenSearch
 * answer carries no product header, so "from the engine" means a JSON body: a proxy's HTML
 * maintenance page is still told apart.
 */
import {
  type BulkRequestOptions,
  type ClusterReply,
  catIndexNames,
  catIndicesRequest,
  missingTemplatesOf,
  type SearchCluster,
} from '../cluster.ts';
import { redactorFor, redactUrlUserinfo } from '../secrets.ts';
import { connectionFailure, createElasticsearchCluster } from './cluster.ts';
import type { ConnectionConfig } from './config.ts';
import { type ConnectOptions, connectSearch } from './connect.ts';
import type { SearchClient, SearchRequest } from './search-client.ts';
import { SearchRequestError } from './search-client.ts';

const FILTER_PATH = 'items.*.status,items.*.error';

function headersOf(raw: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(raw)) {
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v === undefined ? undefined : String(v);
  }
  return out;
}

const isJson = (body: unknown) => typeof body === 'object' && body !== null;

export function searchClientCluster(client: SearchClient): SearchCluster {
  const redactSecrets = redactorFor(client.secrets);
  const redact = (text: string) => redactUrlUserinfo(redactSecrets(text));
  const engine = client.identity.engine === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';

  async function request(
    req: SearchRequest,
    { timeoutMs, signal }: BulkRequestOptions,
  ): Promise<ClusterReply> {
    try {
      const res = await client.request(req, { timeoutMs, signal });
      return {
        kind: 'answer',
        status: res.statusCode,
        headers: headersOf(res.headers),
        body: res.body,
        fromEngine: isJson(res.body),
      };
    } catch (err) {
      if (!(err instanceof SearchRequestError)) {
        return connectionFailure((err as Error)?.message ?? String(err));
      }
      switch (err.kind) {
        case 'response':
          return {
            kind: 'answer',
            status: err.status ?? 0,
            headers: headersOf(err.headers),
            body: err.body,
            fromEngine: isJson(err.body),
          };
        case 'unreadable':
        case 'wrong-engine':
          return {
            kind: 'answer',
            status: err.status ?? 200,
            headers: headersOf(err.headers),
            body: '(unreadable)',
            fromEngine: false,
          };
        case 'timeout':
          return {
            kind: 'no-answer',
            cause: 'timeout',
            message: `no answer within ${timeoutMs} ms (request timed out)`,
          };
        case 'aborted':
          return { kind: 'no-answer', cause: 'aborted', message: 'request aborted' };
        case 'connection':
          return connectionFailure(err.message);
      }
    }
  }

  return {
    display: client.display,
    engine,
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
    close: () => client.close(),
  };
}

/**
 * Connects to the target, asks which engine it runs when not told, and gives the cluster
 * the shipper core writes through. Throws for bad settings (ConfigError) and for a target
 * that cannot be reached to be asked.
 */
export async function connectCluster(
  config: ConnectionConfig,
  options: ConnectOptions = {},
): Promise<SearchCluster> {
  // Told Elasticsearch too: connecting asks nothing then, unless the URL has a path, which
  // must be a cluster's root (connect.ts, toldRootChecked).
  const client = await connectSearch(config, options);
  if (client.identity.engine === 'elasticsearch') {
    await client.close();
    return createElasticsearchCluster({ connection: config, requestTimeoutMs: config.requestTimeoutMs });
  }
  return searchClientCluster(client);
}

/**
 * A cluster connected on its first request, for callers that must build a shipper
 * synchronously; a target that cannot be reached or set up is a reply like any other
 * failed request, so the core retries it and finally reports it. Connecting takes its time
 * out of the first request's: a Lambda's deadline bounds the engine check as it bounds
 * the request (concurrent first requests share one connection attempt, made with the
 * options of the request that started it, all of them cut by the same deadline).
 */
export function lazyCluster(
  connect: (options: BulkRequestOptions) => Promise<SearchCluster>,
  display: string,
  fallback: (t: string) => string,
): SearchCluster {
  let resolved: SearchCluster | null = null;
  let pending: Promise<SearchCluster> | null = null;
  const get = (options: BulkRequestOptions) => {
    pending ??= connect(options).then((c) => {
      resolved = c;
      return c;
    });
    pending.catch(() => {
      pending = null;
    });
    return pending;
  };
  const failed = (err: unknown): ClusterReply => {
    const reply = connectionFailure(`cannot connect: ${(err as Error)?.message ?? String(err)}`);
    return { ...reply, message: fallback(reply.message) };
  };
  /** What is left of a request's time once connecting has taken its part. */
  const rest = (options: BulkRequestOptions, started: number): BulkRequestOptions => ({
    ...options,
    timeoutMs: options.timeoutMs - (Date.now() - started),
  });
  const outOfTime = (options: BulkRequestOptions): ClusterReply => ({
    kind: 'no-answer',
    cause: 'timeout',
    message: `no answer within ${options.timeoutMs} ms (connecting took it all)`,
  });
  /** A question the cluster may decline to answer: null when it cannot be reached in time. */
  const ask = async <T>(
    options: BulkRequestOptions,
    question: (cluster: SearchCluster, left: BulkRequestOptions) => Promise<T | null>,
  ): Promise<T | null> => {
    const started = Date.now();
    try {
      const cluster = await get(options);
      const left = rest(options, started);
      return left.timeoutMs > 0 ? await question(cluster, left) : null;
    } catch {
      return null;
    }
  };
  return {
    get display() {
      return resolved?.display ?? display;
    },
    get engine() {
      return resolved?.engine ?? 'the cluster';
    },
    redact: (text) => (resolved ? resolved.redact(text) : fallback(text)),
    async bulk(body, options) {
      const started = Date.now();
      let cluster: SearchCluster;
      try {
        cluster = await get(options);
      } catch (err) {
        return failed(err);
      }
      const left = rest(options, started);
      if (left.timeoutMs <= 0) return outOfTime(options);
      return cluster.bulk(body, left);
    },
    missingTemplates: (names, options) =>
      ask(options, (cluster, left) => cluster.missingTemplates(names, left)),
    indicesMatching: (pattern, options) =>
      ask(options, (cluster, left) => cluster.indicesMatching(pattern, left)),
    async close() {
      if (pending) await (await pending.catch(() => null))?.close();
    },
  };
}
