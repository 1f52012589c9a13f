/**
 * Hostile subscription payloads through the real handler into the real Elasticsearch:
 * JSON nested thousands of levels deep, wide objects, huge strings, lone surrogates and
 * other odd Unicode, fields of the wrong type, entries that are not objects. The handler
 * never throws on data, and every event ends as a stored line (or, at worst, a dead letter).
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createElasticsearchShipper } from '../../shippers/elasticsearch/shipper.ts';
import { createSubscriptionHandler } from '../../shippers/lambda/handler.ts';
import { count, engineUrl, search, useShipperEs } from '../support/shipper-es.ts';

const deep = (levels: number, leaf = '1') => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;

const message = fc.oneof(
  fc.integer({ min: 5_000, max: 40_000 }).map((n) => deep(n)),
  fc.integer({ min: 5_000, max: 40_000 }).map((n) => `2026-01-10T00:00:00.000Z\tabc\tINFO\t${deep(n)}`),
  fc
    .integer({ min: 1_000, max: 20_000 })
    .map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
  fc.integer({ min: 100_000, max: 600_000 }).map((n) => JSON.stringify({ huge: 'h'.repeat(n) })),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{"lone":"\\ud800"}',
    '{"pair":"\\ud83d\\ude00","rtl":"\\u202e","nul":"\\u0000"}',
    '\ud800 raw lone',
    '{"__proto__":{"polluted":true}}',
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

/** An event entry as a hostile payload may hold it: odd types, missing fields, not an object at all. */
const entry = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      id: fc.nat().map(String),
      timestamp: fc.constant(Date.parse('2026-01-10T12:00:00Z')),
      message,
    }),
  },
  fc.record({
    id: fc.oneof(fc.nat(), fc.constant(null)),
    timestamp: fc.oneof(fc.constant(1e20), fc.constant('2026-01-10'), fc.constant(null), fc.double()),
    // A message that is itself deep JSON (not a string): written into the payload as raw text.
    message: fc.oneof(
      message,
      fc.integer({ min: 5_000, max: 20_000 }).map((n) => ({ raw: deep(n) })),
      fc.constant(null),
    ),
  }),
  fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 20 })),
);

describe('hostile payloads through the subscription handler (real Elasticsearch)', () => {
  const es = useShipperEs();

  it('never throws, and stores every event', { timeout: 240_000 }, async () => {
    const prefix = await es.fresh('fuzz');
    const handle = createSubscriptionHandler({
      shipper: createElasticsearchShipper({
        connection: { node: engineUrl('elasticsearch'), engine: 'elasticsearch' },
        indexPrefix: prefix,
      }),
      writeLine: () => {},
    });
    let events = 0;
    let stored = 0;
    let run = 0;
    // Drawn from a fixed seed and run one by one: fast-check's own report would try to print
    // the inputs, whose depth is the point of the test.
    for (const entries of fc.sample(fc.array(entry, { minLength: 1, maxLength: 6 }), {
      numRuns: 25,
      seed: 1515,
    })) {
      run++;
      // Unique IDs per run, so every event is a document of its own.
      const logEvents = entries.map((e, i) =>
        e !== null && typeof e === 'object' ? { ...e, id: `${run}-${i}-${String(e.id)}` } : e,
      );
      const payload = {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/fuzz',
        logStream: `2026/01/10/[$LATEST]fuzz${run}`,
        subscriptionFilters: ['f'],
        logEvents,
      };
      // JSON.stringify cannot write deep values: they go in as placeholders, replaced by their text.
      const raws: string[] = [];
      const text = JSON.stringify(payload, (key, value) => {
        if (key === 'message' && value !== null && typeof value === 'object' && 'raw' in value) {
          raws.push(value.raw as string);
          return `@@raw${raws.length - 1}@@`;
        }
        return value;
      }).replace(/"@@raw(\d+)@@"/g, (_, i) => raws[Number(i)] as string);
      const data = gzipSync(text).toString('base64');
      let result: Awaited<ReturnType<typeof handle>>;
      try {
        result = await handle({ awslogs: { data } }, { getRemainingTimeInMillis: () => 60_000 });
      } catch (err) {
        // Reported as text: fast-check would print the input, whose depth is the point.
        throw new Error(`handler threw: ${(err as Error).stack?.slice(0, 2_000)}`);
      }
      expect(result.kind).toBe('shipped');
      if (result.kind !== 'shipped') return;
      expect(result.metrics.pending).toBe(0);
      events += entries.length;
      stored += result.metrics.indexed + result.metrics.duplicates + result.metrics.deadLettered;
    }
    // Line documents for every event, plus the odd invocation a fuzzed line may open.
    expect(stored).toBeGreaterThanOrEqual(events);
    expect(await count(es.client, `${prefix}-logs`)).toBe(events);
  });
});

for (const engine of ['elasticsearch', 'opensearch'] as const) {
  describe(`application JSON keys no engine indexes as written (real ${engine})`, () => {
    const es = useShipperEs(engine);

    it('stores the line with its keys cut (a NUL, 40,000 characters, a path past 32 KB), not as a dead letter', async () => {
      const prefix = await es.fresh('keys');
      const handle = createSubscriptionHandler({
        shipper: createElasticsearchShipper({
          connection: { node: engineUrl(engine), engine },
          indexPrefix: prefix,
        }),
        writeLine: () => {},
      });
      const nested = (levels: number, key: string) =>
        `${`{"${key}":`.repeat(levels)}"leaf"${'}'.repeat(levels)}`;
      const messages = [
        JSON.stringify({ 'a\u0000b': 1, plain: 'kept' }),
        JSON.stringify({ ['k'.repeat(40_000)]: 'v', plain: 'kept' }),
        nested(8, 'é'.repeat(5_000)),
      ];
      const logEvents = messages.map((message, i) => ({
        id: `keys-${i}`,
        timestamp: Date.parse('2026-01-10T12:00:00Z') + i,
        message,
      }));
      const payload = {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/keys',
        logStream: '2026/01/10/[$LATEST]keys',
        subscriptionFilters: ['f'],
        logEvents,
      };
      const data = gzipSync(JSON.stringify(payload)).toString('base64');
      const result = await handle({ awslogs: { data } }, { getRemainingTimeInMillis: () => 60_000 });
      expect(result.kind).toBe('shipped');
      if (result.kind !== 'shipped') return;
      expect(result.metrics).toMatchObject({ indexed: 3, deadLettered: 0, pending: 0 });
      const lines = await search<{
        message: string;
        lambdalens: { json: Record<string, unknown>; json_cut_keys: number };
      }>(es.client, `${prefix}-logs-*`, { sort: [{ '@timestamp': 'asc' }] });
      expect(lines.map((l) => l.message)).toEqual(messages);
      expect(lines.map((l) => l.lambdalens.json_cut_keys)).toEqual([1, 1, 8]);
      expect(lines[0]?.lambdalens.json).toEqual({ 'a\ufffdb': 1, plain: 'kept' });
      expect(lines[1]?.lambdalens.json).toEqual({ ['k'.repeat(256)]: 'v', plain: 'kept' });
    });
  });
}
