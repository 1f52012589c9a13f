/**
 * The order the correlator lets invocations go in when too many are open: the oldest still
 * open, whatever closed or reopened since, with what the queue holds bounded.
 */
import { describe, expect, it } from 'vitest';
import { OpenOrder } from '../../collectors/correlator/open-order.ts';

interface Item {
  id: string;
}

describe('the order invocations were opened in', () => {
  it('gives the oldest still open, skipping what closed and taking a reopened ID at its new place', () => {
    const open = new Map<string, Item>();
    const isOpen = (o: Item) => open.get(o.id) === o;
    const order = new OpenOrder<Item>(3);
    const openItem = (id: string) => {
      const o = { id };
      open.set(id, o);
      order.push(o, isOpen);
    };
    for (const id of ['a', 'b', 'c', 'd']) openItem(id);
    open.delete('a');
    open.delete('b');
    openItem('b'); // reopened: now the newest
    const take = () => {
      const o = order.takeOldest(isOpen);
      if (o) open.delete(o.id);
      return o?.id;
    };
    expect([take(), take(), take(), take()]).toEqual(['c', 'd', 'b', undefined]);
  });

  it('agrees with a Map in insertion order over a million random opens and closes, and stays bounded', () => {
    const bound = 100;
    const open = new Map<string, Item>();
    const isOpen = (o: Item) => open.get(o.id) === o;
    const order = new OpenOrder<Item>(bound);
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
        open.delete(id);
        continue;
      }
      if (open.has(id)) continue;
      const o = { id };
      open.set(id, o);
      order.push(o, isOpen);
      if (open.size > bound) {
        const expected = open.keys().next().value;
        const oldest = order.takeOldest(isOpen);
        if (oldest?.id !== expected) mismatches++;
        open.delete(expected as string);
        evicted++;
      }
      maxHeld = Math.max(maxHeld, (order as unknown as { items: unknown[] }).items.length);
    }
    expect(evicted).toBeGreaterThan(10_000);
    expect(mismatches).toBe(0);
    expect(maxHeld).toBeLessThanOrEqual(2 * (2 * bound + 1024) + 2);
  });
});
