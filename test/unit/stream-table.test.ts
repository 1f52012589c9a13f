/**
 * The stream table keeps the streams of the group it looked up last, so that a stream seen
 * before is found by its name alone. That map must be the group's own, also after the
 * group was let go of (its last stream pruned) and made anew.
 */
import { describe, expect, it } from 'vitest';
import { StreamTable } from '../../collectors/correlator/stream-table.ts';

function names(table: StreamTable): string[] {
  return [...table.values()].map((s) => `${s.group}/${s.name}`);
}

describe('stream table', () => {
  it('finds a stream seen before, of the last group and of another, as the same state', () => {
    const table = new StreamTable();
    const a = table.get('orders', 'a');
    const b = table.get('orders', 'b');
    const c = table.get('billing', 'a');
    expect(table.get('orders', 'a')).toBe(a);
    expect(table.get('billing', 'a')).toBe(c);
    expect(table.get('orders', 'b')).toBe(b);
    expect(names(table)).toEqual(['orders/a', 'orders/b', 'billing/a']);
  });

  it('keeps the streams of a group made anew after its last stream was pruned', () => {
    const table = new StreamTable();
    const a = table.get('orders', 'a');
    table.prune(a);
    expect(names(table)).toEqual([]);
    const b = table.get('orders', 'b');
    b.current = 'r-1';
    expect(names(table)).toEqual(['orders/b']);
    // Pruning a stream that holds a request keeps it.
    table.prune(b);
    expect(table.get('orders', 'b')).toBe(b);
    expect(table.get('orders', 'a')).not.toBe(a);
    expect(names(table)).toEqual(['orders/b', 'orders/a']);
  });
});
