/** The bounded map of what was used lately: the last half of its bound is always kept. */
import { describe, expect, it } from 'vitest';
import { RecentMap } from '../../collectors/files/recent-map.ts';

describe('recent map', () => {
  it('keeps the last half of its bound used, and never holds more than the bound', () => {
    const map = new RecentMap<string, number>(8);
    for (let n = 0; n < 100; n++) {
      map.set(`k${n}`, n);
      // A key used again moves to the young generation and outlives those set after it.
      expect(map.get('k0')).toBe(0);
      expect(map.size).toBeLessThanOrEqual(8);
      for (let back = 0; back < 3 && back <= n; back++) expect(map.get(`k${n - back}`)).toBe(n - back);
    }
    expect(map.get('k90')).toBeUndefined();
  });

  it('forgets a key not used for a whole generation and more', () => {
    const map = new RecentMap<number, string>(4);
    map.set(1, 'one');
    map.set(2, 'two');
    map.set(3, 'three');
    expect(map.get(1)).toBe('one');
    map.set(4, 'four');
    map.set(5, 'five');
    map.set(6, 'six');
    expect(map.get(2)).toBeUndefined();
    expect(map.get(1)).toBeUndefined();
    expect(map.get(6)).toBe('six');
    map.clear();
    expect(map.size).toBe(0);
    expect(() => new RecentMap(1)).toThrow(RangeError);
  });

  it('tells each entry as it is forgotten, never one used again, and counts them', () => {
    const told: string[] = [];
    const map = new RecentMap<string, number>(4, (value, key) => told.push(`${key}=${value}`));
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, key.charCodeAt(0));
    // a and b aged when c came; a used again moves back, and is not told when b goes, nor
    // when c and d (aged by a's move) go.
    expect(map.get('a')).toBe(97);
    map.set('e', 101);
    map.set('f', 102);
    expect(told).toEqual(['b=98', 'c=99', 'd=100']);
    expect(map.forgotten).toBe(3);
    expect(map.size).toBeLessThanOrEqual(4);
    expect(map.get('a')).toBe(97);
  });
});
