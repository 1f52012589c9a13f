import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIso, parseIso } from '../../collectors/iso-time.ts';

describe('ISO times', () => {
  it('formats exactly as Date does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        expect(formatIso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });
  it('parses what it formats, and the shapes logs use', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        expect(parseIso(new Date(ms).toISOString())).toBe(ms);
      }),
      { numRuns: 2000 },
    );
    expect(parseIso('2026-10-03T10:00:00.123456')).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 123));
    expect(parseIso('2026-10-03T10:00:00.123000+00:00')).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 123));
    expect(parseIso('2026-10-03T12:00:00+02:00')).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 0));
    expect(parseIso('2026-10-03 10:00:00,5Z')).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 500));
    expect(parseIso('2026-10-03T10:00:00Z')).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 0));
    expect(parseIso('not a time')).toBeNaN();
    expect(parseIso('2026-13-03T10:00:00Z')).toBeNaN();
  });
});
