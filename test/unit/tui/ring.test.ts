import { describe, expect, it } from 'vitest';
import { createInvocationRing, type RingItem } from '../../../cli/tui/ring.ts';

let seq = 0;
const item = (id: string, key: number): RingItem => ({ id, key, seq: seq++ });
const ids = (ring: { values(): Iterable<RingItem> }): string[] => [...ring.values()].map((i) => i.id);

describe('invocation ring', () => {
  it('keeps items in key order whatever order they come in, ties in arrival order', () => {
    const ring = createInvocationRing<RingItem>(10);
    for (const [id, key] of [
      ['c', 30],
      ['a', 10],
      ['d', 30],
      ['b', 20],
    ] as const)
      ring.insert(item(id, key));
    expect(ids(ring)).toEqual(['a', 'b', 'c', 'd']);
    expect(ring.span()).toEqual({ min: 10, max: 30 });
  });

  it('evicts the oldest by key, and returns what it evicted', () => {
    const ring = createInvocationRing<RingItem>(3);
    ring.insert(item('b', 2));
    ring.insert(item('c', 3));
    ring.insert(item('d', 4));
    const gone = ring.insert(item('a', 1)); // older than all: leaves at once
    expect(gone.map((i) => i.id)).toEqual(['a']);
    expect(ring.insert(item('e', 5)).map((i) => i.id)).toEqual(['b']);
    expect(ids(ring)).toEqual(['c', 'd', 'e']);
    expect(ring.stats()).toEqual({ size: 3, pinned: 0, pinnedBeyond: 0, evicted: 2, bytes: 0 });
  });

  it('skips pinned items, holds them beyond capacity, and trims once they are released', () => {
    const ring = createInvocationRing<RingItem>(2);
    ring.insert(item('a', 1));
    ring.insert(item('b', 2));
    ring.setPins('pause', new Set(['a', 'b']));
    for (let i = 0; i < 100; i++) ring.insert(item(`n${i}`, 10 + i));
    expect(ids(ring)).toEqual(['a', 'b', 'n98', 'n99']);
    expect(ring.stats()).toEqual({ size: 4, pinned: 2, pinnedBeyond: 2, evicted: 98, bytes: 0 });
    const released = ring.setPins('pause', new Set());
    expect(released.map((i) => i.id)).toEqual(['a', 'b']);
    expect(ring.stats()).toMatchObject({ size: 2, pinned: 0, pinnedBeyond: 0, evicted: 100 });
  });

  it('counts pins of several owners once', () => {
    const ring = createInvocationRing<RingItem>(1);
    ring.insert(item('a', 1));
    ring.setPins('detail', new Set(['a']));
    ring.setPins('bookmarks', new Set(['a', 'gone']));
    ring.insert(item('b', 2));
    ring.insert(item('c', 3));
    expect(ids(ring)).toEqual(['a', 'c']);
    expect(ring.stats().pinned).toBe(1);
  });

  it('moves an item when its key changes', () => {
    const ring = createInvocationRing<RingItem>(5);
    const a = item('a', 10);
    ring.insert(a);
    ring.insert(item('b', 20));
    ring.rekey(a, 30);
    expect(ids(ring)).toEqual(['b', 'a']);
    expect(ring.get('a')?.key).toBe(30);
  });

  it('stays correct over many evictions from the head (compaction)', () => {
    const ring = createInvocationRing<RingItem>(100);
    for (let i = 0; i < 50_000; i++) ring.insert(item(`i${i}`, i));
    expect(ring.stats()).toMatchObject({ size: 100, evicted: 49_900 });
    expect(ids(ring)[0]).toBe('i49900');
    ring.insert(item('late', 49_950.5));
    expect(ids(ring).indexOf('late')).toBe(50);
  });
  it('lets the oldest go past its bytes, and says how many bytes it holds', () => {
    const ring = createInvocationRing<RingItem>(10, 1_000);
    ring.insert({ ...item('a', 1), bytes: 400 });
    expect(ring.insert({ ...item('b', 2), bytes: 400 })).toEqual([]);
    expect(ring.insert({ ...item('c', 3), bytes: 400 }).map((i) => i.id)).toEqual(['a']);
    expect(ids(ring)).toEqual(['b', 'c']);
    expect(ring.stats()).toEqual({ size: 2, pinned: 0, pinnedBeyond: 0, evicted: 1, bytes: 800 });
  });

  it('lets the oldest go when an item grows, itself too when it is the oldest left', () => {
    const ring = createInvocationRing<RingItem>(10, 1_000);
    const [a, b, c] = [item('a', 1), item('b', 2), item('c', 3)].map((i) => ({ ...i, bytes: 300 }));
    for (const i of [a!, b!, c!]) ring.insert(i);
    expect(ring.resize(b!, 600).map((i) => i.id)).toEqual(['a']);
    expect(ring.stats()).toMatchObject({ size: 2, bytes: 900, evicted: 1 });
    // c alone is past the bound: b goes first, then c.
    expect(ring.resize(c!, 1_200).map((i) => i.id)).toEqual(['b', 'c']);
    expect(ring.stats()).toMatchObject({ size: 0, bytes: 0, evicted: 3 });
    // An item no longer held changes nothing.
    expect(ring.resize(a!, 5_000)).toEqual([]);
    expect(ring.stats().bytes).toBe(0);
  });

  it('holds pinned items beyond its bytes, however they grow, and counts them kept beyond', () => {
    const ring = createInvocationRing<RingItem>(100, 1_000);
    const a = { ...item('a', 1), bytes: 400 };
    ring.insert(a);
    ring.insert({ ...item('b', 2), bytes: 400 });
    ring.setPins('pause', new Set(['a', 'b']));
    for (let i = 0; i < 10; i++) ring.insert({ ...item(`n${i}`, 10 + i), bytes: 400 });
    expect(ids(ring)).toEqual(['a', 'b', 'n8', 'n9']);
    expect(ring.stats()).toEqual({ size: 4, pinned: 2, pinnedBeyond: 2, evicted: 8, bytes: 1_600 });
    expect(ring.resize(a, 5_000)).toEqual([]);
    expect(ring.stats()).toEqual({ size: 4, pinned: 2, pinnedBeyond: 2, evicted: 8, bytes: 6_200 });
    expect(ring.setPins('pause', new Set()).map((i) => i.id)).toEqual(['a', 'b']);
    expect(ring.stats()).toEqual({ size: 2, pinned: 0, pinnedBeyond: 0, evicted: 10, bytes: 800 });
  });
});
