import { describe, expect, it } from 'vitest';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import { setupElasticsearch, supportsDataStreams } from '../../shippers/elasticsearch/setup.ts';
import {
  createElasticsearchShipper,
  type ElasticsearchShipperConfig,
} from '../../shippers/elasticsearch/shipper.ts';
import type { ShipDocument, ShipEvent } from '../../shippers/types.ts';
import { uniqueName } from '../services/clients.ts';
import { count, dropIndices, indicesOf, search, templatesOf, useShipperEs } from '../support/shipper-es.ts';
import { fixtureEvents, INVOCATIONS_PER_COPY, LINES_PER_COPY } from '../support/shipper-fixtures.ts';

const COPIES = 40;
const LINES = COPIES * LINES_PER_COPY;
const INVOCATIONS = COPIES * INVOCATIONS_PER_COPY;

async function documents(copies = COPIES): Promise<ShipDocument[]> {
  const out: ShipDocument[] = [];
  for await (const d of documentsFromEvents(fixtureEvents(copies), {
    clock: { now: () => Date.parse('2026-01-11T00:00:00Z') },
  })) {
    out.push(d);
  }
  return out;
}

const fastBackoff = { initialMs: 20, maxMs: 200, maxAttempts: 30 };

/** What each engine calls a document that does not fit the mapping. */
const MAPPING_ERROR = {
  elasticsearch: 'document_parsing_exception',
  opensearch: 'mapper_parsing_exception',
} as const;

