/**
 * History pages put in time order: sorted pages pass through whole, out-of-order ones are
 * repaired within the bound (and what cannot be is counted, never dropped), and several
 * groups' pages merge into one time order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeBatchesByTimestamp } from '../../collectors/cloudwatch-logs/history.ts';
import { reorderBatches } from '../../collectors/cloudwatch-logs/reorder.ts';
import type { LogEvent } from '../../collectors/model.ts';

const ev = (timestamp: number, message = `t${timestamp}`): LogEvent => ({ timestamp, message });

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function all<T>(source: AsyncIterable<T[]>): Promise<{ batches: T[][]; items: T[] }> {
  const batches: T[][] = [];
  for await (const b of source) batches.push(b);
  return { batches, items: batches.flat() };
}

describe('reorderBatches', () => {
  it('passes sorted pages through as they are, ties in the order given', async () => {
    const pages = [[ev(1, 'a'), ev(1, 'b'), ev(2)], [], [ev(2, 'c'), ev(5)]];
    const stats = { outOfOrder: 0 };
    const got = await all(reorderBatches(from(pages), 10, stats));
    expect(got.batches[0]).toBe(pages[0]);
    expect(got.items.map((e) => e.message)).toEqual(['a', 'b', 't2', 'c', 't5']);
    expect(stats.outOfOrder).toBe(0);
  });

  it('sorts disorder within the bound, counts what is beyond it, and loses nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 8 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 20 }),
        async (times, bound) => {
          const pages = times.map((page) => page.map((t) => ev(t)));
          const stats = { outOfOrder: 0 };
          const got = (await all(reorderBatches(from(pages), bound, stats))).items;
          expect(got.map((e) => e.timestamp).sort((a, b) => a - b)).toEqual(
            times.flat().sort((a, b) => a - b),
          );
          let drops = 0;
          let last = Number.NEGATIVE_INFINITY;
          for (const e of got) {
            if (e.timestamp < last) drops++;
            else last = e.timestamp;
          }
          expect(stats.outOfOrder).toBe(drops);
          // Disorder that fits in the bound comes out sorted.
          if (times.flat().length <= bound) expect(drops).toBe(0);
        },
      ),
    );
  });
});

describe('mergeBatchesByTimestamp', () => {
  it('merges groups into one time order, the first listed first on a tie', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }), { maxLength: 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (groups) => {
          // Each group's pages are in time order, as the reader hands them over.
          const sources = groups.map((pages, g) => {
            const sorted = pages.flat().sort((a, b) => a - b);
            let i = 0;
            const batches = pages.map((p) => {
              const batch = sorted.slice(i, i + p.length).map((t) => ev(t, `${g}:${t}`));
              i += p.length;
              return batch;
            });
            return from(batches);
          });
          const got = (await all(mergeBatchesByTimestamp(sources))).items;
          const want = groups
            .flatMap((pages, g) => pages.flat().map((t) => ({ g, t })))
            .sort((a, b) => a.t - b.t || a.g - b.g)
            .map(({ g, t }) => `${g}:${t}`);
          expect(got.map((e) => e.message)).toEqual(want);
        },
      ),
    );
  });
});
