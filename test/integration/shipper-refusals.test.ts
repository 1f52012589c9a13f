/**
 * Permanent or retryable, decided once, against the real Elasticsearch: documents the
 * server can never take (over its body limit, too large for its indexing memory) are
 * dead-lettered with a truncated original, once, and a re-run finishes; refusals of the
 * cluster as a whole (its shard limit, a write block, missing privileges) stop the run
 * with the cause instead of dead-lettering document after document. The shard limit and
 * the write block are the real server's; body limit, indexing pressure and privileges
 * come from the fault proxy, since this single shared node cannot be reconfigured.
 */
import { describe, expect, it } from 'vitest';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import {
  createElasticsearchShipper,
  type ElasticsearchShipperConfig,
} from '../../shippers/elasticsearch/shipper.ts';
import type { ShipDocument, ShipEvent } from '../../shippers/types.ts';
import { count, indicesOf, type StoredDoc, search, useShipperEs } from '../support/shipper-es.ts';
import { fixtureEvents, INVOCATIONS_PER_COPY, LINES_PER_COPY } from '../support/shipper-fixtures.ts';

const COPIES = 10;
const TOTAL = COPIES * (LINES_PER_COPY + INVOCATIONS_PER_COPY);

async function documents(extra: { message: string; at: number }[] = []): Promise<ShipDocument[]> {
  const events = fixtureEvents(COPIES);
  extra.forEach((x, i) => {
    events.push({
      timestamp: Date.parse('2026-01-10T13:00:00Z') + x.at,
      message: x.message,
      logGroup: '/aws/lambda/fixture-fn',
      logStream: '2026/01/10/[$LATEST]big',
      eventId: `9${String(i).padStart(55, '0')}`,
    });
  });
  const out: ShipDocument[] = [];
  for await (const d of documentsFromEvents(events, {
    clock: { now: () => Date.parse('2026-01-11T00:00:00Z') },
  }))
    out.push(d);
  return out;
}

/**
 * A document as large as `message`, built by hand: the line documents `ship` builds are cut
 * to fit the limit for one document (documents.ts), and these tests are of what the shipper
 * does with one that does not fit, whoever built it.
 */
function hugeDocument(message: string, at: number): ShipDocument {
  return {
    kind: 'line',
    id: `huge-${at}`,
    placement: Date.parse('2026-01-10T13:00:00Z') + at,
    version: null,
    source: { '@timestamp': new Date(Date.parse('2026-01-10T13:00:00Z') + at).toISOString(), message },
    identity: {
      logGroup: '/aws/lambda/fixture-fn',
      logStream: '2026/01/10/[$LATEST]big',
      eventId: null,
      requestId: null,
    },
  };
}

const pressureReason = (op: number, max: number) =>
  `rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=${op}, max_coordinating_and_primary_bytes=${max}]`;

