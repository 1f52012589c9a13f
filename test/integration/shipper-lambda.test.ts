import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonLogger } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { SEARCH_ENGINES } from '../../shippers/dev-cluster/distributions.ts';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import { createSubscriptionHandler, ShipIncompleteError } from '../../shippers/lambda/handler.ts';
import { createLambdaEntry } from '../../shippers/lambda/index.ts';
import { IndexPeriodConflictError } from '../../shippers/lambda/period-guard.ts';
import { createPricer } from '../../shippers/pricer.ts';
import { count, indicesOf, search, useShipperEs } from '../support/shipper-es.ts';
import {
  FIXTURE_ACCOUNT,
  fixtureStreams,
  LINES_PER_COPY,
  subscriptionEvent,
} from '../support/shipper-fixtures.ts';

const contextWith = (ms: number) => {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

describe.each(SEARCH_ENGINES)('subscription handler (real %s)', (engine) => {
  const es = useShipperEs(engine);
  async function setup(name: string, requestTimeoutMs = 5_000) {
    const prefix = await es.fresh(name);
    const lines: string[] = [];
    const shipper = createElasticsearchShipper({
      connection: { node: es.proxy.url, engine },
      indexPrefix: prefix,
      requestTimeoutMs,
      backoff: { initialMs: 20, maxMs: 100, maxAttempts: 10 },
    });
    const handle = createSubscriptionHandler({
      shipper,
      region: 'us-east-1',
      marginMs: 300,
      pricer: createPricer({ region: 'us-east-1', architecture: 'x86_64' }),
      writeLine: (l) => lines.push(l),
    });
    return { prefix, handle, lines };
  }

  it('skips CONTROL_MESSAGE probes and ships nothing for them', async () => {
    const { prefix, handle, lines } = await setup('control');
    const result = await handle(
      subscriptionEvent([], { messageType: 'CONTROL_MESSAGE' }),
      contextWith(5_000),
    );
    expect(result).toEqual({ kind: 'control-message' });
    expect(lines).toEqual([]);
    expect(await count(es.client, `${prefix}-logs`)).toBe(0);
  });

  it('stops before a near deadline, and the retried delivery completes without duplicates', async () => {
    const { prefix, handle, lines } = await setup('deadline', 10_000);
    const streams = fixtureStreams(3);
    const events = streams.map((s) => subscriptionEvent(s, { policyLevel: 'ACCOUNT_LEVEL_POLICY' }));
    // Deliver the first three streams normally.
    for (const e of events.slice(0, 3)) await handle(e, contextWith(10_000));
    // Elasticsearch hangs: the fourth delivery must give up before Lambda's own timeout.
    es.proxy.hang();
    const started = Date.now();
    const err = await handle(events[3]!, contextWith(1_500)).catch((e: unknown) => e);
    const took = Date.now() - started;
    es.proxy.release();
    expect(err).toBeInstanceOf(ShipIncompleteError);
    expect((err as ShipIncompleteError).metrics.pending).toBe(streams[3]!.length + 2);
    expect(took).toBeLessThan(1_500);
    // Lambda's retry of the same payload, then the rest of the deliveries (one delivered twice).
    await handle(events[3]!, contextWith(10_000));
    for (const e of events.slice(4)) await handle(e, contextWith(10_000));
    const again = await handle(events[0]!, contextWith(10_000));
    expect(again.kind === 'shipped' && again.metrics.duplicates).toBe(streams[0]!.length + 1);
    expect(await count(es.client, `${prefix}-logs`)).toBe(3 * LINES_PER_COPY);
    expect(await count(es.client, `${prefix}-invocations`)).toBe(3 * 8);
    const emf = lines.map((l) => JSON.parse(l));
    expect(emf[0]._aws.CloudWatchMetrics[0].Namespace).toBe('lambdalens/shipper');
    expect(emf[0]).toMatchObject({
      events: 5,
      received: 6,
      indexed: 6,
      duplicates: 0,
      deadLettered: 0,
      pending: 0,
    });
    const line = await search(es.client, `${prefix}-logs`, {
      query: { term: { 'aws.cloudwatch.event_id': streams[0]![0]!.eventId } },
    });
    expect(line[0]).toMatchObject({
      cloud: { account: { id: FIXTURE_ACCOUNT }, region: 'us-east-1' },
      aws: {
        cloudwatch: { subscription_filters: ['lambdalens-shipper'], policy_level: 'ACCOUNT_LEVEL_POLICY' },
      },
    });
  });

  it('refuses every batch, asking once, when the prefix is stored under the other INDEX_PERIOD', async () => {
    const prefix = await es.fresh('period');
    const env = { ES_URL: es.proxy.url, INDEX_PREFIX: prefix, DEADLINE_MARGIN_MS: '300' };
    const [first, second] = fixtureStreams(1).map((s) => subscriptionEvent(s));
    const daily = createLambdaEntry(env);
    expect(await daily(first!, contextWith(10_000))).toMatchObject({
      kind: 'shipped',
      metrics: { indexed: 6 },
    });
    const stored = await indicesOf(es.client, prefix);
    // The batch's, and today's that `es setup` made.
    const invocationIndices = stored.filter((n) => n.startsWith(`${prefix}-invocations-`)).sort();
    expect(invocationIndices).toHaveLength(2);
    expect(invocationIndices).toContain(`${prefix}-invocations-2026.01.10`);

    // A container started after INDEX_PERIOD was switched: a re-delivery and a new batch.
    const asked: string[] = [];
    es.proxy.intercept((req) => {
      if (req.path.startsWith('/_cat/indices')) asked.push(req.path);
      return null;
    });
    const monthly = createLambdaEntry({ ...env, INDEX_PERIOD: 'monthly' });
    try {
      for (const event of [first!, second!, first!]) {
        const err = await monthly(event, contextWith(10_000)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(IndexPeriodConflictError);
        expect((err as Error).message).toBe(
          `INDEX_PERIOD is monthly, but ${es.proxy.url} holds the invocations of prefix "${prefix}" in daily indices (${invocationIndices.join(', ')}): writing would store re-delivered documents a second time beside them, so no batch is written; set INDEX_PERIOD=daily, as before, or INDEX_PREFIX to another prefix`,
        );
      }
    } finally {
      es.proxy.intercept(null);
    }
    expect(asked).toHaveLength(1);
    expect(await indicesOf(es.client, prefix)).toEqual(stored);
    expect(await count(es.client, `${prefix}-logs`)).toBe(5);
    expect(await count(es.client, `${prefix}-invocations`)).toBe(1);
    // The container of the period the prefix is stored under goes on: a re-delivery is a duplicate.
    expect(await daily(first!, contextWith(10_000))).toMatchObject({
      kind: 'shipped',
      metrics: { indexed: 0, duplicates: 6 },
    });
  });

  it('writes as before when the cluster will not list its indices, and asks again on the next batch', async () => {
    const prefix = await es.fresh('period-unlisted');
    const env = { ES_URL: es.proxy.url, INDEX_PREFIX: prefix, DEADLINE_MARGIN_MS: '300' };
    const [first, second] = fixtureStreams(1).map((s) => subscriptionEvent(s));
    await createLambdaEntry(env)(first!, contextWith(10_000));
    const monthly = createLambdaEntry({ ...env, INDEX_PERIOD: 'monthly' });
    // No right to list indices, as a role that may only write.
    es.proxy.intercept((req) =>
      req.path.startsWith('/_cat/indices')
        ? { status: 403, headers: { 'content-type': 'application/json' }, body: '{"error":"forbidden"}' }
        : null,
    );
    try {
      expect(await monthly(second!, contextWith(10_000))).toMatchObject({
        kind: 'shipped',
        metrics: { indexed: 3 },
      });
    } finally {
      es.proxy.intercept(null);
    }
    expect(await indicesOf(es.client, prefix)).toContain(`${prefix}-invocations-2026.01`);
    const err = await monthly(first!, contextWith(10_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexPeriodConflictError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^INDEX_PERIOD is monthly, but .* in daily indices \\(${prefix}-invocations-2026\\.01\\.10, `,
      ),
    );
  });

  it('keeps events whose fields are of odd types, read as the CLI reads them, and counts them malformed', async () => {
    const { prefix, handle } = await setup('odd-fields');
    const rid = 'a0537bcb-712d-11e4-8c97-0dd0dd0dd001';
    const t = Date.parse('2026-01-10T12:00:00.000Z');
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: FIXTURE_ACCOUNT,
      logGroup: '/aws/lambda/odd-fields',
      logStream: '2026/01/10/[$LATEST]odd',
      subscriptionFilters: ['lambdalens-shipper'],
      logEvents: [
        { id: '1', timestamp: t, message: `START RequestId: ${rid} Version: $LATEST\n` },
        { id: '2', timestamp: t + 1, message: null },
        { id: '3', timestamp: '2026-01-10T12:00:00.002Z', message: 12345 },
        { id: 4, timestamp: String(t + 3), message: `END RequestId: ${rid}\n` },
        ['not', 'an', 'event'],
        {
          id: '5',
          timestamp: t + 4,
          message: `REPORT RequestId: ${rid}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\n`,
        },
      ],
    };
    const data = gzipSync(JSON.stringify(payload)).toString('base64');
    const result = await handle({ awslogs: { data } }, contextWith(10_000));
    expect(result).toMatchObject({ kind: 'shipped', metrics: { events: 6, malformed: 4, pending: 0 } });
    const stored = await search<{ '@timestamp': string; message: string }>(es.client, `${prefix}-logs`, {
      size: 10,
      sort: [{ 'aws.cloudwatch.event_id': 'asc' }],
    });
    expect(stored.map((d) => [d['@timestamp'], d.message.trimEnd().slice(0, 20)])).toEqual([
      ['2026-01-10T12:00:00.000Z', `START RequestId: ${rid}`.slice(0, 20)],
      ['2026-01-10T12:00:00.001Z', 'null'],
      // Its ISO time read as the CLI reads it, not left undated.
      ['2026-01-10T12:00:00.002Z', '12345'],
      ['2026-01-10T12:00:00.003Z', `END RequestId: ${rid}`.slice(0, 20)],
      ['2026-01-10T12:00:00.004Z', `REPORT RequestId: ${rid}`.slice(0, 20)],
      // The entry that is not an event: its JSON text, without an ID, at the line before it.
      ['2026-01-10T12:00:00.003Z', '["not","an","event"]'],
    ]);
  });

  it('keeps the request ID of lines split across two deliveries, and prices the invocation', async () => {
    const { prefix, handle } = await setup('split');
    // The qrush block: START, two lines (one without any ID), END, REPORT.
    const stream = fixtureStreams(1)[0]!;
    expect(stream).toHaveLength(5);
    await handle(subscriptionEvent(stream.slice(0, 2)), contextWith(10_000));
    await handle(subscriptionEvent(stream.slice(2)), contextWith(10_000));
    const requestId = 'a0537bcb-712d-11e4-8c97-af075a3c0929';
    expect(await count(es.client, `${prefix}-logs`, { term: { 'faas.execution': requestId } })).toBe(5);
    const inv = await search(es.client, `${prefix}-invocations`);
    expect(inv).toHaveLength(1);
    const source = inv[0]!;
    expect(source.lambdalens.invocation.line_count).toBe(5);
    expect(source.lambdalens.invocation.billed_duration_ms).toBe(800);
    // 800 ms × 128 MB = 100 GB-ms = 0.1 GB-s at $0.0000166667 plus one request at $0.0000002.
    expect(source.lambdalens.cost.total_usd).toBeCloseTo(0.1 * 0.0000166667 + 0.0000002, 12);
  });
  it('says in its log and its metrics how many events it stopped keeping for a stream past the carry’s bytes', async () => {
    const prefix = await es.fresh('carry-bytes');
    const lines: string[] = [];
    const warnings: string[] = [];
    const handle = createSubscriptionHandler({
      shipper: createElasticsearchShipper({
        connection: { node: es.proxy.url, engine },
        indexPrefix: prefix,
      }),
      marginMs: 300,
      writeLine: (l) => lines.push(l),
      carry: { maxCarryBytes: 2_500 },
      logger: jsonLogger((l) => warnings.push(l)),
    });
    const rid = 'a0537bcb-712d-11e4-8c97-0000ca7700b1';
    const group = '/aws/lambda/long-lines';
    const at = (i: number, message: string): LogEvent => ({
      timestamp: Date.parse('2026-01-10T12:00:00.000Z') + i,
      message,
      logGroup: group,
      logStream: '2026/01/10/[$LATEST]long',
      eventId: String(i).padStart(56, '0'),
    });
    // START (340 bytes as the carry counts) and three untagged lines of 1,000 characters
    // (2,200 bytes each) of a request still running: within 2,500 bytes only the last line stays.
    const first = [at(1, `START RequestId: ${rid} Version: $LATEST`), at(2, 'a'.repeat(1000))];
    first.push(at(3, 'b'.repeat(1000)), at(4, 'c'.repeat(1000)));
    expect(await handle(subscriptionEvent(first), contextWith(10_000))).toMatchObject({
      kind: 'shipped',
      metrics: { events: 4, indexed: 4, pending: 0, carryLetGo: 3 },
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({ LogGroup: group, carryLetGo: 3 });
    expect(warnings.map((l) => JSON.parse(l))).toEqual([
      {
        level: 'warn',
        message:
          'let go of 3 event(s) kept for the next deliveries of their streams (3 past 2500 bytes kept, set by CARRY_MAX_MB): they were ' +
          'shipped, but a request they began is written without them, and its untagged lines to come with no request ID',
        logGroup: group,
      },
    ]);
    // The request's next lines: what letting go cost, and nothing more let go.
    const rest = [at(5, 'untagged after the cut'), at(6, `END RequestId: ${rid}`)];
    rest.push(
      at(
        7,
        `REPORT RequestId: ${rid}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB`,
      ),
    );
    expect(await handle(subscriptionEvent(rest), contextWith(10_000))).toMatchObject({
      kind: 'shipped',
      metrics: { events: 3, indexed: 4, carryLetGo: 0 },
    });
    expect(warnings).toHaveLength(1);
    const cut = await search(es.client, `${prefix}-logs`, {
      query: { term: { 'aws.cloudwatch.event_id': rest[0]!.eventId } },
    });
    expect(cut[0]?.faas?.execution).toBeUndefined();
    const inv = await search<{
      event: { outcome: string };
      lambdalens: { invocation: { line_count: number } };
    }>(es.client, `${prefix}-invocations`);
    // The request wrote 7 lines; its document counts the 4 read after the cut.
    expect(inv.map((d) => [d.event.outcome, d.lambdalens.invocation.line_count])).toEqual([['success', 4]]);
  });

  it('keeps what CARRY_MAX_MB allows of its streams, and refuses a CARRY_MAX_MB that is no size', async () => {
    const prefix = await es.fresh('carry-env');
    const env = { ES_URL: es.proxy.url, INDEX_PREFIX: prefix, DEADLINE_MARGIN_MS: '300' };
    const rid = 'a0537bcb-712d-11e4-8c97-0000ca7700b2';
    const at = (i: number, message: string): LogEvent => ({
      timestamp: Date.parse('2026-01-10T12:00:00.000Z') + i,
      message,
      logGroup: '/aws/lambda/long-lines',
      logStream: '2026/01/10/[$LATEST]env',
      eventId: String(i).padStart(56, '0'),
    });
    const events = [at(1, `START RequestId: ${rid} Version: $LATEST`), at(2, 'a'.repeat(1000))];
    events.push(at(3, 'b'.repeat(1000)), at(4, 'c'.repeat(1000)));
    // 0.0024 MB is 2,516 bytes: of START (340 bytes as the carry counts them) and three lines
    // of 2,200 bytes each, only the last line stays. Unset, the default 64 MiB keeps all four.
    const small = createLambdaEntry({ ...env, CARRY_MAX_MB: '0.0024' });
    expect(await small(subscriptionEvent(events), contextWith(10_000))).toMatchObject({
      kind: 'shipped',
      metrics: { events: 4, indexed: 4, carryLetGo: 3 },
    });
    const unset = createLambdaEntry(env);
    expect(await unset(subscriptionEvent(events), contextWith(10_000))).toMatchObject({
      kind: 'shipped',
      metrics: { events: 4, carryLetGo: 0 },
    });
    for (const wrong of ['lots', '0', '-5']) {
      const entry = createLambdaEntry({ ...env, CARRY_MAX_MB: wrong });
      await expect(entry(subscriptionEvent(events), contextWith(10_000))).rejects.toThrow(
        `CARRY_MAX_MB must be a positive number of megabytes, not "${wrong}"`,
      );
    }
  });

  it('keeps the streams and the events a stream that CARRY_MAX_STREAMS and CARRY_MAX_EVENTS_PER_STREAM allow', async () => {
    const prefix = await es.fresh('carry-counts');
    const env = { ES_URL: es.proxy.url, INDEX_PREFIX: prefix, DEADLINE_MARGIN_MS: '300' };
    const at = (stream: string, i: number, message: string): LogEvent => ({
      timestamp: Date.parse('2026-01-10T12:00:00.000Z') + i,
      message,
      logGroup: '/aws/lambda/busy',
      logStream: `2026/01/10/[$LATEST]${stream}`,
      eventId: `${stream}${String(i).padStart(52, '0')}`,
    });
    // A request left open in each of two streams, delivered one after the other.
    const open = (stream: string, rid: string) => [
      at(stream, 1, `START RequestId: ${rid} Version: $LATEST`),
      at(stream, 2, 'one'),
      at(stream, 3, 'two'),
    ];
    const a = open('aaaa', 'a0537bcb-712d-11e4-8c97-0000ca7700b2');
    const b = open('bbbb', 'b0537bcb-712d-11e4-8c97-0000ca7700b2');
    const deliver = async (extra: Record<string, string>) => {
      const entry = createLambdaEntry({ ...env, ...extra });
      const first = await entry(subscriptionEvent(a), contextWith(10_000));
      const second = await entry(subscriptionEvent(b), contextWith(10_000));
      return [first, second].map((r) => (r as { metrics: { carryLetGo: number } }).metrics.carryLetGo);
    };
    // One stream kept: the second delivery lets the first stream's three events go.
    expect(await deliver({ CARRY_MAX_STREAMS: '1' })).toEqual([0, 3]);
    // Two events a stream: each delivery lets its stream's oldest (START) go.
    expect(await deliver({ CARRY_MAX_EVENTS_PER_STREAM: '2' })).toEqual([1, 1]);
    // Unset, the defaults keep all of both.
    expect(await deliver({})).toEqual([0, 0]);
  });
});
