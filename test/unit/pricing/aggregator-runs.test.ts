/**
 * The aggregator keeps the bucket and the memory statistics the last invocation went to
 * (aggregator.ts): invocations that alternate between functions, days, memory sizes and
 * statuses must still each land in their own, counted exactly as one by one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyInvocation, type Invocation } from '../../../collectors/model.ts';
import { CostAggregator } from '../../../pricing/report/aggregator.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';

const DAYS = ['2026-10-01T10:00:00.000Z', '2026-10-02T10:00:00.000Z'];

describe('the aggregator, invocation after invocation', () => {
  it('counts each in the bucket and memory statistics of its function, day, size and status', () => {
    const record = fc.record({
      fn: fc.constantFrom('a', 'b'),
      day: fc.constantFrom(0, 1),
      memory: fc.constantFrom(128, 256),
      error: fc.boolean(),
      billed: fc.integer({ min: 1, max: 900 }),
      used: fc.integer({ min: 30, max: 120 }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (records) => {
        const agg = new CostAggregator({ table: AWS_LIST_PRICES, defaults: { architecture: 'x86_64' } });
        const buckets = new Map<string, { count: number; billedMs: number }>();
        const stats = new Map<string, { count: number; maxUsedMB: number }>();
        records.forEach((r, i) => {
          const at = DAYS[r.day] as string;
          const inv: Invocation = {
            ...emptyInvocation(`req-${i}`),
            functionName: r.fn,
            status: r.error ? 'error' : 'success',
            start: at,
            end: at,
            durationMs: r.billed - 0.5,
            billedDurationMs: r.billed,
            memorySizeMB: r.memory,
            maxMemoryUsedMB: r.used,
          };
          agg.addInvocation(inv);
          const bucket = `${r.fn} ${r.day} ${r.memory} ${inv.status}`;
          const b = buckets.get(bucket) ?? { count: 0, billedMs: 0 };
          buckets.set(bucket, { count: b.count + 1, billedMs: b.billedMs + r.billed });
          const memory = `${r.fn} ${r.memory}`;
          const m = stats.get(memory) ?? { count: 0, maxUsedMB: 0 };
          stats.set(memory, { count: m.count + 1, maxUsedMB: Math.max(m.maxUsedMB, r.used) });
        });
        const gotBuckets = new Map<string, { count: number; billedMs: number }>();
        const gotStats = new Map<string, { count: number; maxUsedMB: number }>();
        for (const f of agg.functions.values()) {
          for (const b of f.buckets.values()) {
            const day = DAYS.findIndex((d) => Math.floor(Date.parse(d) / 86_400_000) === b.day);
            gotBuckets.set(`${f.functionName} ${day} ${b.memorySizeMB} ${b.status}`, {
              count: b.count,
              billedMs: b.billedMs,
            });
          }
          for (const [memory, m] of f.byMemory) {
            gotStats.set(`${f.functionName} ${memory}`, { count: m.count, maxUsedMB: m.maxUsedMB as number });
            expect(m.durations.count).toBe(m.count);
          }
        }
        expect(gotBuckets).toEqual(buckets);
        expect(gotStats).toEqual(stats);
      }),
      { numRuns: 500 },
    );
  });
});
