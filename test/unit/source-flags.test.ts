/** What the source flags ask for: a command that follows unless told (tail) reads history when --until ends the read. */
import { describe, expect, it } from 'vitest';
import { sourceSpecFromFlags } from '../../cli/flags/source.ts';

const NOW = Date.parse('2026-10-01T12:45:00Z');
const modeOf = (flags: Record<string, unknown>, follow: boolean) => {
  const spec = sourceSpecFromFlags(
    [],
    { function: ['orders-api'], region: 'us-east-1', ...flags },
    { follow, now: NOW },
  );
  return spec.kind === 'aws' ? spec.mode : spec.kind;
};

describe('source flags', () => {
  it('follow for tail, history once --until ends the read, and history for logs', () => {
    expect(modeOf({ since: '20m' }, true)).toBe('follow');
    expect(modeOf({ since: '20m', until: '5m' }, true)).toBe('history');
    expect(modeOf({ since: '20m', until: '5m' }, false)).toBe('history');
    expect(modeOf({ since: '20m', follow: true }, false)).toBe('follow');
  });

  it('refuses --until with an explicit --follow or --live, naming both', () => {
    for (const flag of ['follow', 'live']) {
      expect(() => modeOf({ since: '20m', until: '5m', [flag]: true }, true)).toThrow(
        '--until ends a history read: it cannot be combined with --follow or --live',
      );
    }
  });

  it('refuses a history read of a window wholly in the future, naming it and the time now', () => {
    expect(() => modeOf({ since: '2030-01-01T00:00:00Z' }, false)).toThrow(
      '--since 2030-01-01T00:00:00.000Z is in the future (it is now 2026-10-01T12:45:00.000Z): a history read has nothing to read there yet',
    );
    expect(() => modeOf({ since: '2026-10-01T13:00:00Z', until: '2026-10-01T14:00:00Z' }, true)).toThrow(
      '--since 2026-10-01T13:00:00.000Z --until 2026-10-01T14:00:00.000Z is in the future (it is now 2026-10-01T12:45:00.000Z): a history read has nothing to read there yet',
    );
    // A window reaching into the future reads as before.
    expect(modeOf({ since: '20m', until: '2026-10-01T13:00:00Z' }, false)).toBe('history');
  });

  it('refuses to follow from a --since in the future, which would show nothing until then', () => {
    const said =
      '--since 2030-01-01T00:00:00.000Z is in the future (it is now 2026-10-01T12:45:00.000Z): following would show nothing until then; give a --since before now';
    // --follow, --live, and tail following by default.
    expect(() => modeOf({ since: '2030-01-01T00:00:00Z', follow: true }, false)).toThrow(said);
    expect(() => modeOf({ since: '2030-01-01T00:00:00Z', live: true }, false)).toThrow(said);
    expect(() => modeOf({ since: '2030-01-01T00:00:00Z' }, true)).toThrow(said);
    // Now itself is no future.
    expect(modeOf({ since: 'now', follow: true }, false)).toBe('follow');
  });
});
