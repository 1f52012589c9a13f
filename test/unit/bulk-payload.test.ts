/**
 * A document's `_bulk` payload is written without a generic serializer where the shape is
 * known (made IDs quoted as they are, the size counted in parts): it must be, byte for
 * byte and in its counted size, what serializing the action and the source writes, for
 * any ID, index, version and source.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionLine, prepareDocument } from '../../shippers/bulk-request.ts';
import { invocationDocumentId, lineDocumentId } from '../../shippers/documents.ts';
import type { ShipDocument } from '../../shippers/types.ts';

/** The payload as the client's own bulk helper writes it: each line serialized whole. */
function plainPayload(index: string, id: string, version: number | null, source: unknown): string {
  const action =
    version === null
      ? { create: { _index: index, _id: id } }
      : { index: { _index: index, _id: id, version, version_type: 'external' } };
  return `${JSON.stringify(action)}\n${JSON.stringify(source)}\n`;
}

const doc = (id: string, version: number | null, source: Record<string, unknown>): ShipDocument => ({
  kind: version === null ? 'line' : 'invocation',
  id,
  placement: 0,
  version,
  source,
  identity: { logGroup: null, logStream: null, eventId: null, requestId: null },
});

describe('bulk payload', () => {
  it('writes made IDs as JSON.stringify does, for lines and invocations', () => {
    const made = [
      lineDocumentId({ timestamp: 1, message: 'a\n', logGroup: '/aws/lambda/f', logStream: 's' }, 0),
      lineDocumentId({ timestamp: 1, message: 'a\n', logGroup: '/aws/lambda/f', eventId: 'e1' }, 3),
      invocationDocumentId({ functionName: 'f', requestId: 'r-1' } as never),
    ];
    for (const id of made) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
      for (const version of [null, 33554433]) {
        const p = prepareDocument(doc(id, version, { a: 1 }), 'lambdalens-logs-2026.01.10');
        expect(p.payload.toString()).toBe(plainPayload('lambdalens-logs-2026.01.10', id, version, { a: 1 }));
        expect(p.bytes).toBe(p.payload.length);
      }
    }
  });

  it('keeps the IDs documents have always had (a re-delivery after an upgrade is no second copy)', () => {
    const group = '/aws/lambda/f';
    expect([
      lineDocumentId(
        {
          timestamp: 1768046400000,
          message: 'START RequestId: r-1\n',
          logGroup: group,
          logStream: '2026/01/10/[$LATEST]ab',
        },
        0,
      ),
      lineDocumentId(
        { timestamp: 1768046400000, message: 'hello ünï\n', logGroup: group, logStream: 's', eventId: 'e1' },
        2,
        1768046400001,
        true,
      ),
      lineDocumentId(
        { timestamp: 1768046400000, message: 'x', logGroup: group, logStream: 's', eventId: 'e1' },
        0,
        1768046400000,
        true,
      ),
      lineDocumentId({ timestamp: Number.NaN, message: 'untimed' }, 1, Number.NaN),
      invocationDocumentId({ functionName: 'f', requestId: 'r-1' } as never),
      invocationDocumentId({ functionName: null, requestId: 'r-2' } as never),
    ]).toEqual([
      '2YfNXBczuf3DJc1C6NrHojeVSBbtgwEY',
      '52az3Ek8zEGovpu8lkEu6J4LM9LYGX6u',
      'zR-Fxu3nv8jx_S3if6Ccw7ReZm0eG7EC',
      'nQVym6TRnMUarRXDQFjd4CWeNZzEjsLM',
      '2-oYwC7o0RPm_vR9tdp_OBmvipqVG_AG',
      'UyYUN-m7Q2pkO2LFGfQ_qbHa4K2BaC01',
    ]);
  });

  it('is what serializing writes, and counts its bytes, for any ID, index, version and source', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    const id = fc.oneof(text, fc.stringMatching(/^[\w-]{0,40}$/));
    fc.assert(
      fc.property(
        id,
        text,
        fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
        fc.dictionary(text, fc.jsonValue()),
        (anId, index, version, source) => {
          expect(actionLine(index, anId, version)).toBe(
            `${plainPayload(index, anId, version, {}).split('\n')[0]}\n`,
          );
          const p = prepareDocument(doc(anId, version, source), index);
          const text = plainPayload(index, anId, version, source);
          expect(p.payload.toString()).toBe(text);
          expect(p.bytes).toBe(Buffer.byteLength(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
