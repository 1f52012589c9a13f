/**
 * What the shipper core needs from a search cluster, and nothing more: one `_bulk`
 * request whose every ending comes back as data, a look at which templates exist, and a
 * way to keep credentials out of text. Each engine (Elasticsearch, OpenSearch) implements
 * it over its own client; batching, retries, dead letters and convergence stay above it,
 * the same for every engine.
 */

/** What a request came back with; a connection that never answered is data too. */
export type ClusterReply =
  | {
      kind: 'answer';
      status: number;
      /** Lower-case header names. */
      headers: Record<string, string | undefined>;
      /** Parsed when the server said JSON (and it parsed), else the text as received. */
      body: unknown;
      /**
       * False when a 2xx answer does not carry the engine's mark (Elasticsearch's
       * `x-elastic-product`): a proxy's maintenance page, another product.
       */
      fromEngine: boolean;
    }
  | {
      kind: 'no-answer';
      /**
       * `untrusted-certificate`: TLS verification failed. Unlike a refused or broken
       * connection it is not transient: every try fails the same until the CA is given.
       * `plain-http-server`: the TLS handshake met a server that speaks plain http (an
       * https:// URL to an http port); every try fails the same until the URL is changed.
       */
      cause: 'timeout' | 'connection' | 'untrusted-certificate' | 'plain-http-server' | 'aborted';
      message: string;
    };

export interface BulkRequestOptions {
  /** The request gives up after this long; the caller's deadline decides it. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface SearchCluster {
  /** Where the cluster is, without credentials: safe to print. */
  readonly display: string;
  /** The engine's name for messages (`Elasticsearch`, `OpenSearch`). */
  readonly engine: string;
  /** Every form of this connection's credentials replaced by `***`. */
  redact(text: string): string;
  /** One `_bulk` request with an NDJSON body (text, or its UTF-8 bytes); never rejects. */
  bulk(body: string | Buffer, options: BulkRequestOptions): Promise<ClusterReply>;
  /** Which of these index templates are not installed; null when the cluster would not say. */
  missingTemplates(names: readonly string[], options: BulkRequestOptions): Promise<string[] | null>;
  /** The open indices a wildcard pattern matches; null when the cluster would not say. */
  indicesMatching(pattern: string, options: BulkRequestOptions): Promise<string[] | null>;
  close(): Promise<void>;
}

/** The index names of a `_cat/indices?format=json` answer; null for any other answer. */
export function catIndexNames(reply: ClusterReply): string[] | null {
  if (reply.kind !== 'answer' || reply.status !== 200 || !Array.isArray(reply.body)) return null;
  return reply.body
    .map((row: unknown) => (row as { index?: unknown } | null)?.index)
    .filter((name): name is string => typeof name === 'string');
}

/** The `_cat/indices` request of `indicesMatching`. */
export function catIndicesRequest(pattern: string) {
  return {
    method: 'GET' as const,
    path: `/_cat/indices/${encodeURIComponent(pattern).replaceAll('%2A', '*')}`,
    querystring: { format: 'json', h: 'index', expand_wildcards: 'open' },
  };
}

/**
 * Which of these index templates are missing, asked one name per request (a list with any
 * name missing is a 404 for all of them); null when the answers do not say.
 */
export async function missingTemplatesOf(
  names: readonly string[],
  getTemplate: (name: string) => Promise<ClusterReply>,
): Promise<string[] | null> {
  const missing: string[] = [];
  for (const name of names) {
    const reply = await getTemplate(name);
    if (reply.kind !== 'answer' || !reply.fromEngine) return null;
    if (reply.status === 404) missing.push(name);
    else if (reply.status !== 200) return null;
  }
  return missing;
}
