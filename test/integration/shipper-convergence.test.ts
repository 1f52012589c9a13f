/**
 * Invocation documents converge against the real Elasticsearch: whatever order deliveries
 * arrive in, on whichever container, retried behind later ones, delivered twice, or cut
 * short after writing part of their documents, the end state is one document per
 * invocation, complete and priced, one per log line, none twice, none lost. Line documents
 * stay write-once; invocation documents are versioned by how complete they are.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../collectors/model.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import { SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import { createSubscriptionHandler } from '../../shippers/lambda/handler.ts';
import { createPricer } from '../../shippers/pricer.ts';
import type { ShipDocument, Shipper } from '../../shippers/types.ts';
import { engineUrl, refresh, useShipperEs } from '../support/shipper-es.ts';
import { fixtureStreams, subscriptionEvent } from '../support/shipper-fixtures.ts';

const pricer = createPricer({ region: 'us-east-1', architecture: 'x86_64' });
const context = () => {
  const end = Date.now() + 20_000;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

/** Fixture copies not used yet: each scenario gets request and event IDs of its own. */
let nextCopy = 1;
const BLOCKS = fixtureStreams(1).length;
function freshStreams(copies: number): LogEvent[][] {
  const first = nextCopy;
  nextCopy += copies;
  return fixtureStreams(first + copies).slice(first * BLOCKS);
}

const requestIdsOf = (events: LogEvent[]) => [
  ...new Set(
    events.flatMap((e) =>
      [...e.message.matchAll(/RequestId: ([0-9a-z-]{20,})|"requestId":"([^"]+)"/g)].map(
        (m) => (m[1] ?? m[2]) as string,
      ),
    ),
  ),
];

interface StoredInvocation {
  faas: { execution: string };
  lambdalens: {
    invocation: { status: string; billed_duration_ms: number | null; line_count: number };
    cost?: { total_usd: number };
  };
}

/** The end state a run must reach: every invocation once, complete and priced; every line once. */
async function expectConverged(client: SearchClient, prefix: string, events: LogEvent[]) {
  await refresh(client, `${prefix}-*`);
  const requestIds = requestIdsOf(events);
  const invocations = await client.request<{ hits: { hits: { _id: string; _source: StoredInvocation }[] } }>({
    method: 'POST',
    path: `/${prefix}-invocations/_search`,
    body: { size: 1_000, query: { terms: { 'faas.execution': requestIds } } },
  });
  const hits = invocations.body.hits.hits;
  expect(hits.map((h) => h._source.faas.execution).sort()).toEqual([...requestIds].sort());
  expect(new Set(hits.map((h) => h._id)).size).toBe(hits.length);
  for (const h of hits) {
    const inv = h._source.lambdalens;
    expect({ id: h._source.faas.execution, status: inv.invocation.status }).not.toMatchObject({
      status: 'incomplete',
    });
    expect(inv.invocation.billed_duration_ms).toBeGreaterThan(0);
    expect(inv.cost?.total_usd).toBeGreaterThan(0);
  }
  const eventIds = events.map((e) => e.eventId as string);
  const lines = await client.request<{
    hits: { total: { value: number } };
    aggregations: { twice: { buckets: unknown[] } };
  }>({
    method: 'POST',
    path: `/${prefix}-logs/_search`,
    body: {
      size: 0,
      track_total_hits: true,
      query: { terms: { 'aws.cloudwatch.event_id': eventIds } },
      aggs: { twice: { terms: { field: 'aws.cloudwatch.event_id', min_doc_count: 2, size: 10 } } },
    },
  });
  expect(lines.body.hits.total.value).toBe(eventIds.length);
  expect(lines.body.aggregations.twice.buckets).toEqual([]);
}

