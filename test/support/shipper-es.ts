/** Elasticsearch helpers for the shipper tests: the real server named by ES_URL, unique prefixes. */
import type { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll } from 'vitest';
import { setupElasticsearch } from '../../shippers/elasticsearch/setup.ts';
import { createEsClient, esUrl, uniqueName } from '../services/clients.ts';
import { type FaultProxy, startFaultProxy } from '../services/fault-proxy.ts';

export async function count(client: Client, index: string, query?: Record<string, unknown>): Promise<number> {
  await client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const res = await client.count({
    index,
    ...(query ? { query } : {}),
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  return res.count;
}

export async function dropIndices(client: Client, prefix: string): Promise<void> {
  // The cluster refuses wildcard deletes: resolve the names first.
  const made = Object.keys(await client.indices.get({ index: `${prefix}-*`, allow_no_indices: true }));
  if (made.length > 0) await client.indices.delete({ index: made });
  for (const name of ['logs', 'invocations', 'dead-letter', 'logs-stream']) {
    await client.indices.deleteIndexTemplate({ name: `${prefix}-${name}` }).catch(() => {});
  }
}

/** What a shipper suite works with: the real server, a fault proxy in front of it, fresh prefixes. */
export interface ShipperEs {
  client: Client;
  proxy: FaultProxy;
  /** A new index prefix with its templates and indices, dropped after the suite. */
  fresh(name: string): Promise<string>;
}

/** Registers the suite's hooks; the fields are set once `beforeAll` has run. */
export function useShipperEs(): ShipperEs {
  const prefixes: string[] = [];
  const es = {
    async fresh(name: string): Promise<string> {
      const prefix = uniqueName(`ll-test-${name}`);
      prefixes.push(prefix);
      await setupElasticsearch(es.client, { prefix, mode: 'daily' });
      return prefix;
    },
  } as ShipperEs;
  beforeAll(async () => {
    es.client = createEsClient();
    es.proxy = await startFaultProxy(esUrl());
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
