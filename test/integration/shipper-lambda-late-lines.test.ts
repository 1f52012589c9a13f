/**
 * The subscription handler, against the real Elasticsearch, when CloudWatch delivers a
 * stream's lines out of order across deliveries to one warm container: a request whose END
 * and REPORT come after the whole next request of its stream, and a line tagged with a
 * request whose invocation document was already written. Each request must have one
 * invocation document, whole, and each line one line document.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../collectors/model.ts';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import type { BatchMetrics as Metrics } from '../../shippers/lambda/emf.ts';
import { shipperContainer } from '../support/shipper-container.ts';
import { count, search, useShipperEs } from '../support/shipper-es.ts';
import { streamEventBuilders } from '../support/shipper-fixtures.ts';

const T = Date.parse('2026-01-10T12:00:00.000Z');
const STREAM = '2026/01/10/[$LATEST]latelines';

const { event, info } = streamEventBuilders(STREAM);

const id = (n: number) => `00000094-0000-4000-8000-${String(n).padStart(12, '0')}`;
const report = (t: number, requestId: string, ms: number) =>
  event(
    t,
    `REPORT RequestId: ${requestId}\tDuration: ${ms}.00 ms\tBilled Duration: ${ms} ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
  );
function whole(requestId: string, t: number, ms: number): LogEvent[] {
  return [
    event(t, `START RequestId: ${requestId} Version: $LATEST`),
    info(t + 1, requestId, 'working'),
    event(t + ms, `END RequestId: ${requestId}`),
    report(t + ms, requestId, ms),
  ];
}

interface InvocationDoc {
  faas: { execution: string };
  lambdalens: { invocation: { status: string; line_count: number; billed_duration_ms: number | null } };
}

describe('subscription handler: a stream delivered out of order (real Elasticsearch)', () => {
  const es = useShipperEs();

  async function setup(name: string) {
    const prefix = await es.fresh(name);
    const shipper = createElasticsearchShipper({
      connection: { node: es.proxy.url, engine: 'elasticsearch' },
      indexPrefix: prefix,
      requestTimeoutMs: 5_000,
    });
    const deliver = shipperContainer(shipper);
    const invocations = async () =>
      (
        await search<InvocationDoc>(es.client, `${prefix}-invocations`, {
          size: 100,
          sort: [{ '@timestamp': 'asc' }],
        })
      ).map((d) => [
        d.faas.execution,
        d.lambdalens.invocation.status,
        d.lambdalens.invocation.line_count,
        d.lambdalens.invocation.billed_duration_ms,
      ]);
    return { prefix, deliver, invocations };
  }

  /** Request A's events: START and a line, then END and REPORT 500 ms later. */
  const requestA = (a: string, t: number) => [
    event(t, `START RequestId: ${a} Version: $LATEST`),
    info(t + 1, a, 'A working'),
    event(t + 500, `END RequestId: ${a}`),
    report(t + 500, a, 500),
  ];
  const written = (m: Metrics | null) => [m?.received, m?.indexed, m?.updated, m?.duplicates];

  it('stores a request whose END and REPORT come after the whole next request, two deliveries later, once, whole', async () => {
    const { prefix, deliver, invocations } = await setup('lambda-late-end');
    const [a, b] = [id(1), id(2)];
    const aEvents = requestA(a, T);
    // A is not written `incomplete` when B reports: only A's lines, then B's documents, then A's.
    expect(written(await deliver(aEvents.slice(0, 2)))).toEqual([2, 2, 0, 0]);
    expect(written(await deliver(whole(b, T + 1000, 2)))).toEqual([5, 5, 0, 0]);
    expect(written(await deliver(aEvents.slice(2)))).toEqual([3, 3, 0, 0]);
    expect(await invocations()).toEqual([
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`, { term: { 'faas.execution': a } })).toBe(4);
    expect(await count(es.client, `${prefix}-logs`)).toBe(8);
  });

  it('stores such a request once, whole, when one delivery holds it all', async () => {
    const { prefix, deliver, invocations } = await setup('lambda-late-end-one');
    const [a, b] = [id(3), id(4)];
    const aEvents = requestA(a, T);
    const one = [...aEvents.slice(0, 2), ...whole(b, T + 1000, 2), ...aEvents.slice(2)];
    expect(written(await deliver(one))).toEqual([10, 10, 0, 0]);
    expect(await invocations()).toEqual([
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`)).toBe(8);
  });

  it("lets such a request go `incomplete` at its stream's next START in a later delivery; its late REPORT brings the figures", async () => {
    const { prefix, deliver, invocations } = await setup('lambda-late-next-start');
    const [a, b, c] = [id(5), id(6), id(7)];
    const aEvents = requestA(a, T);
    await deliver(aEvents.slice(0, 2));
    await deliver(whole(b, T + 1000, 2));
    // C's START: A waited long enough, and is written, once, `incomplete`; C waits for its REPORT.
    expect(written(await deliver(whole(c, T + 2000, 2).slice(0, 2)))).toEqual([3, 3, 0, 0]);
    expect(await invocations()).toEqual([
      [a, 'incomplete', 2, null],
      [b, 'success', 4, 2],
    ]);
    // Its END and REPORT, later still: the whole request replaces the `incomplete` document.
    expect(written(await deliver(aEvents.slice(2)))).toEqual([3, 2, 1, 0]);
    expect(await invocations()).toEqual([
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`)).toBe(10);
  });

  it('keeps the figures of a REPORT read in the delivery that let its request go `incomplete`', async () => {
    const { prefix, deliver, invocations } = await setup('lambda-late-report-one');
    const [a, b, c] = [id(10), id(11), id(12)];
    const aEvents = requestA(a, T);
    const one = [
      ...aEvents.slice(0, 2),
      ...whole(b, T + 1000, 2),
      ...whole(c, T + 2000, 2).slice(0, 2),
      ...aEvents.slice(2),
    ];
    // Ten lines, B, and A let go at C's START then built whole with its late REPORT: once.
    expect(written(await deliver(one))).toEqual([12, 12, 0, 0]);
    expect(await invocations()).toEqual([
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`, { term: { 'faas.execution': a } })).toBe(4);
    expect(await count(es.client, `${prefix}-logs`)).toBe(10);
  });

  it('stores a line tagged with a request already stored as a line of it; the invocation stays whole', async () => {
    const { prefix, deliver, invocations } = await setup('lambda-late-line');
    const [c, d] = [id(8), id(9)];
    expect(written(await deliver(whole(c, T, 2)))).toEqual([5, 5, 0, 0]);
    expect(written(await deliver([info(T + 1, c, 'C flushed late')]))).toEqual([1, 1, 0, 0]);
    expect(written(await deliver(whole(d, T + 1000, 2)))).toEqual([5, 5, 0, 0]);
    expect(await invocations()).toEqual([
      [c, 'success', 4, 2],
      [d, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`, { term: { 'faas.execution': c } })).toBe(5);
    expect(await count(es.client, `${prefix}-logs`)).toBe(9);
  });
});
