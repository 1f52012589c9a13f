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
  it('formats walks of nearby times exactly, whatever minute and second they share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62_000_000_000_000, max: 253_402_000_000_000 }),
        fc.array(fc.integer({ min: -130_000, max: 130_000 }), { maxLength: 40 }),
        (start, steps) => {
          let ms = start;
          for (const step of steps) {
            ms += step;
            expect(formatIso(ms)).toBe(new Date(ms).toISOString());
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it('formats runs of times within a second, across days and before 1970', () => {
    const base = Date.UTC(2026, 9, 3, 10, 0, 5);
    const times = [
      base,
      base + 1,
      base + 999,
      base + 1000,
      base - 1,
      base + 86_400_007,
      base + 2,
      -1.5,
      -1,
      0,
    ];
    for (const ms of times) expect(formatIso(ms)).toBe(new Date(ms).toISOString());
  });
  it('reads a time inside a longer line, within its bounds', () => {
    const line = 'at 2026-10-03T10:00:00.123+01:00\tINFO';
    expect(parseIso(line, 3, 32)).toBe(Date.UTC(2026, 9, 3, 9, 0, 0, 123));
    expect(parseIso(line, 3, 26)).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 123));
    expect(parseIso(line, 3, 29)).toBeNaN();
    expect(parseIso(line, 3, 33)).toBeNaN();
    expect(parseIso(line, 0, 32)).toBeNaN();
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
    expect(parseIso('2026-10-03T10:00:00.9999999999Z')).toBe(Date.UTC(2026, 9, 3, 10, 0, 0, 999));
    expect(parseIso('2024-02-29T23:59:59.001-01:30')).toBe(Date.UTC(2024, 2, 1, 1, 29, 59, 1));
    expect(parseIso('1969-07-20T20:17:40Z')).toBe(Date.UTC(1969, 6, 20, 20, 17, 40));
  });
});
