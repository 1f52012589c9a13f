import { describe, expect, it } from 'vitest';
import { createRecentlyEvicted } from '../../../cli/tui/recently-evicted.ts';

const row = (id: string, bytes: number) => ({ id, bytes });

describe('rows kept while the screen may still show them', () => {
  it('keeps no more than its bytes, the oldest leaving first, and not a row past them all', () => {
    const recent = createRecentlyEvicted<{ id: string; bytes: number }>(100, 1_000);
    recent.add(row('a', 400), 1);
    recent.add(row('b', 400), 1);
    recent.add(row('c', 400), 2);
    expect([recent.peek('a'), recent.peek('b')?.id, recent.peek('c')?.id]).toEqual([undefined, 'b', 'c']);
    // Taken back into the ring: its bytes are no longer held here.
    expect(recent.take('b')?.id).toBe('b');
    recent.add(row('d', 600), 2);
    expect(recent.size()).toBe(2);
    recent.add(row('huge', 1_001), 3);
    expect([recent.size(), recent.peek('huge')]).toEqual([2, undefined]);
  });
});
