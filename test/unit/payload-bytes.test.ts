/**
 * A document waiting for its answer is kept as the bytes it is sent as: each document's
 * bytes are its own however the shared buffers fill, its source reads back from them as
 * it was built, and the text it was built with is let go.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareDocument } from '../../shippers/bulk-request.ts';
import { buildLineDocument, type LineFacts } from '../../shippers/documents.ts';
import { bulkBody, PayloadWriter } from '../../shippers/payload-bytes.ts';
import type { ShipDocument } from '../../shippers/types.ts';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const identity = { logGroup: '/aws/lambda/f', logStream: 's', eventId: 'e1', requestId: 'r-1' };
const doc = (id: string, source: Record<string, unknown>, version: number | null = null): ShipDocument => ({
  kind: version === null ? 'line' : 'invocation',
  id,
  placement: 1_790_000_000_000,
  version,
  source,
  identity,
});

describe('payload bytes', () => {
  it('gives every payload bytes of its own across many shared buffers, large ones and multi-byte text', () => {
    const writer = new PayloadWriter();
    // Sizes around a slab's 4 MiB and the 512 KiB of a buffer of one's own, in one-, two-
    // and three-byte characters and surrogate pairs: a slab fills at every kind of edge.
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.integer({ min: 1, max: 700_000 }).map((n) => 'é'.repeat(n)),
      fc.integer({ min: 1, max: 200_000 }).map((n) => '€😀'.repeat(n)),
      fc.integer({ min: 1, max: 1_200_000 }).map((n) => 'x'.repeat(n)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 60 }), (pairs) => {
        const written = pairs.map(([a, s]) => writer.write(`${a}\n`, s));
        // Checked after all are written: a later payload overwriting an earlier one shows.
        for (const [i, [a, s]] of pairs.entries()) {
          expect((written[i] as Buffer).toString()).toBe(`${a}\n${s}\n`);
        }
        const body = bulkBody(written.map((payload) => ({ payload, bytes: payload.length })));
        expect(body.toString()).toBe(pairs.map(([a, s]) => `${a}\n${s}\n`).join(''));
      }),
      { numRuns: 40 },
    );
  });

  it('reads a sent document back as it was built: its facts, its source and its text', () => {
    const source = { message: 'hé 😀 \u2028 "q" \\', n: 1.5, nested: { a: [1, null, true] }, lone: '\ud800' };
    const original = doc('an-id', source, 33_554_433);
    const p = prepareDocument(original, 'lambdalens-invocations-2026.09.21');
    expect(p.doc).not.toBe(original);
    expect(p.doc.source).toEqual(source);
    expect(p.doc.sourceText).toBe(JSON.stringify(source));
    expect({ ...p.doc, source: null }).toMatchObject({
      kind: 'invocation',
      id: 'an-id',
      placement: 1_790_000_000_000,
      version: 33_554_433,
      identity,
    });
    expect(p.payload.toString()).toBe(
      `{"index":{"_index":"lambdalens-invocations-2026.09.21","_id":"an-id","version":33554433,"version_type":"external"}}\n${JSON.stringify(source)}\n`,
    );
  });

  it('lets go of the text a line document was built with once it is prepared', async () => {
    const facts: LineFacts = {
      requestId: '00000000-1111-4111-8111-000000000001',
      level: 'INFO',
      traceId: null,
      lineKind: 'app',
      ordinal: 0,
      time: 1_790_000_000_000,
      timeSource: 'event',
    };
    const built: WeakRef<ShipDocument>[] = [];
    const prepared = Array.from({ length: 20 }, (_, n) => {
      const line = buildLineDocument(
        { timestamp: facts.time, message: `${'m'.repeat(100_000)}${n}\n`, logGroup: '/aws/lambda/f' },
        facts,
        { functionName: 'f' },
        0,
      );
      built.push(new WeakRef(line));
      return prepareDocument(line, 'lambdalens-logs-2026.09.21');
    });
    // A WeakRef keeps its target for the rest of the job that made it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    // Kept as the document itself, each waiting document held its 100 KB of text twice.
    expect(built.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    expect(prepared.map((p) => (p.doc.source.message as string).slice(100_000))).toEqual(
      Array.from({ length: 20 }, (_, n) => `${n}`),
    );
  });
});
