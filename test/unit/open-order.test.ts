/**
 * The order the correlator lets invocations go in when too many are open: the oldest still
 * open, whatever closed or reopened since, with what the queue holds bounded.
 */
import { describe, expect, it } from 'vitest';
import { type IsOpen, OpenOrder } from '../../collectors/correlator/open-order.ts';

/** Request ID → the sequence number it was opened with, as the correlator keeps them. */
function tracker(bound: number) {
  const open = new Map<string, number>();
  const isOpen: IsOpen = (id, opened) => open.get(id) === opened;
  const order = new OpenOrder(bound);
  let seq = 0;
  return {
    open,
    order,
    openId(id: string) {
      open.set(id, ++seq);
      order.push(id, seq, isOpen);
    },
    take() {
      const id = order.takeOldest(isOpen);
      if (id !== undefined) open.delete(id);
      return id;
    },
  };
}

describe('the order invocations were opened in', () => {
  it('gives the oldest still open, skipping what closed and taking a reopened ID at its new place', () => {
    const t = tracker(3);
    for (const id of ['a', 'b', 'c', 'd']) t.openId(id);
    t.open.delete('a');
    t.open.delete('b');
    t.openId('b'); // reopened: now the newest
    expect([t.take(), t.take(), t.take(), t.take()]).toEqual(['c', 'd', 'b', undefined]);
  });

  it('agrees with a Map in insertion order over a million random opens and closes, and stays bounded', () => {
    const bound = 100;
    const t = tracker(bound);
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    let evicted = 0;
    let mismatches = 0;
    let maxHeld = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const id = `r${Math.floor(random() * 400)}`;
      if (random() < 0.4) {
        t.open.delete(id);
        continue;
      }
      if (t.open.has(id)) continue;
      t.openId(id);
      if (t.open.size > bound) {
        const expected = t.open.keys().next().value;
        if (t.take() !== expected) mismatches++;
        evicted++;
      }
      maxHeld = Math.max(maxHeld, t.order.held);
    }
    expect(evicted).toBeGreaterThan(10_000);
    expect(mismatches).toBe(0);
    expect(maxHeld).toBeLessThanOrEqual(2 * (2 * bound + 1024) + 2);
  });
});
