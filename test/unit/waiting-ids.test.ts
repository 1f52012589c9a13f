/**
 * The waiting-ID table must answer as a Map of the same IDs does, whatever the hashes:
 * here they are drawn from a handful of values, so probe runs are long, wrap around the
 * table's end, and removals shift entries back across them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestIdHash, tableHash } from '../../collectors/correlator/request-id-hash.ts';
import { WaitingIds } from '../../collectors/correlator/waiting-ids.ts';

describe('the waiting-ID table', () => {
  it('finds, adds and removes as a Map does, with hashes that collide', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ add: fc.integer({ min: 0, max: 3000 }) }) },
      { weight: 2, arbitrary: fc.record({ remove: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ find: fc.integer({ min: 0, max: 3000 }) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 1500 }), fc.constantFrom(1, 3, 7, 1024), (ops, spread) => {
        const ids: string[] = [];
        const table = new WaitingIds({
          idEquals: (slot, id) => ids[slot] === id,
        });
        const model = new Map<string, number>();
        // Hashes from `spread` values only (1: every ID collides), placed near the table's end.
        const hashOf = (id: string) => 1020 + (Math.abs(tableHash(requestIdHash(id))) % spread);
        const look = (id: string) => table.find(hashOf(id), id);
        for (const o of ops) {
          if ('add' in o) {
            const id = `req-${o.add}`;
            if (model.has(id)) continue;
            const slot = ids.length;
            ids.push(id);
            table.add(hashOf(id), slot);
            model.set(id, slot);
          } else if ('remove' in o) {
            if (model.size === 0) continue;
            const id = [...model.keys()][o.remove % model.size] as string;
            table.remove(hashOf(id), model.get(id) as number);
            model.delete(id);
          } else {
            const id = `req-${o.find}`;
            expect(look(id)).toBe(model.get(id) ?? -1);
          }
          expect(table.size).toBe(model.size);
        }
        for (const [id, slot] of model) expect(look(id)).toBe(slot);
        table.clear();
        for (const id of model.keys()) expect(look(id)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });
});
