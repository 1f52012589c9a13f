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
});
