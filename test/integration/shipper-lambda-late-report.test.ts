/**
 * The subscription handler, against the real Elasticsearch and OpenSearch, when a request is let go
 * `incomplete` (its stream's next START came first) and its REPORT comes in a later
 * delivery: the stored invocation document must become what a build of the whole request
 * holds (its start, its line count, its version, and the REPORT's figures, status and
 * cost), once, and stay so when the late REPORT is delivered again; a REPORT read again
 * for a request already stored whole must leave it as it is.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../collectors/model.ts';
import { SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import type { BatchMetrics as Metrics } from '../../shippers/lambda/emf.ts';
import { ShipIncompleteError } from '../../shippers/lambda/handler.ts';
import { shipperContainer } from '../support/shipper-container.ts';
import { count, search, useShipperEs } from '../support/shipper-es.ts';
import { streamEventBuilders } from '../support/shipper-fixtures.ts';

const T = Date.parse('2026-01-10T12:00:00.000Z');
const STREAM = '2026/01/10/[7]latereport';

/** us-east-1 x86_64 Lambda prices: per GB-second of billed duration, and per request. */
const USD_PER_GB_SECOND = 0.0000166667;
const USD_PER_REQUEST = 0.2 / 1_000_000;

const { event, info } = streamEventBuilders(STREAM);

