/**
 * Documents written to a spool by a thread that builds them and read back by the one that
 * ships them are the same documents: same destination, ID, version, identity and source
 * bytes, whatever the text holds.
 */
import { describe, expect, it } from 'vitest';
import { documentSourceJson, sourceJson } from '../../shippers/bulk-request.ts';
import { documentFromSpoolLine, spoolLine } from '../../shippers/spooled-documents.ts';
import type { ShipDocument } from '../../shippers/types.ts';

const hostile = 'tab\there\nnewline\r\n "quote" \\ back \u2028 sep \u0000 nul é 日本 🎉 \ud800 lone';

function doc(overrides: Partial<ShipDocument>): ShipDocument {
  return {
    kind: 'line',
    id: 'cjcJYdaWB1-qSpG_4uT9lU9Mm7Fx7QY2',
    placement: Date.UTC(2026, 9, 27, 1, 38, 27, 775),
    version: null,
    source: { message: hostile, nested: { list: [1, 'two', null, { three: true }] }, n: 1.5e-7 },
    identity: {
      logGroup: '/aws/lambda/orders-api',
      logStream: '2026/10/26/[12]6c3f',
      eventId: null,
      requestId: 'r-1',
    },
    ...overrides,
  };
}

function roundTrip(d: ShipDocument): ShipDocument {
  const line = spoolLine(d);
  expect(line.endsWith('\n')).toBe(true);
  // One line whatever the text holds: a reader splits the spool at newlines.
  expect(line.slice(0, -1)).not.toContain('\n');
  return documentFromSpoolLine(line.slice(0, -1));
}

describe('spooled documents', () => {
  it('read back as the documents written, the source bytes unchanged', () => {
    const cases = [
      doc({}),
      doc({ kind: 'invocation', version: 54_525_955, placement: Number.NaN }),
      doc({ identity: { logGroup: null, logStream: null, eventId: '3854…', requestId: null } }),
    ];
    for (const original of cases) {
      const back = roundTrip(original);
      expect(back.kind).toBe(original.kind);
      expect(back.id).toBe(original.id);
      expect(Object.is(back.placement, original.placement)).toBe(true);
      expect(back.version).toBe(original.version);
      expect(back.identity).toEqual(original.identity);
      expect(back.source).toEqual(JSON.parse(sourceJson(original.source)));
      // Sent as written, not serialized again.
      expect(documentSourceJson(back)).toBe(sourceJson(original.source));
      expect(back.sourceText).toBe(sourceJson(original.source));
    }
  });

  it('a line that is not a spooled document is named, not taken', () => {
    expect(() => documentFromSpoolLine('line\tid\t1')).toThrow('a spooled document has 3 fields, not 6');
    expect(() => documentFromSpoolLine('page\tid\t1\t\t{}\t{}')).toThrow('a spooled document of kind "page"');
  });
});
