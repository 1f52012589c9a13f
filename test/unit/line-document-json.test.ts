/**
 * A line document's source is written as JSON field by field, without the object: the
 * text must be, byte for byte, what `JSON.stringify` writes for the object built field by
 * field (`lineDocumentSource`, what the shipper used to serialize), and the object the
 * document gives when asked for it must be that object. Held on every line of the example
 * month and the fixtures (each document's own build, seen as assembling makes it), and on
 * fuzzed lines, facts and sources.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { readLogEventBatches } from '../../collectors/files/read-inputs.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { documentsFromEvents } from '../../shippers/assemble.ts';
import type { LineFacts, SourceMeta } from '../../shippers/documents.ts';
import * as documents from '../../shippers/documents.ts';
import type { ShipDocument } from '../../shippers/types.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type LineArgs = Parameters<typeof documents.buildLineDocument>;

/** Every line document assembling builds, with what it was built from (the real builder runs). */
const built = vi.hoisted(() => [] as { doc: ShipDocument; args: unknown[] }[]);
vi.mock('../../shippers/documents.ts', async (original) => {
  const real = await original<typeof documents>();
  return {
    ...real,
    buildLineDocument: (...args: LineArgs) => {
      const doc = real.buildLineDocument(...args);
      built.push({ doc, args });
      return doc;
    },
  };
});

function expectWrittenAsStringified(doc: ShipDocument, args: LineArgs): void {
  const reference = documents.lineDocumentSource(...args);
  expect(doc.sourceText).toBeDefined();
  expect(doc.sourceText).toBe(JSON.stringify(reference));
  expect(doc.source).toEqual(reference);
}

describe('line document JSON', () => {
  it('is what JSON.stringify writes, on every line of the examples and the fixtures', async () => {
    const inputs = [join(ROOT, 'examples', 'data', 'logs'), join(ROOT, 'test', 'fixtures', 'log-shapes')];
    for (const file of ['lambda-log-samples.txt', 'shipper-samples.txt', 'pricing-report-lines.txt'])
      inputs.push(join(ROOT, 'test', 'fixtures', file));
    let lines = 0;
    const docs = documentsFromEvents(readLogEventBatches(inputs), {
      meta: {
        region: 'eu-west-1',
        accountId: '123456789012',
        subscriptionFilters: ['all'],
        policyLevel: 'ACCOUNT',
      },
    });
    built.length = 0;
    for await (const doc of docs) {
      if (doc.kind !== 'line') continue;
      lines++;
      const seen = built.find((b) => b.doc === doc);
      expect(seen).toBeDefined();
      expectWrittenAsStringified(doc, seen?.args as LineArgs);
    }
    expect(lines).toBeGreaterThan(13_000);
    expect(built.length).toBe(lines);
  });

  it('is what JSON.stringify writes for fuzzed lines, facts and sources', () => {
    const text = fc.string({ unit: 'binary', maxLength: 80 });
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const message = fc.oneof(
      text,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .tuple(fc.jsonValue(), text)
        .map(([v, id]) => `2026-10-01T03:05:25.991Z\t${id}\tINFO\t${JSON.stringify(v)}\n`),
    );
    const time = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 4_102_444_800_000 }));
    const event: fc.Arbitrary<LogEvent> = fc.record({
      message,
      timestamp: time,
      logGroup: maybe(text),
      logStream: maybe(text),
      eventId: maybe(text),
      ingestionTime: maybe(time),
    });
    const facts: fc.Arbitrary<LineFacts> = fc.record({
      requestId: fc.option(text, { nil: null }),
      level: fc.option(fc.constantFrom('TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'), { nil: null }),
      traceId: fc.option(text, { nil: null }),
      lineKind: fc.oneof(fc.constantFrom('app', 'start', 'end', 'report', 'platform'), text),
      ordinal: fc.nat(),
      time,
      timeSource: fc.constantFrom('event', 'line', 'anchor', 'none'),
    });
    const meta: fc.Arbitrary<SourceMeta> = fc.record({
      region: maybe(fc.option(text, { nil: null })),
      accountId: maybe(fc.option(text, { nil: null })),
      subscriptionFilters: maybe(fc.array(text, { maxLength: 3 })),
      policyLevel: maybe(fc.option(text, { nil: null })),
      functionName: maybe(fc.option(text, { nil: null })),
    });
    fc.assert(
      fc.property(event, facts, meta, time, fc.integer({ min: 1, max: 50 }), (e, f, m, at, maxFields) => {
        expectWrittenAsStringified(documents.buildLineDocument(e, f, m, at, maxFields), [
          e,
          f,
          m,
          at,
          maxFields,
        ]);
      }),
      { numRuns: 2000 },
    );
  });
});