const id = (n: number) => `00000095-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A request's events: START, two lines, then END and REPORT `ms` later. */
function request(requestId: string, t: number, ms: number): LogEvent[] {
  return [
    event(t, `START RequestId: ${requestId} Version: 7`),
    info(t + 1, requestId, 'working'),
    info(t + 2, requestId, 'still working'),
    event(t + ms, `END RequestId: ${requestId}`),
    event(
      t + ms,
      `REPORT RequestId: ${requestId}\tDuration: ${ms - 0.5} ms\tBilled Duration: ${ms} ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB\t`,
    ),
  ];
}

interface InvocationDoc {
  '@timestamp': string;
  event: { ingested?: string | undefined; outcome: string; duration: number };
  faas: { execution: string; version: string };
  lambdalens: {
    invocation: {
      status: string;
      start: string;
      end: string;
      line_count: number;
      duration_ms: number;
      billed_duration_ms: number;
      memory_size_mb: number;
      max_memory_used_mb: number;
    };
    cost: { total_usd: number; compute_usd: number; request_usd: number };
  };
}

describe.each(SEARCH_ENGINES)(
  'subscription handler: a late REPORT of a request let go `incomplete` (real %s)',
  (engine) => {
    const es = useShipperEs(engine);

    async function setup(name: string) {
      const prefix = await es.fresh(name);
      const shipper = createElasticsearchShipper({
        connection: { node: es.proxy.url, engine },
        indexPrefix: prefix,
        requestTimeoutMs: 5_000,
      });
      /** A warm container of the shipper: its own carry and requests let go. */
      const container = () => shipperContainer(shipper);
      /** Every invocation document of `requestId`, event.ingested left out (the time of shipping). */
      const stored = async (requestId: string) =>
        (
          await search<InvocationDoc>(es.client, `${prefix}-invocations`, {
            size: 10,
            query: { term: { 'faas.execution': requestId } },
          })
        ).map((d) => ({ ...d, event: { ...d.event, ingested: undefined } }));
      return { prefix, container, stored };
    }

    const written = (m: Metrics | null) => [m?.received, m?.indexed, m?.updated, m?.duplicates];

    /** A (500 ms) waits while B runs whole, and is let go `incomplete` at C's START. */
    function letGoScenario(n: number) {
      const [a, b, c] = [id(n), id(n + 1), id(n + 2)];
      const aEvents = request(a, T, 500);
      return {
        a,
        aEvents,
        deliveries: [aEvents.slice(0, 3), request(b, T + 1000, 2), request(c, T + 2000, 2).slice(0, 2)],
        lateReport: aEvents.slice(3),
      };
    }

    /** What the stored document of a whole 500 ms request at T must say. */
    function expectWhole(doc: InvocationDoc | undefined) {
      const inv = doc?.lambdalens.invocation;
      expect(doc?.['@timestamp']).toBe(new Date(T).toISOString());
      expect(doc?.faas.version).toBe('7');
      expect(inv).toMatchObject({
        status: 'success',
        start: new Date(T).toISOString(),
        end: new Date(T + 500).toISOString(),
        line_count: 5,
        duration_ms: 499.5,
        billed_duration_ms: 500,
        memory_size_mb: 256,
        max_memory_used_mb: 71,
      });
      expect(doc?.event.outcome).toBe('success');
      const compute = 0.25 * 0.5 * USD_PER_GB_SECOND;
      expect(doc?.lambdalens.cost.compute_usd).toBeCloseTo(compute, 15);
      expect(doc?.lambdalens.cost.request_usd).toBeCloseTo(USD_PER_REQUEST, 15);
      expect(doc?.lambdalens.cost.total_usd).toBeCloseTo(compute + USD_PER_REQUEST, 15);
    }

    it('stores the whole request once its REPORT comes in a later delivery: start, line count, figures, cost', async () => {
      const { prefix, container, stored } = await setup('late-report-whole');
      const deliver = container();
      const { a, aEvents, deliveries, lateReport } = letGoScenario(1);
      for (const d of deliveries) await deliver(d);
      const [incomplete] = await stored(a);
      expect(incomplete?.lambdalens.invocation).toMatchObject({
        status: 'incomplete',
        start: new Date(T).toISOString(),
        line_count: 3,
        billed_duration_ms: null,
      });

      // Its END and REPORT: two lines, and the `incomplete` document replaced by the whole.
      expect(written(await deliver(lateReport))).toEqual([3, 2, 1, 0]);
      const docs = await stored(a);
      expect(docs).toHaveLength(1);
      expectWhole(docs[0]);
      expect(await count(es.client, `${prefix}-logs`, { term: { 'faas.execution': a } })).toBe(5);

      // Exactly the document a build of the whole request in one delivery holds.
      const reference = await setup('late-report-reference');
      await reference.container()(aEvents);
      expect(docs).toEqual(await reference.stored(a));
    });

    it('leaves the whole document as it is when the late REPORT is delivered again, to the same container or another', async () => {
      const { container, stored } = await setup('late-report-twice');
      const deliver = container();
      const { a, deliveries, lateReport } = letGoScenario(11);
      for (const d of deliveries) await deliver(d);
      await deliver(lateReport);
      const whole = await stored(a);
      expectWhole(whole[0]);

      // The same delivery again: this container carries its events, and ships nothing again.
      expect(written(await deliver(lateReport))).toEqual([0, 0, 0, 0]);
      expect(await stored(a)).toEqual(whole);
      // Delivered to a container that never saw the request: built of the part alone, refused.
      expect(written(await container()(lateReport))).toEqual([3, 0, 0, 3]);
      expect(await stored(a)).toEqual(whole);
    });

    it('stores the whole request when the late REPORT comes in the delivery that let it go', async () => {
      const { container, stored } = await setup('late-report-same');
      const deliver = container();
      const { a, deliveries, lateReport } = letGoScenario(21);
      // Twelve lines of A, B and C, B's document, and one of A, the whole one.
      expect(written(await deliver([...deliveries.flat(), ...lateReport]))).toEqual([14, 14, 0, 0]);
      const docs = await stored(a);
      expect(docs).toHaveLength(1);
      expectWhole(docs[0]);
    });

    it('keeps nothing of a delivery that failed: delivered again, the request is let go and built whole as once', async () => {
      const { container, stored } = await setup('late-report-retried');
      const deliver = container();
      const { a, deliveries, lateReport } = letGoScenario(41);
      await deliver(deliveries[0] as LogEvent[]);
      await deliver(deliveries[1] as LogEvent[]);
      // The delivery that lets A go is refused, so Lambda delivers it again; then the same for its REPORT.
      es.proxy.failRequests(401, 1, '/_bulk');
      await expect(deliver(deliveries[2] as LogEvent[])).rejects.toThrow(ShipIncompleteError);
      expect(written(await deliver(deliveries[2] as LogEvent[]))).toEqual([3, 3, 0, 0]);
      es.proxy.failRequests(401, 1, '/_bulk');
      await expect(deliver(lateReport)).rejects.toThrow(ShipIncompleteError);
      expect(written(await deliver(lateReport))).toEqual([3, 2, 1, 0]);
      const docs = await stored(a);
      expect(docs).toHaveLength(1);
      expectWhole(docs[0]);
    });

    it('never downgrades a request stored whole when its REPORT is read again later', async () => {
      const { container, stored } = await setup('late-report-stored');
      const deliver = container();
      const [d, e] = [id(31), id(32)];
      const dEvents = request(d, T, 500);
      expect(written(await deliver(dEvents))).toEqual([6, 6, 0, 0]);
      expect(written(await deliver(request(e, T + 1000, 2)))).toEqual([6, 6, 0, 0]);
      const whole = await stored(d);
      expectWhole(whole[0]);
      // D's REPORT again, to this container (D closed lately) and to another.
      expect(written(await deliver(dEvents.slice(4)))).toEqual([2, 0, 0, 2]);
      expect(written(await container()(dEvents.slice(4)))).toEqual([2, 0, 0, 2]);
      expect(await stored(d)).toEqual(whole);
    });
  },
);
