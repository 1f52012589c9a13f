/**
 * User data cannot make the shipper's transformations throw: JSON nested far past the call
 * stack, wide objects, huge strings and odd Unicode go through capping and serialization
 * bounded, and ordinary JSON comes out exactly as `JSON.stringify` writes it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonText } from '../../collectors/kernel/index.ts';
import { extractAppJson, MAX_KEY_CHARS, MAX_LEAF_CHARS } from '../../shippers/app-json.ts';
import { buildBatchDocuments } from '../../shippers/assemble.ts';
import { sourceJson } from '../../shippers/bulk-request.ts';
import { deadLetterRecord, MAX_ORIGINAL_CHARS } from '../../shippers/dead-letter.ts';

const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('bounded JSON text', () => {
  it('writes what JSON.stringify writes for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonText(value)).toEqual({ text: JSON.stringify(value), truncated: false });
      }),
      { numRuns: 300 },
    );
  });

  it('writes 200,000 levels of nesting that JSON.stringify cannot', () => {
    const value = JSON.parse(deepArray(200_000));
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    const out = jsonText(value);
    expect(out.text).toBe(deepArray(200_000));
    expect(out.truncated).toBe(false);
  });

  it('stops at its bound, wherever the bound falls', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(200), (value, max) => {
        const full = JSON.stringify(value);
        const out = jsonText(value, max);
        expect(out.text.length).toBeLessThanOrEqual(max);
        expect(out.truncated).toBe(full.length > max);
        expect(full.startsWith(out.text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('application JSON of hostile shape', () => {
  it('caps JSON nested 5,000 and 100,000 levels deep without throwing', () => {
    for (const levels of [5_000, 100_000]) {
      const out = extractAppJson(`2026-01-10T00:00:00.000Z\tabc\tINFO\t${deepObject(levels)}`);
      expect(out).not.toBeNull();
      // Eight levels kept as objects, the rest as one JSON leaf cut at the leaf bound.
      let node: unknown = out?.value;
      for (let i = 0; i < 8; i++) node = (node as Record<string, unknown>).a;
      expect(typeof (node as Record<string, unknown>).a).toBe('string');
      expect(((node as Record<string, string>).a as string).length).toBeLessThanOrEqual(MAX_LEAF_CHARS);
      expect(out?.truncatedValues).toBe(levels > 1_000 ? 1 : 0);
      // Quotes of the leaf's JSON text are escaped once more in the document.
      expect(sourceJson({ json: out?.value }).length).toBeLessThan(2 * MAX_LEAF_CHARS + 200);
    }
  });

  it('keeps 100 leaves of a 50,000-key object, counts the rest, and cuts huge strings', () => {
    const wide = Object.fromEntries(
      Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 'x'.repeat(i === 0 ? 1e6 : 1)]),
    );
    const out = extractAppJson(JSON.stringify(wide))!;
    expect(Object.keys(out.value)).toHaveLength(100);
    expect(out.droppedFields).toBe(49_900);
    expect((out.value.k0 as string).length).toBe(MAX_LEAF_CHARS);
    expect(out.truncatedValues).toBe(1);
  });

  it('cuts keys past MAX_KEY_CHARS and writes a NUL in a key as U+FFFD, counting them; a key that then repeats one is dropped', () => {
    const long = 'k'.repeat(MAX_KEY_CHARS + 10);
    const text = `{"a\\u0000b":1,"${long}":2,"${'k'.repeat(MAX_KEY_CHARS)}x":3,"ok":{"${long}":4}}`;
    const out = extractAppJson(text)!;
    expect(out.value).toEqual({
      'a\ufffdb': 1,
      ['k'.repeat(MAX_KEY_CHARS)]: 2,
      ok: { ['k'.repeat(MAX_KEY_CHARS)]: 4 },
    });
    expect(out.cutKeys).toBe(4);
    expect(out.droppedFields).toBe(1);
  });

  it('never splits a surrogate pair when cutting, and keeps lone surrogates and a __proto__ key as data', () => {
    const pairs = '😀'.repeat(MAX_LEAF_CHARS);
    const text = `${JSON.stringify({ s: pairs, lone: '\ud800x\udfff' }).slice(0, -1)},"__proto__":"kept"}`;
    const out = extractAppJson(text)!;
    const s = out.value.s as string;
    expect(s.length).toBe(MAX_LEAF_CHARS);
    expect(s.codePointAt(s.length - 2)).toBe(0x1f600);
    expect(out.value.lone).toBe('\ud800x\udfff');
    expect(Object.getOwnPropertyDescriptor(out.value, '__proto__')?.value).toBe('kept');
    expect(Object.getPrototypeOf(out.value)).toBe(Object.prototype);
  });

  it('builds documents from arbitrary JSON messages without throwing, every document serializable', () => {
    const hostile = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
      fc.integer({ min: 1, max: 30_000 }).map(deepObject),
      fc.integer({ min: 1, max: 30_000 }).map((n) => `{"a":${deepArray(n)}}`),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => JSON.stringify({ s })),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 8 }), (messages) => {
        const events = messages.map((message, i) => ({
          timestamp: Date.parse('2026-01-10T00:00:00Z') + i,
          message,
          logGroup: '/aws/lambda/fuzz',
          logStream: '2026/01/10/[$LATEST]fuzz',
          eventId: String(i).padStart(56, '0'),
        }));
        const { documents } = buildBatchDocuments(events, new Map(), { clock: { now: () => 0 } });
        expect(documents.filter((d) => d.kind === 'line')).toHaveLength(messages.length);
        for (const d of documents) expect(() => JSON.parse(sourceJson(d.source))).not.toThrow();
      }),
      { numRuns: 60 },
    );
  });
});

describe('dead-letter records', () => {
  it('hold the original cut to a bound, so the record itself always fits', () => {
    const source = { message: 'x'.repeat(50 * 1024 * 1024) };
    const doc = {
      kind: 'line' as const,
      id: 'id',
      placement: 0,
      version: null,
      source,
      identity: { logGroup: 'g', logStream: 's', eventId: 'e', requestId: null },
    };
    const record = deadLetterRecord({
      doc,
      targetIndex: 'i',
      status: 413,
      type: 't',
      reason: 'r'.repeat(1e5),
      at: 0,
    });
    const text = JSON.stringify(record);
    expect(text.length).toBeLessThan(MAX_ORIGINAL_CHARS + 4_000);
    expect(record.event).toMatchObject({ original_truncated: true });
  });
});
