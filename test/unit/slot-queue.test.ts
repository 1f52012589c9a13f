/**
 * The queue of waiting REPORTs' slots (`slot-queue.ts`) gives them back oldest first,
 * whatever was let go of out of turn and however often its entries moved to make room.
 * Held against a plain array doing the same steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotQueue } from '../../collectors/correlator/slot-queue.ts';

/** What is still waiting, oldest first. */
function waiting(q: SlotQueue): number[] {
  const out: number[] = [];
  for (let i = q.head; i < q.end; i++) if (q.at(i) >= 0) out.push(q.at(i));
  return out;
}

describe('SlotQueue', () => {
  it('keeps the order through growth and moves, shifting past entries let go of', () => {
    const q = new SlotQueue();
    // Past its first size while the front is taken: the entries move to the front, then it grows.
    let shifted = 0;
    for (let i = 0; i < 3000; i++) {
      q.push(i);
      if (i % 3 !== 0) expect(q.shift()).toBe(shifted++);
    }
    expect(waiting(q)).toEqual(Array.from({ length: 1000 }, (_, i) => 2000 + i));
    q.drop(q.head);
    q.drop(q.head + 2);
    expect(q.shift()).toBe(2001);
    expect(q.shift()).toBe(2003);
    q.drop(q.end - 1);
    q.compact();
    expect(q.head).toBe(0);
    expect(waiting(q)).toEqual(Array.from({ length: 995 }, (_, i) => 2004 + i));
    q.clear();
    expect(q.shift()).toBe(-1);
    expect(waiting(q)).toEqual([]);
  });

  it('matches a plain array over any steps', () => {
    const step = fc.oneof(
      fc.constant({ push: 1 }),
      fc.constant({ push: 700 }),
      fc.constant({ shift: true }),
      fc.nat().map((n) => ({ drop: n })),
      fc.constant({ compact: true }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const q = new SlotQueue();
        let model: number[] = [];
        let next = 0;
        for (const s of steps) {
          if ('push' in s) {
            for (let k = 0; k < s.push; k++) {
              q.push(next);
              model.push(next++);
            }
          } else if ('shift' in s) {
            expect(q.shift()).toBe(model.shift() ?? -1);
          } else if ('drop' in s) {
            if (q.end === q.head) continue;
            const i = q.head + (s.drop % (q.end - q.head));
            const slot = q.at(i);
            q.drop(i);
            model = model.filter((m) => m !== slot);
          } else {
            q.compact();
          }
          expect(waiting(q)).toEqual(model);
        }
      }),
      { numRuns: 300 },
    );
  });
});