describe.each(SEARCH_ENGINES)('shipper (real %s)', (engine) => {
  const es = useShipperEs(engine);
  function shipper(prefix: string, extra: Partial<ElasticsearchShipperConfig> = {}) {
    return createElasticsearchShipper({
      connection: { node: es.proxy.url, engine },
      indexPrefix: prefix,
      maxBatchDocs: 100,
      concurrency: 3,
      backoff: fastBackoff,
      ...extra,
    });
  }

  async function expectExactCounts(prefix: string) {
    expect(await count(es.client, `${prefix}-logs`)).toBe(LINES);
    expect(await count(es.client, `${prefix}-invocations`)).toBe(INVOCATIONS);
  }

  it('indexes every line and invocation once, and a second delivery only finds duplicates', async () => {
    const prefix = await es.fresh('twice');
    const docs = await documents();
    expect(docs.length).toBe(LINES + INVOCATIONS);
    const s = shipper(prefix);
    const first = await s.ship(docs);
    expect(first).toEqual({
      kind: 'complete',
      counters: {
        received: LINES + INVOCATIONS,
        indexed: LINES + INVOCATIONS,
        updated: 0,
        duplicates: 0,
        retried: 0,
        deadLettered: 0,
        pending: 0,
      },
    });
    await expectExactCounts(prefix);
    const events: ShipEvent[] = [];
    const resent = await documents();
    const again = await s.ship(resent, { onEvent: (e) => events.push(e) });
    // Each document found stored is told, once: the caller learns which of its builds were not stored.
    const told = events.flatMap((e) => (e.kind === 'already-present' ? e.documents : []));
    expect(told.map((d) => d.id).sort()).toEqual(resent.map((d) => d.id).sort());
    expect(again.counters).toEqual({
      received: LINES + INVOCATIONS,
      indexed: 0,
      updated: 0,
      duplicates: LINES + INVOCATIONS,
      retried: 0,
      deadLettered: 0,
      pending: 0,
    });
    await expectExactCounts(prefix);
    await s.close();
  });

  it('survives the server going down mid-run and coming back', async () => {
    const prefix = await es.fresh('outage');
    const s = shipper(prefix, {
      concurrency: 1,
      maxBatchDocs: 50,
      backoff: { initialMs: 50, maxMs: 300, maxAttempts: 50 },
    });
    let batches = 0;
    let restarted: Promise<void> | null = null;
    const result = await s.ship(await documents(), {
      onProgress: () => {
        batches++;
        if (batches === 3) {
          restarted = es.proxy.stop().then(async () => {
            await new Promise((r) => setTimeout(r, 800));
            await es.proxy.start();
          });
        }
      },
    });
    await restarted;
    expect(result.kind).toBe('complete');
    expect(result.counters.retried).toBeGreaterThan(0);
    expect(result.counters.indexed + result.counters.duplicates).toBe(LINES + INVOCATIONS);
    expect(result.counters.pending).toBe(0);
    await expectExactCounts(prefix);
  });

  it('retries per-item 429s with backoff and ends with every document once', async () => {
    const prefix = await es.fresh('item429');
    es.proxy.inject429Items(75);
    const rewrittenBefore = es.proxy.stats.rewrittenItems;
    const result = await shipper(prefix).ship(await documents());
    expect(es.proxy.stats.rewrittenItems - rewrittenBefore).toBe(75);
    // The proxy rewrote successes, so Elasticsearch holds them: the retry sees 409 = duplicate.
    expect(result.counters).toEqual({
      received: LINES + INVOCATIONS,
      indexed: LINES + INVOCATIONS - 75,
      updated: 0,
      duplicates: 75,
      retried: 75,
      deadLettered: 0,
      pending: 0,
    });
    await expectExactCounts(prefix);
  });

  it('waits out a request-level 429 and splits a batch the server finds too large (413)', async () => {
    const prefix = await es.fresh('req413');
    es.proxy.failRequests(429, 2, '/_bulk', { 'retry-after': '0' });
    const s = shipper(prefix, { concurrency: 1, maxBatchDocs: 200 });
    const first = await s.ship((await documents()).slice(0, 300));
    expect(first.kind).toBe('complete');
    expect(first.counters.retried).toBe(400); // two refused requests of 200 documents, each re-sent
    es.proxy.failRequests(413, 1, '/_bulk');
    const rest = await s.ship((await documents()).slice(300));
    expect(rest.kind).toBe('complete');
    expect(rest.counters.indexed).toBe(LINES + INVOCATIONS - 300);
    await expectExactCounts(prefix);
  });

  it('times out a hung connection and re-sends without duplicating', async () => {
    const prefix = await es.fresh('hang');
    const hungBefore = es.proxy.stats.hung;
    es.proxy.hang(2);
    const s = shipper(prefix, { requestTimeoutMs: 1_500 });
    const result = await s.ship(await documents());
    es.proxy.release();
    expect(es.proxy.stats.hung - hungBefore).toBe(2);
    expect(result.kind).toBe('complete');
    // At least the two hung batches of 100 were re-sent (a slow shared machine may time out more).
    expect(result.counters.retried).toBeGreaterThanOrEqual(200);
    expect(result.counters.indexed + result.counters.duplicates).toBe(LINES + INVOCATIONS);
    await expectExactCounts(prefix);
  });

  it('dead-letters the one document that conflicts with the mapping, with its reason and identity', async () => {
    const prefix = await es.fresh('mapping');
    const docs = await documents();
    const at = docs.findIndex((d) => d.kind === 'line' && d.identity.eventId !== null);
    const built = docs[at]!;
    // A document of the same identity whose source the mapping refuses (built documents
    // carry their JSON text, so their source object is not edited in place).
    const bad: ShipDocument = {
      kind: built.kind,
      id: built.id,
      placement: built.placement,
      version: built.version,
      identity: built.identity,
      source: { ...built.source, '@timestamp': 'not a date' },
    };
    docs[at] = bad;
    const result = await shipper(prefix).ship(docs);
    expect(result.counters).toEqual({
      received: LINES + INVOCATIONS,
      indexed: LINES + INVOCATIONS - 1,
      updated: 0,
      duplicates: 0,
      retried: 0,
      deadLettered: 1,
      pending: 0,
    });
    expect(await count(es.client, `${prefix}-logs`)).toBe(LINES - 1);
    expect(await count(es.client, `${prefix}-invocations`)).toBe(INVOCATIONS);
    const letters = await search(es.client, `${prefix}-dead-letter`);
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.error.status).toBe(400);
    expect(letter.error.type).toBe(MAPPING_ERROR[engine]);
    expect(letter.error.message).toContain('@timestamp');
    expect(letter.aws.cloudwatch.event_id).toBe(bad.identity.eventId);
    expect(letter.lambdalens.dead_letter.doc_id).toBe(bad.id);
    expect(JSON.parse(letter.event.original).message).toBe(bad.source.message);
  });

  it('stops at the deadline and reports what is still pending', async () => {
    const prefix = await es.fresh('deadline');
    es.proxy.hang();
    const started = Date.now();
    const result = await shipper(prefix, { requestTimeoutMs: 5_000 }).ship(await documents(), {
      deadline: Date.now() + 700,
    });
    es.proxy.release();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.kind).toBe('incomplete');
    if (result.kind !== 'incomplete') return;
    expect(result.reason.kind).toBe('deadline');
    expect(result.counters.pending).toBe(LINES + INVOCATIONS);
    expect(result.counters.received).toBe(LINES + INVOCATIONS);
    expect(result.pendingIds).toHaveLength(LINES + INVOCATIONS);
  });

  it('finds an invocation by trace ID and, through its request ID, every line of it', async () => {
    const prefix = await es.fresh('trace');
    const result = await shipper(prefix).ship(await documents(1));
    expect(result.kind).toBe('complete');
    const traceId = '1-5e7d7595-212fxmpl9ee07c4884191322';
    const inv = await search(es.client, `${prefix}-invocations`, {
      query: { term: { 'trace.id': traceId } },
    });
    expect(inv).toHaveLength(1);
    const source = inv[0]!;
    expect(source.faas.execution).toBe('dbda340c-xmpl-4031-8810-11bb609b4c71');
    expect(source.lambdalens.invocation.billed_duration_ms).toBe(39);
    expect(source.lambdalens.invocation.line_count).toBe(3);
    const lines = await search(es.client, `${prefix}-logs`, {
      query: { term: { 'faas.execution': source.faas.execution } },
      sort: [{ '@timestamp': 'asc' }],
    });
    expect(lines.map((line) => line.message.split('\t')[0])).toEqual([
      'END RequestId: dbda340c-xmpl-4031-8810-11bb609b4c71',
      'REPORT RequestId: dbda340c-xmpl-4031-8810-11bb609b4c71',
      'XRAY TraceId: 1-5e7d7595-212fxmpl9ee07c4884191322',
    ]);
    // Every line of the invocation also carries the trace ID itself.
    expect(await count(es.client, `${prefix}-logs`, { term: { 'trace.id': traceId } })).toBe(3);
  });

  it('writes lines to a data stream where the cluster has them, and otherwise refuses before writing anything', async () => {
    const prefix = uniqueName('ll-test-ds');
    if (await supportsDataStreams(es.client)) {
      // A full distribution: the stream is made and takes the lines.
      try {
        const report = await setupElasticsearch(es.client, { prefix, mode: 'data-stream' });
        expect(report.created).toContain(`${prefix}-logs-stream`);
        const result = await shipper(prefix, { indexMode: 'data-stream' }).ship(await documents(1));
        expect(result.kind).toBe('complete');
        expect(await count(es.client, `${prefix}-logs-stream`)).toBe(LINES_PER_COPY);
      } finally {
        await dropIndices(es.client, prefix);
      }
      return;
    }
    // Elasticsearch's integ-test zip has no data streams (OpenSearch has them in its core).
    await expect(setupElasticsearch(es.client, { prefix, mode: 'data-stream' })).rejects.toThrow(
      /has no data streams to write log lines to; nothing was changed$/,
    );
    expect(await indicesOf(es.client, prefix)).toEqual([]);
    expect(await templatesOf(es.client, prefix)).toEqual([]);
  });
});