describe.each(SEARCH_ENGINES)('permanent or retryable, decided once (real %s)', (engine) => {
  const es = useShipperEs(engine);
  function shipper(prefix: string, extra: Partial<ElasticsearchShipperConfig> = {}) {
    return createElasticsearchShipper({
      connection: { node: es.proxy.url, engine },
      indexPrefix: prefix,
      maxBatchDocs: 100,
      concurrency: 2,
      backoff: { initialMs: 10, maxMs: 50, maxAttempts: 6 },
      ...extra,
    });
  }

  it('dead-letters a document over the server’s body limit once, with a truncated original that itself fits; a re-run finishes', async () => {
    const prefix = await es.fresh('413');
    const limit = 200_000;
    // Like http.max_content_length: any request body over the limit is a 413.
    es.proxy.intercept((req) =>
      req.body.length > limit ? { status: 413, headers: { 'content-type': 'text/plain' } } : null,
    );
    try {
      const big = `{"level":"INFO","blob":"${'x'.repeat(300_000)}"}`;
      for (const run of [1, 2]) {
        const result = await shipper(prefix).ship(await documents([{ message: big, at: 0 }]));
        expect(result.kind).toBe('complete');
        expect(result.counters.deadLettered).toBe(1);
        expect(result.counters.pending).toBe(0);
        if (run === 1) expect(result.counters.indexed).toBe(TOTAL);
        else expect(result.counters.duplicates).toBe(TOTAL);
      }
    } finally {
      es.proxy.intercept(null);
    }
    expect(await count(es.client, `${prefix}-logs`)).toBe(COPIES * LINES_PER_COPY);
    const letters = await search<StoredDoc & { event: { original_truncated: boolean } }>(
      es.client,
      `${prefix}-dead-letter`,
    );
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.error.status).toBe(413);
    expect(letter.event.original_truncated).toBe(true);
    expect(letter.event.original.length).toBe(32_768);
  });

  it('dead-letters a 50 MB document without sending it, and says so once for its batch', async () => {
    const prefix = await es.fresh('50mb');
    const bodies: number[] = [];
    es.proxy.intercept((req) => {
      bodies.push(req.body.length);
      return null;
    });
    const events: ShipEvent[] = [];
    try {
      const huge = `START of a huge line ${'y'.repeat(50 * 1024 * 1024)}`;
      const result = await shipper(prefix).ship([...(await documents()), hugeDocument(huge, 5)], {
        onEvent: (e) => events.push(e),
      });
      expect(result).toMatchObject({
        kind: 'complete',
        counters: { indexed: TOTAL, deadLettered: 1, pending: 0 },
      });
    } finally {
      es.proxy.intercept(null);
    }
    expect(Math.max(...bodies)).toBeLessThan(1_000_000);
    expect(events.filter((e) => e.kind === 'dead-lettered')).toEqual([
      expect.objectContaining({ count: 1, byType: { document_too_large: 1 } }),
    ]);
    const letters = await search<{ lambdalens: { dead_letter: { original_bytes: number } } }>(
      es.client,
      `${prefix}-dead-letter`,
    );
    expect(letters[0]?.lambdalens.dead_letter.original_bytes).toBeGreaterThan(50 * 1024 * 1024);
  });

  // Elasticsearch's coordinating limit refuses the request as a whole; OpenSearch's test
  // node enforces it per shard, with other figures: the proxy test below covers both forms.
  it.runIf(engine === 'elasticsearch')(
    'dead-letters at once a line larger than the real node’s indexing memory (10% of its heap)',
    async () => {
      const prefix = await es.fresh('heap');
      const stats = await es.client.request<{
        nodes: Record<string, { jvm: { mem: { heap_max_in_bytes: number } } }>;
      }>({
        method: 'GET',
        path: '/_nodes/stats/jvm',
      });
      const maxHeap = Math.max(...Object.values(stats.body.nodes).map((n) => n.jvm.mem.heap_max_in_bytes));
      // Sent (the size bound is raised past it), refused by the server, never retried.
      const huge = `START of a huge line ${'y'.repeat(Math.ceil(maxHeap / 10) + 1_000_000)}`;
      const result = await shipper(prefix, { maxDocumentBytes: 2 ** 30 }).ship([hugeDocument(huge, 7)]);
      expect(result).toMatchObject({ kind: 'complete', counters: { deadLettered: 1, pending: 0 } });
      const letters = await search(es.client, `${prefix}-dead-letter`);
      expect(letters[0]?.error).toMatchObject({
        type: 'indexing_pressure',
        status: 429,
        message: expect.stringMatching(
          /^refused by indexing pressure and larger than the limit: .*es_rejected_execution_exception: rejected execution of coordinating operation/,
        ),
      });
    },
  );

  it('dead-letters large documents indexing pressure keeps refusing, and retries the small ones it refused under load', async () => {
    const prefix = await es.fresh('pressure');
    // Over the limit on its own: refused once, dead-lettered at once. Under it: three strikes.
    const never = `{"blob":"${'n'.repeat(1_200_000)}"}`;
    const strikes = `{"blob":"${'s'.repeat(1_100_000)}"}`;
    let small = 40;
    es.proxy.rewriteItems((item, source) => {
      // Dead-letter records quote the original: they are let through.
      if (source.includes('"dead_letter"')) return;
      const refuse = (op: number, max: number) => {
        item.status = 429;
        item.error = { type: 'es_rejected_execution_exception', reason: pressureReason(op, max) };
      };
      if (source.includes('nnnnnnnn')) refuse(source.length, 1_000_000);
      else if (source.includes('ssssssss')) refuse(source.length, 5_000_000);
      else if (item.status < 300 && small-- > 0) refuse(900, 5_000_000);
    });
    let result: Awaited<ReturnType<ReturnType<typeof shipper>['ship']>>;
    try {
      result = await shipper(prefix, { maxBatchDocs: 400 }).ship(
        await documents([
          { message: never, at: 1 },
          { message: strikes, at: 2 },
        ]),
      );
    } finally {
      es.proxy.rewriteItems(null);
    }
    // The 40 small documents were stored before the proxy said otherwise: their retry finds them there.
    expect(result.counters).toMatchObject({
      indexed: TOTAL - 40,
      duplicates: 40,
      deadLettered: 2,
      pending: 0,
    });
    const letters = await search(es.client, `${prefix}-dead-letter`);
    expect(letters.map((l) => l.error.type)).toEqual(['indexing_pressure', 'indexing_pressure']);
    expect(letters.map((l) => l.error.message.split(':')[0]).sort()).toEqual([
      'refused by indexing pressure 3 times',
      'refused by indexing pressure and larger than the limit',
    ]);
  });

  it('gives up on a request of 40 MB refused again and again in the time its tries take', async () => {
    const prefix = await es.fresh('big-503');
    // A request sent as bytes: the Elasticsearch client's default description of a failed
    // request walked its body byte by byte, gigabytes and minutes for each refusal (the run
    // never ended).
    let refusals = 0;
    es.proxy.intercept((req) => {
      if (req.body.length < 40_000_000) return null;
      refusals++;
      return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'busy' };
    });
    try {
      const docs = Array.from({ length: 8 }, (_, i) =>
        hugeDocument(`${i} ${'z'.repeat(5_000_000)}`, 100 + i),
      );
      const result = await shipper(prefix, {
        maxBatchBytes: 64 * 1024 * 1024,
        backoff: { initialMs: 10, maxMs: 10, maxAttempts: 2 },
      }).ship(docs);
      expect(result).toMatchObject({
        kind: 'incomplete',
        counters: { received: 8, indexed: 0, retried: 8, pending: 8 },
        reason: { kind: 'retries-exhausted' },
      });
    } finally {
      es.proxy.intercept(null);
    }
    expect(refusals).toBe(2);
  });

  it('stops at the real shard limit with its cause, instead of dead-lettering every document', async () => {
    const prefix = await es.fresh('shards');
    // A template that asks more shards than the node allows: creating the index is refused
    // by the server's own shard-limit check, as a long backfill of daily indices meets it.
    await es.client.request({
      method: 'PUT',
      path: `/_index_template/${prefix}-too-many-shards`,
      body: {
        index_patterns: [`${prefix}-logs-*`],
        priority: 500,
        template: { settings: { number_of_shards: 1001, number_of_replicas: 0 } },
      },
    });
    try {
      const result = await shipper(prefix).ship(await documents());
      expect(result.kind).toBe('incomplete');
      if (result.kind !== 'incomplete') return;
      expect(result.reason.kind).toBe('refused');
      expect(result.reason.message).toMatch(
        /^(Elasticsearch|OpenSearch) refused the writes: the cluster is at its shard limit \(Validation Failed: 1: this action would add \[1001\] (total )?shards.*--index-period monthly/,
      );
      expect(result.counters.deadLettered).toBe(0);
      // The run stopped: it did not go on through the rest of the input.
      expect(result.counters.received).toBeLessThan(TOTAL);
      expect(await count(es.client, `${prefix}-dead-letter`)).toBe(0);
    } finally {
      await es.client.request({ method: 'DELETE', path: `/_index_template/${prefix}-too-many-shards` });
    }
  });

  it('stops on a read-only index with the server’s block named', async () => {
    const prefix = await es.fresh('blocked');
    const docs = await documents();
    expect((await shipper(prefix).ship(docs.slice(0, 50))).kind).toBe('complete');
    const [index] = await indicesOf(es.client, `${prefix}-logs`);
    const block = (on: boolean) =>
      es.client.request({ method: 'PUT', path: `/${index}/_settings`, body: { 'index.blocks.write': on } });
    await block(true);
    try {
      const result = await shipper(prefix).ship(docs.slice(50));
      expect(result).toMatchObject({
        kind: 'incomplete',
        reason: {
          kind: 'refused',
          message: expect.stringMatching(
            /writes are blocked \(index \[.*\] blocked by: \[FORBIDDEN\/8\/index write \(api\)\]/,
          ),
        },
      });
      expect(result.counters.deadLettered).toBe(0);
    } finally {
      await block(false);
    }
  });

  it('stops when the credentials lack the privilege to write', async () => {
    const prefix = await es.fresh('privileges');
    es.proxy.intercept((req) =>
      req.path.startsWith('/_bulk')
        ? {
            status: 403,
            headers: { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' },
            body: JSON.stringify({
              error: {
                type: 'security_exception',
                reason:
                  'action [indices:data/write/bulk] is unauthorized for user [shipper] with effective roles [viewer]',
              },
              status: 403,
            }),
          }
        : null,
    );
    try {
      const result = await shipper(prefix).ship(await documents());
      expect(result).toMatchObject({
        kind: 'incomplete',
        counters: { deadLettered: 0, retried: 0 },
        reason: {
          kind: 'refused',
          message: expect.stringMatching(
            /security_exception: action \[indices:data\/write\/bulk\] is unauthorized/,
          ),
        },
      });
    } finally {
      es.proxy.intercept(null);
    }
  });
});