/** A delivery cut short: it writes the documents `keep` picks, then fails as a timed-out Lambda would. */
function cutShort(inner: Shipper, keep: (index: number) => boolean): Shipper {
  return {
    async ship(docs, options) {
      const all = [...(docs as Iterable<ShipDocument>)];
      const result = await inner.ship(
        all.filter((_, i) => keep(i)),
        options,
      );
      const left = all.length - result.counters.received;
      return {
        kind: 'incomplete',
        counters: { ...result.counters, received: all.length, pending: left },
        reason: { kind: 'deadline', message: 'cut short by the test', retryable: true },
        pendingIds: [],
      };
    },
    close: () => inner.close(),
  };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe.each(SEARCH_ENGINES)('invocation documents converge (real %s)', (engine) => {
  const es = useShipperEs(engine);
  let prefix: string;
  let shipper: Shipper;
  beforeAll(async () => {
    prefix = await es.fresh('converge');
    shipper = createElasticsearchShipper({
      connection: { node: engineUrl(engine), engine },
      indexPrefix: prefix,
      backoff: { initialMs: 20, maxMs: 100, maxAttempts: 10 },
    });
  });
  const handler = () =>
    createSubscriptionHandler({ shipper, region: 'us-east-1', marginMs: 300, pricer, writeLine: () => {} });

  it('every order of three deliveries of an invocation ends in one complete, priced document, on one container or three', async () => {
    const orders = permutations([0, 1, 2]);
    for (const containers of ['one', 'three'] as const) {
      for (const order of orders) {
        // The qrush block: START, a tagged line, an untagged line, END, REPORT.
        const stream = freshStreams(1)[0] as LogEvent[];
        const deliveries = [stream.slice(0, 2), stream.slice(2, 4), stream.slice(4)];
        const warm = handler();
        for (const i of order) {
          const handle = containers === 'one' ? warm : handler();
          await handle(subscriptionEvent(deliveries[i] as LogEvent[]), context());
        }
        await expectConverged(es.client, prefix, stream);
      }
    }
  });

  it('random orders, retries behind later deliveries, duplicates and deliveries cut short converge', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
        fc.infiniteStream(fc.nat()),
        async (cuts, rolls) => {
          const streams = freshStreams(2);
          const all = streams.flat();
          // Each stream in deliveries of 1 to 3 events, as CloudWatch batches them.
          const queue: LogEvent[][] = [];
          let c = 0;
          for (const stream of streams) {
            for (let at = 0; at < stream.length; ) {
              const size = cuts[c++ % cuts.length] as number;
              queue.push(stream.slice(at, at + size));
              at += size;
            }
          }
          const roll = () => rolls.next().value as number;
          // Shuffled: CloudWatch and Lambda promise no order between deliveries.
          for (let i = queue.length - 1; i > 0; i--) {
            const j = roll() % (i + 1);
            [queue[i], queue[j]] = [queue[j] as LogEvent[], queue[i] as LogEvent[]];
          }
          const containers = [handler(), handler(), handler()];
          let failures = 0;
          while (queue.length > 0) {
            const delivery = queue.shift() as LogEvent[];
            const container = containers[roll() % containers.length] as ReturnType<typeof handler>;
            const fate = roll() % 100;
            if (fate < 20 && failures < 30) {
              // Cut short after writing some of its documents; Lambda retries it behind later ones.
              failures++;
              const flaky = createSubscriptionHandler({
                shipper: cutShort(shipper, (i) => (i + fate) % 2 === 0),
                region: 'us-east-1',
                marginMs: 300,
                pricer,
                writeLine: () => {},
              });
              await expect(flaky(subscriptionEvent(delivery), context())).rejects.toThrow(/not delivered/);
              queue.splice(roll() % (queue.length + 1), 0, delivery);
              continue;
            }
            await container(subscriptionEvent(delivery), context());
            // Delivered twice now and then, later, as CloudWatch may.
            if (fate >= 85) queue.splice(roll() % (queue.length + 1), 0, delivery);
          }
          await expectConverged(es.client, prefix, all);
        },
      ),
      { numRuns: 4, seed: 15, endOnFailure: true },
    );
  });

  it('two ship windows leave the invocation they cut complete and priced, in either order', async () => {
    for (const order of [
      [0, 1],
      [1, 0],
    ]) {
      // The lambda-forge block: INIT_START, then two invocations; cut inside the first.
      const stream = freshStreams(1)[3] as LogEvent[];
      const windows = [stream.slice(0, 3), stream.slice(3)];
      for (const w of order) {
        const docs: ShipDocument[] = [];
        for await (const d of documentsFromEvents(windows[w] as LogEvent[], { pricer })) docs.push(d);
        const result = await shipper.ship(docs);
        expect(result.kind).toBe('complete');
      }
      await expectConverged(es.client, prefix, stream);
    }
  });

  it('keeps one document for an invocation whose parts fall on both sides of midnight UTC', async () => {
    const midnight = Date.parse('2026-01-11T00:00:00.000Z');
    for (const logStream of ['2026/01/10/[$LATEST]midnight0000000000000000000000', undefined]) {
      const run = nextCopy++;
      const id = `0f9d1c6e-5a7b-4c2d-9e8f-${String(run).padStart(12, '0')}`;
      const at = (ms: number, message: string, n: number): LogEvent => ({
        timestamp: midnight + ms,
        message,
        logGroup: '/aws/lambda/midnight-fn',
        logStream,
        eventId: `${midnight + ms}${String(run).padStart(6, '0')}${String(n).padStart(8, '0')}`.padEnd(
          56,
          '1',
        ),
      });
      const events = [
        at(-300, `START RequestId: ${id} Version: $LATEST`, 1),
        at(-200, `2026-01-10T23:59:59.800Z\t${id}\tINFO\tbefore midnight`, 2),
        at(400, `2026-01-11T00:00:00.400Z\t${id}\tINFO\tafter midnight`, 3),
        at(500, `END RequestId: ${id}`, 4),
        at(
          501,
          `REPORT RequestId: ${id}\tDuration: 800.00 ms\tBilled Duration: 800 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
          5,
        ),
      ];
      for (const window of [events.slice(0, 2), events.slice(2)]) {
        const docs: ShipDocument[] = [];
        for await (const d of documentsFromEvents(window, { pricer })) docs.push(d);
        expect((await shipper.ship(docs)).kind).toBe('complete');
      }
      await expectConverged(es.client, prefix, events);
      const stored = await es.client.request<{ hits: { hits: { _index: string }[] } }>({
        method: 'POST',
        path: `/${prefix}-invocations/_search`,
        body: { query: { term: { 'faas.execution': id } } },
      });
      expect(stored.body.hits.hits.map((h) => h._index)).toEqual([`${prefix}-invocations-2026.01.10`]);
    }
  });
});
