/**
 * Search-engine helpers for the shipper tests: the run's real Elasticsearch or OpenSearch
 * (named by ES_URL / OPENSEARCH_URL), a fault proxy in front of it, unique prefixes. The
 * helpers speak through lambdalens' own `SearchClient`, so one suite runs on both engines.
 */
import { afterAll, beforeAll } from 'vitest';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import { connectSearch } from '../../shippers/elasticsearch/connect.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { setupElasticsearch } from '../../shippers/elasticsearch/setup.ts';
import type { IndexPeriod } from '../../shippers/index-names.ts';
import { esUrl, openSearchUrl, uniqueName } from '../services/clients.ts';
import { type FaultProxy, startFaultProxy } from '../services/fault-proxy.ts';

/** The run's URL of an engine. */
export const engineUrl = (engine: SearchEngine) => (engine === 'elasticsearch' ? esUrl() : openSearchUrl());

/** A client straight to the engine (no proxy), told which engine it is. */
export function connectEngine(engine: SearchEngine): Promise<SearchClient> {
  return connectSearch({ node: engineUrl(engine), engine, requestTimeoutMs: 30_000 });
}

const q = { ignore_unavailable: true, allow_no_indices: true };

export async function refresh(client: SearchClient, index: string): Promise<void> {
  await client.request({ method: 'POST', path: `/${index}/_refresh`, querystring: q });
}

export async function count(
  client: SearchClient,
  index: string,
  query?: Record<string, unknown>,
): Promise<number> {
  await refresh(client, index);
  const res = await client.request<{ count: number }>({
    method: 'POST',
    path: `/${index}/_count`,
    querystring: q,
    body: query ? { query } : {},
  });
  return res.body.count;
}

/** The `_source` of every hit of a search (after a refresh). */
export async function search<T = StoredDoc>(
  client: SearchClient,
  index: string,
  body: Record<string, unknown> = {},
): Promise<T[]> {
  await refresh(client, index);
  const res = await client.request<{ hits: { hits: { _source: T }[] } }>({
    method: 'POST',
    path: `/${index}/_search`,
    body,
  });
  return res.body.hits.hits.map((h) => h._source);
}

/** Index names under a prefix (the engines refuse wildcard deletes, so they are resolved first). */
export async function indicesOf(client: SearchClient, prefix: string): Promise<string[]> {
  const res = await client.request<Record<string, unknown>>({
    method: 'GET',
    path: `/${prefix}-*`,
    querystring: { allow_no_indices: true, expand_wildcards: 'open,hidden' },
  });
  return Object.keys(res.body).filter((name) => !name.startsWith('.'));
}

export async function templatesOf(client: SearchClient, prefix: string): Promise<string[]> {
  try {
    const res = await client.request<{ index_templates: { name: string }[] }>({
      method: 'GET',
      path: `/_index_template/${prefix}-*`,
    });
    return res.body.index_templates.map((t) => t.name);
  } catch {
    return [];
  }
}

export async function dropIndices(client: SearchClient, prefix: string): Promise<void> {
  await client.request({ method: 'DELETE', path: `/_data_stream/${prefix}-logs-stream` }).catch(() => {});
  const made = await indicesOf(client, prefix);
  if (made.length > 0) await client.request({ method: 'DELETE', path: `/${made.join(',')}` });
  for (const name of ['logs', 'invocations', 'dead-letter', 'logs-stream']) {
    await client.request({ method: 'DELETE', path: `/_index_template/${prefix}-${name}` }).catch(() => {});
  }
}

/** What a shipper suite works with: the real server, a fault proxy in front of it, fresh prefixes. */
export interface ShipperEs {
  engine: SearchEngine;
  client: SearchClient;
  proxy: FaultProxy;
  /** A new index prefix with its templates and indices (of this period: daily unless told), dropped after the suite. */
  fresh(name: string, period?: IndexPeriod): Promise<string>;
}

/** Registers the suite's hooks; the fields are set once `beforeAll` has run. */
export function useShipperEs(engine: SearchEngine = 'elasticsearch'): ShipperEs {
  const prefixes: string[] = [];
  const es = {
    engine,
    async fresh(name: string, period?: IndexPeriod): Promise<string> {
      const prefix = uniqueName(`ll-test-${name}`);
      prefixes.push(prefix);
      await setupElasticsearch(es.client, { prefix, mode: 'daily', period });
      return prefix;
    },
  } as ShipperEs;
  beforeAll(async () => {
    es.client = await connectEngine(engine);
    es.proxy = await startFaultProxy(engineUrl(engine));
  });
  afterAll(async () => {
    await es.proxy.close();
    for (const p of prefixes) await dropIndices(es.client, p);
    await es.client.close();
  });
  return es;
}

/** The fields of stored documents (lines, invocations, dead letters) that the shipper tests read. */
export interface StoredDoc {
  message: string;
  faas: { execution: string };
  aws: { cloudwatch: { event_id: string } };
  error: { status: number; type: string; message: string };
  event: { original: string };
  lambdalens: {
    dead_letter: { doc_id: string };
    invocation: { billed_duration_ms: number; line_count: number };
    cost: { total_usd: number };
  };
}

/**
 * Puts a template above lambdalens' own that maps the application JSON's `amount` as a
 * number, so that a line logging `{"amount":"lots"}` is refused for good (a dead letter);
 * returns what removes it.
 */
export async function amountMappedAsNumber(
  client: SearchClient,
  prefix: string,
): Promise<() => Promise<void>> {
  const path = `/_index_template/${prefix}-amount-number`;
  await client.request({
    method: 'PUT',
    path,
    body: {
      index_patterns: [`${prefix}-logs-*`],
      priority: 500,
      template: {
        mappings: {
          properties: { lambdalens: { properties: { json: { properties: { amount: { type: 'long' } } } } } },
        },
      },
    },
  });
  return async () => {
    await client.request({ method: 'DELETE', path });
  };
}
