import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createTailStore } from '../../../cli/tui/store.ts';
import { tracesFromBatchGetTraces } from '../../../cli/tui/waterfall.ts';
import { createCorrelator } from '../../../collectors/correlator/correlator.ts';
import { fixtureEvents, storeOf, TRACES } from './helpers.ts';

describe('tail store', () => {
  it('shows an invocation as running from its START, before its REPORT', () => {
    const store = createTailStore({ correlator: createCorrelator() });
    const events = fixtureEvents();
    for (const event of events.slice(0, 3)) store.ingest(event);
    const rows = store.snapshot().rows;
    expect(rows).toHaveLength(1);
    // INIT_START waits in the correlator until the invocation completes; START and the app line show now
    expect(rows[0]).toMatchObject({
      requestId: 'dbda340c-xmpl-4031-8810-11bb609b4c71',
      live: true,
      lineCount: 2,
    });
    expect(store.detail('dbda340c-xmpl-4031-8810-11bb609b4c71')?.invocation.lines[1]?.level).toBe('INFO');
  });

  it('keeps only the newest max-invocations and counts the dropped ones', () => {
    const store = storeOf(fixtureEvents(), { maxInvocations: 3 });
    const snap = store.snapshot();
    expect(snap.rows.map((r) => r.requestId.slice(0, 8))).toEqual(['d661f7cf', '527cb862', 'ac086670']);
    expect(snap.stats.dropped).toBe(5);
    expect(snap.stats.invocations).toBe(8);
    expect(snap.stats.events).toBe(33);
    expect(snap.stats.logGroups).toBe(4);
  });

  it('attaches a trace that arrived before its invocation, by request ID', () => {
    const [first] = tracesFromBatchGetTraces(JSON.parse(readFileSync(TRACES, 'utf8')));
    if (!first) throw new Error('fixture has a trace');
    const store = createTailStore({ correlator: createCorrelator() });
    store.attachTrace(first.trace, first.requestId ?? undefined);
    for (const event of fixtureEvents()) store.ingest(event);
    store.end();
    const row = store.snapshot().rows.find((r) => r.requestId === 'ac086670-6373-11e7-a174-f31b3397f190');
    expect(row).toMatchObject({ hasTrace: true, traceId: '1-59602603-23fc5b688855d396af79b496' });
    expect(store.snapshot().rows.filter((r) => r.hasTrace)).toHaveLength(1);
  });

  it('sums cost per function from the cost function, highest first', () => {
    const store = storeOf(fixtureEvents(), {
      cost: (inv) =>
        inv.billedDurationMs === null ? null : { totalUsd: inv.billedDurationMs / 1e6, parts: [] },
    });
    const micro = store
      .snapshot()
      .stats.costByFunction.map((c) => [c.functionName, Math.round(c.usd * 1e6), c.count]);
    expect(micro).toEqual([
      ['orders', 39 + 300000 + 666, 3],
      ['billing', 214 + 24800 + 3101, 3],
      ['random-name', 1741, 1],
      ['reports', 201, 1],
    ]);
  });

  it('publishes at most once per interval however many events arrive', () => {
    vi.useFakeTimers();
    try {
      const store = createTailStore({ correlator: createCorrelator(), publishIntervalMs: 100 });
      const published: number[] = [];
      store.subscribe((s) => published.push(s.stats.events));
      for (const event of fixtureEvents()) store.ingest(event);
      expect(published).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(published).toEqual([33]);
      vi.advanceTimersByTime(1000);
      expect(published).toEqual([33]);
    } finally {
      vi.useRealTimers();
    }
  });
});
