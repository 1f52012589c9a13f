import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { layoutDetail } from '../../../cli/tui/detail-lines.ts';
import type { TextMatcher } from '../../../cli/tui/filter.ts';
import { UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { requestIdOfRow } from '../../../cli/tui/row-view.ts';
import { createTailStore } from '../../../cli/tui/store.ts';
import type { RowView } from '../../../cli/tui/types.ts';
import { INITIAL_DETAIL } from '../../../cli/tui/ui-state.ts';
import { createCorrelator } from '../../../collectors/correlator/correlator.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { tracesFromBatchGetTraces } from '../../../collectors/xray/trace-file.ts';
import type { Trace } from '../../../collectors/xray/types.ts';
import { fixtureEvents, rowIdOf, storeOf, TRACES } from './helpers.tsx';

/** Finds texts holding `text` as written. */
const containing = (text: string): TextMatcher => ({
  anyIn: (groups) => groups.map((texts) => texts.some((t) => t.includes(text))),
});

const short = (ids: readonly { requestId: string }[]): string[] => ids.map((r) => r.requestId.slice(0, 8));

/** One complete text-format invocation of `fn` starting at `t`. */
function invocation(fn: string, id: string, t: number, lines: string[] = []): LogEvent[] {
  const group = `/aws/lambda/${fn}`;
  const logStream = `2026/01/01/[$LATEST]${fn}`;
  const at = (offset: number, message: string): LogEvent => ({
    timestamp: t + offset,
    message,
    logGroup: group,
    logStream,
  });
  return [
    at(0, `START RequestId: ${id} Version: $LATEST\n`),
    ...lines.map((line, i) => at(1 + i, `${new Date(t + 1 + i).toISOString()}\t${id}\t${line}\n`)),
    at(20, `END RequestId: ${id}\n`),
    at(
      21,
      `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    ),
  ];
}

const uuid = (n: number): string => `${n.toString(16).padStart(8, '0')}-1111-4111-8111-111111111111`;

describe('tail store', () => {
  it("shows an invocation as running from its START, with the parser's levels", () => {
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
    const lines = store.detail(rowIdOf(store, 'dbda340c-xmpl-4031-8810-11bb609b4c71'))?.invocation.lines;
    expect(lines?.map((l) => l.level)).toEqual([null, 'INFO']);
  });

  it('orders rows by start time across functions, not by when they completed', () => {
    const snap = storeOf(fixtureEvents()).snapshot();
    expect(short(snap.rows)).toEqual([
      'dbda340c',
      '5b866fb1',
      'dbb585bb',
      '16f8d3a2',
      'a719c94f',
      'd661f7cf',
      '527cb862',
      'ac086670',
    ]);
    const starts = snap.rows.map((r) => r.startMs ?? 0);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('places a late invocation of another function where its start time puts it', () => {
    const store = createTailStore({ correlator: createCorrelator() });
    for (const e of invocation('orders', uuid(1), 1000)) store.ingest(e);
    for (const e of invocation('orders', uuid(3), 3000)) store.ingest(e);
    for (const e of invocation('billing', uuid(2), 2000)) store.ingest(e);
    store.end();
    expect(short(store.snapshot().rows)).toEqual(['00000001', '00000002', '00000003']);
  });

  it('keeps only the newest max-invocations and counts the dropped ones', () => {
    const store = storeOf(fixtureEvents(), { maxInvocations: 3 });
    const snap = store.snapshot();
    expect(short(snap.rows)).toEqual(['d661f7cf', '527cb862', 'ac086670']);
    expect(snap.stats).toMatchObject({ dropped: 5, invocations: 8, events: 33, logGroups: 4, held: 3 });
  });

  it('counts failed invocations over every one it saw, as it counts invocations, whatever the ring dropped', () => {
    const all = storeOf(fixtureEvents()).snapshot();
    const failedRows = all.rows.filter(
      (r) => !r.live && ['timeout', 'oom', 'crash', 'error'].includes(r.status),
    );
    expect(failedRows.length).toBeGreaterThan(0);
    expect(all.stats).toMatchObject({ invocations: 8, failed: failedRows.length });
    // Three rows held: the bar's failed count is still of the eight, not of the three.
    const few = storeOf(fixtureEvents(), { maxInvocations: 3 }).snapshot();
    expect(few.stats).toMatchObject({ invocations: 8, failed: failedRows.length, held: 3 });
  });

  it('places a row stamped past its own ingestion (a bad clock) where it came, not after every row to come', () => {
    const store = createTailStore({ correlator: createCorrelator({ live: true }), publishIntervalMs: 0 });
    const t = Date.UTC(2026, 11, 6, 22, 0);
    const arrive = (events: LogEvent[], ingested: number) =>
      store.ingestBatch(events.map((e) => ({ ...e, ingestionTime: ingested })));
    arrive(invocation('orders', uuid(1), t), t + 500);
    // Stamped 110 minutes ahead, ingested a second after the first.
    arrive(invocation('orders', uuid(2), t + 110 * 60_000), t + 1_000);
    arrive(invocation('orders', uuid(3), t + 2_000), t + 2_500);
    arrive(invocation('orders', uuid(4), t + 3_000), t + 3_500);
    store.end();
    const rows = store.snapshot().rows;
    expect(short(rows)).toEqual([1, 2, 3, 4].map((n) => uuid(n).slice(0, 8)));
    // The row shows its own start; it stands where it was ingested.
    expect(rows.map((r) => r.startMs! - t)).toEqual([0, 110 * 60_000, 2_000, 3_000]);
    expect(rows.map((r) => r.placeMs! - t)).toEqual([0, 1_000, 2_000, 3_000]);
    // Read from a file (no ingestion time), the row stands at its start, as before.
    const file = storeOf([
      ...invocation('orders', uuid(5), t + 110 * 60_000),
      ...invocation('orders', uuid(6), t),
    ]);
    expect(short(file.snapshot().rows)).toEqual([uuid(6).slice(0, 8), uuid(5).slice(0, 8)]);
  });

  it('places an untagged line stamped far past its ingestion by one rule with rows: it stretches no row’s span', () => {
    const store = createTailStore({ correlator: createCorrelator({ live: true }), publishIntervalMs: 0 });
    const t = Date.UTC(2026, 11, 7, 1, 0);
    const ingestedAt = (events: LogEvent[], ingested: (e: LogEvent) => number) =>
      store.ingestBatch(events.map((e) => ({ ...e, ingestionTime: ingested(e) })));
    ingestedAt(invocation('orders', uuid(1), t), (e) => e.timestamp + 200);
    // A layer's plain console.log between two requests, stamped 20 minutes ahead.
    const stream = invocation('orders', uuid(1), t)[0] as LogEvent;
    ingestedAt(
      [{ ...stream, timestamp: t + 20 * 60_000, message: 'layer: flushed metrics\n' }],
      () => t + 300,
    );
    ingestedAt(invocation('orders', uuid(2), t + 60_000), (e) => e.timestamp + 200);
    store.end();
    const rows = store.snapshot().rows;
    expect(short(rows)).toEqual([uuid(1).slice(0, 8), uuid(2).slice(0, 8)]);
    const second = store.detail(rows[1]!.id)!.invocation;
    expect(second.lines[0]?.message).toBe('layer: flushed metrics');
    expect([second.start, second.end]).toEqual([
      new Date(t + 60_000).toISOString(),
      new Date(t + 60_021).toISOString(),
    ]);

    // The same rule places rows: a first event stamped 3 s past its ingestion is a clock
    // out of step, not one running fast, and the row stands at its start.
    const near = createTailStore({ correlator: createCorrelator({ live: true }), publishIntervalMs: 0 });
    near.ingestBatch(invocation('orders', uuid(3), t + 3_000).map((e) => ({ ...e, ingestionTime: t })));
    near.end();
    expect(near.snapshot().rows.map((r) => r.placeMs! - t)).toEqual([3_000]);
  });

  it('completes a row let go without its REPORT when the REPORT comes late: its figures, its price, the counts', () => {
    const store = createTailStore({
      correlator: createCorrelator({ live: true }),
      publishIntervalMs: 0,
      cost: (inv) =>
        inv.billedDurationMs === null
          ? { ok: false, reason: 'invocation without a REPORT line', short: 'no REPORT line' }
          : { ok: true, cost: { totalUsd: inv.billedDurationMs / 1e8, parts: [] } },
    });
    const t = Date.UTC(2026, 11, 7, 2);
    const [start, line, end, report] = invocation('orders', uuid(1), t, ['INFO\tworking']) as LogEvent[];
    // Its END and REPORT are read after two whole requests of its stream: the second's START
    // lets it go, without a REPORT.
    store.ingestBatch([start as LogEvent, line as LogEvent]);
    store.ingestBatch(invocation('orders', uuid(2), t + 1_000));
    store.ingestBatch(invocation('orders', uuid(3), t + 2_000));
    const before = store.snapshot();
    const partial = before.rows.find((r) => r.requestId === uuid(1));
    expect(partial).toMatchObject({ live: false, durationMs: null, costUsd: null });
    expect(before.stats).toMatchObject({ completed: 2, priced: 1, unpricedReason: 'no REPORT line' });
    store.ingestBatch([end as LogEvent, report as LogEvent]);
    store.end();
    const after = store.snapshot();
    const whole = after.rows.find((r) => r.requestId === uuid(1));
    expect(whole).toMatchObject({
      status: 'success',
      durationMs: 12.5,
      billedDurationMs: 13,
      costUsd: 13 / 1e8,
    });
    expect(store.detail(whole!.id)?.invocation.lines.map((l) => l.message.split(' ')[0])).toEqual([
      'START',
      expect.stringContaining('working'),
      'END',
      'REPORT',
    ]);
    expect(after.stats).toMatchObject({ invocations: 3, completed: 3, priced: 3, unpricedReason: null });
    const orders = store.health().find((h) => h.functionName === 'orders');
    expect(orders).toMatchObject({ invocations: 3, priced: 3, p50Ms: 12.5 });
  });

  it('never evicts pinned rows, holds them beyond the ring and says so', () => {
    const store = createTailStore({ correlator: createCorrelator(), maxInvocations: 10 });
    for (let i = 0; i < 10; i++) for (const e of invocation('orders', uuid(i), i * 100)) store.ingest(e);
    const frozen = store.snapshot().rows.map((r) => r.id);
    store.setPins('pause', new Set(frozen));
    for (let i = 10; i < 1010; i++) for (const e of invocation('orders', uuid(i), i * 100)) store.ingest(e);
    store.end();
    let snap = store.snapshot();
    for (const id of frozen) expect(store.detail(id)?.invocation.status).toBe('success');
    expect(snap.stats).toMatchObject({ held: 20, pinnedBeyond: 10, dropped: 990, invocations: 1010 });
    // the newest ten are there too: pinning does not stop new rows
    expect(short(snap.rows.slice(-3))).toEqual(['000003ef', '000003f0', '000003f1']);
    store.setPins('pause', new Set());
    for (const e of invocation('orders', uuid(2000), 200_000)) store.ingest(e);
    snap = store.snapshot();
    expect(snap.stats).toMatchObject({ held: 10, pinnedBeyond: 0, dropped: 1001 });
    // released, a row stays reachable only while a screen may still show it
    expect(store.detail(frozen[0] ?? '')).not.toBeNull();
    store.shown(snap.version + 1);
    expect(store.detail(frozen[0] ?? '')).toBeNull();
  });

  it('brings back a row the screen still shows when it is pinned after the ring let it go', () => {
    const store = createTailStore({ correlator: createCorrelator(), maxInvocations: 5 });
    for (let i = 0; i < 5; i++) for (const e of invocation('orders', uuid(i), i * 100)) store.ingest(e);
    const shown = store.snapshot().rows.map((r) => r.id);
    // more arrive before the screen's next frame: the rows shown leave the ring
    for (let i = 5; i < 10; i++) for (const e of invocation('orders', uuid(i), i * 100)) store.ingest(e);
    expect(store.detail(shown[0] ?? '')?.invocation.requestId).toBe(requestIdOfRow(shown[0] ?? '')); // Enter still finds it
    store.setPins('pause', new Set(shown));
    for (let i = 10; i < 100; i++) for (const e of invocation('orders', uuid(i), i * 100)) store.ingest(e);
    const snap = store.snapshot();
    for (const id of shown) expect(store.detail(id)?.invocation.status).toBe('success');
    expect(snap.stats).toMatchObject({ held: 10, pinnedBeyond: 5, dropped: 90, invocations: 100 });
    // two snapshots later, an unpinned row that left is gone for good
    store.snapshot();
    store.setPins('pause', new Set());
    expect(store.snapshot().rows.map((r) => r.id)).not.toContain(shown[0]);
  });

  it('attaches a trace that arrived before its invocation, checked by request ID', () => {
    const [trace] = tracesFromBatchGetTraces(JSON.parse(readFileSync(TRACES, 'utf8')));
    if (!trace) throw new Error('fixture has a trace');
    const store = createTailStore({ correlator: createCorrelator() });
    store.attachTrace(trace);
    for (const event of fixtureEvents()) store.ingest(event);
    store.end();
    const row = store.snapshot().rows.find((r) => r.requestId === 'ac086670-6373-11e7-a174-f31b3397f190');
    expect(row).toMatchObject({ hasTrace: true, traceId: '1-59602603-23fc5b688855d396af79b496' });
    expect(store.snapshot().rows.filter((r) => r.hasTrace)).toHaveLength(1);
    expect(store.detail(rowIdOf(store, 'ac086670-6373-11e7-a174-f31b3397f190'))?.traceMatch).toBe('attached');
  });

  it('does not attach a trace whose Lambda segment names another request', () => {
    const [trace] = tracesFromBatchGetTraces(JSON.parse(readFileSync(TRACES, 'utf8')));
    if (!trace) throw new Error('fixture has a trace');
    const store = createTailStore({ correlator: createCorrelator() });
    const id = uuid(7);
    const events = invocation('orders', id, 1000);
    const report = events[events.length - 1];
    if (report)
      report.message = report.message.replace(
        '\t\n',
        `\tXRAY TraceId: ${trace.traceId}\tSegmentId: 1\tSampled: true\t\n`,
      );
    for (const e of events) store.ingest(e);
    store.end();
    store.attachTrace(trace);
    expect(store.detail(rowIdOf(store, id))).toMatchObject({ trace: null, traceMatch: 'mismatch' });
    expect(store.snapshot().rows[0]?.hasTrace).toBe(false);
  });

  it('counts priced invocations and keeps the reason the others have none', () => {
    const store = storeOf(fixtureEvents(), {
      cost: (inv) =>
        inv.functionName === 'billing'
          ? { ok: false, reason: 'region unknown' }
          : { ok: true, cost: { totalUsd: (inv.billedDurationMs ?? 0) / 1e6, parts: [] } },
    });
    const { stats } = store.snapshot();
    expect(stats).toMatchObject({ completed: 8, priced: 5, unpricedReason: 'region unknown' });
    expect(stats.costByFunction.map((c) => [c.functionName, Math.round(c.usd * 1e6), c.count])).toEqual([
      ['orders', 39 + 300000 + 666, 3],
      ['random-name', 1741, 1],
      ['reports', 201, 1],
    ]);
    const billing = store.snapshot().rows.find((r) => r.functionName === 'billing');
    expect(billing).toMatchObject({ costUsd: null, costReason: 'region unknown' });
  });

  it('says what the prices assumed only when a priced invocation rests on it', () => {
    const priceOf = (assumed: (name: string | null) => string[]) =>
      storeOf(fixtureEvents(), {
        cost: (inv) =>
          inv.functionName === 'billing'
            ? { ok: false, reason: 'region unknown' }
            : { ok: true, cost: { totalUsd: 1e-7, parts: [] }, assumed: assumed(inv.functionName) },
      }).snapshot().stats;
    expect(priceOf(() => [])).toMatchObject({ priced: 5, assumed: [] });
    expect(priceOf((name) => (name === 'reports' ? ['x86_64 assumed'] : []))).toMatchObject({
      priced: 5,
      assumed: ['x86_64 assumed'],
    });
    // An unpriced invocation assumed nothing that is shown.
    expect(priceOf((name) => (name === 'billing' ? ['x86_64 assumed'] : [])).assumed).toEqual([]);
  });

  it('finds invocations by function name, request ID or a line', () => {
    const store = storeOf(fixtureEvents());
    const ids = (text: string) =>
      short([...store.matching(containing(text))].map((id) => ({ requestId: requestIdOfRow(id) })));
    expect(ids('reports')).toEqual(['d661f7cf']);
    expect(ids('527cb862-4f5e')).toEqual(['527cb862']);
    expect(ids('invoice sent')).toEqual(['a719c94f']);
  });

  it('publishes at most once per interval however many events arrive', () => {
    vi.useFakeTimers();
    try {
      const store = createTailStore({ correlator: createCorrelator(), publishIntervalMs: 100 });
      const published: number[] = [];
      const stop = store.subscribe((s) => published.push(s.stats.events));
      for (const event of fixtureEvents()) store.ingest(event);
      expect(published).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(published).toEqual([33]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps publishing while quiet, so the event rate falls to zero when input stops', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const store = createTailStore({ correlator: createCorrelator(), publishIntervalMs: 100 });
      const rates: number[] = [];
      const stop = store.subscribe((s) => rates.push(s.stats.eventsPerSecond));
      for (let second = 0; second < 3; second++) {
        for (const e of invocation('orders', uuid(second), second * 1000)) store.ingest(e);
        vi.advanceTimersByTime(1000);
      }
      const busy = rates[rates.length - 1] ?? 0;
      vi.advanceTimersByTime(5000);
      expect(busy).toBeGreaterThan(0);
      expect(rates[rates.length - 1]).toBe(0);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('rows of one request ID in two functions', () => {
  const ID = 'ac086670-6373-11e7-a174-f31b3397f190';
  /** The same invocation as two local files carry it: no log group or time, the function named by the file. */
  const file = (functionName: string): LogEvent[] =>
    [
      `START RequestId: ${ID} Version: $LATEST\n`,
      `2017-07-08T00:23:32.000Z\t${ID}\tINFO\thi from ${functionName}\n`,
      `END RequestId: ${ID}\n`,
      `REPORT RequestId: ${ID}\tDuration: 2895.00 ms\tBilled Duration: 2900 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t\n`,
    ].map((message) => ({ timestamp: Number.NaN, message, functionName }));

  it('keeps one row per function, running and finished, and opens each one its own invocation', () => {
    const correlator = createCorrelator();
    const store = createTailStore({ correlator });
    for (const e of file('orders-api')) store.ingest(e);
    const second = file('random-name');
    for (const e of second.slice(0, 2)) store.ingest(e);
    const byName = (rows: readonly RowView[]) =>
      [...rows].sort((a, b) => (a.functionName ?? '').localeCompare(b.functionName ?? ''));
    let rows = byName(store.snapshot().rows);
    expect(rows.map((r) => [r.functionName, r.requestId, r.live])).toEqual([
      ['orders-api', ID, false],
      ['random-name', ID, true],
    ]);
    for (const e of second.slice(2)) store.ingest(e);
    store.end();
    const snap = store.snapshot();
    rows = byName(snap.rows);
    expect(rows.map((r) => [r.functionName, r.live, r.durationMs])).toEqual([
      ['orders-api', false, 2895],
      ['random-name', false, 2895],
    ]);
    expect(snap.stats).toMatchObject({ invocations: 2, completed: 2 });
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    for (const row of rows) {
      const detail = store.detail(row.id);
      expect(detail?.invocation.functionName).toBe(row.functionName);
      expect(detail?.invocation.lines.map((l) => l.message)[1]).toBe(
        `2017-07-08T00:23:32.000Z\t${ID}\tINFO\thi from ${row.functionName}`,
      );
    }
    expect([...store.matching(containing('hi from random-name'))]).toEqual([rows[1]?.id]);
  });
});

describe('live input read late (a follower’s later poll)', () => {
  const live = () => {
    const clock = { ms: 0, now: () => clock.ms };
    const store = createTailStore({ correlator: createCorrelator({ live: true }, clock) });
    /** One poll's events, then a second on the wall clock: reported invocations complete. */
    const poll = (events: LogEvent[]) => {
      store.ingestBatch(events);
      store.settle(500);
      clock.ms += 1000;
      store.settle(500);
    };
    return { store, poll };
  };
  const rows = (store: ReturnType<typeof createTailStore>) =>
    store.snapshot().rows.map((r) => {
      const inv = store.detail(r.id)?.invocation;
      return [r.requestId.slice(0, 8), inv?.status, inv?.lines.map((l) => l.message.split(/[ \t]/)[0])];
    });

  it('shows a request whose END and REPORT come after the next request once, whole', () => {
    const { store, poll } = live();
    const [a, b] = [
      invocation('orders', uuid(1), 1000, ['INFO\tA working']),
      invocation('orders', uuid(2), 2000),
    ];
    poll(a.slice(0, 2));
    poll(b);
    poll(a.slice(2).map((e) => ({ ...e, timestamp: 1500 })));
    expect(rows(store)).toEqual([
      ['00000001', 'success', ['START', expect.any(String), 'END', 'REPORT']],
      ['00000002', 'success', ['START', 'END', 'REPORT']],
    ]);
    expect(store.snapshot().stats).toMatchObject({ invocations: 2, completed: 2, unattributed: 0 });
  });

  it('adds a line tagged with a completed request to its row, after its last line, and opens none', () => {
    const { store, poll } = live();
    const c = invocation('orders', uuid(3), 3000, ['INFO\tC working']);
    poll(c);
    expect(store.snapshot().rows.map((r) => [r.live, r.lineCount])).toEqual([[false, 4]]);
    const late = {
      ...(c[1] as LogEvent),
      message: `${new Date(3002).toISOString()}\t${uuid(3)}\tINFO\tC late\n`,
    };
    poll([late]);
    expect(rows(store)).toEqual([
      ['00000003', 'success', ['START', expect.any(String), 'END', 'REPORT', expect.any(String)]],
    ]);
    const id = store.snapshot().rows[0]?.id ?? '';
    expect(store.detail(id)?.invocation.lines.at(-1)?.message).toContain('C late');
    expect(store.snapshot().rows[0]?.lineCount).toBe(5);
    expect(store.snapshot().stats).toMatchObject({ invocations: 1, completed: 1, unattributed: 0 });
  });
  describe('bytes held', () => {
    /** 200 KiB of untagged text (a Python print): the lines of a busy function's rows. */
    const LONG = 'x'.repeat(200 * 1024);

    /** An invocation of `lines` long lines, each message as the row keeps it (no newline to trim). */
    function longInvocation(id: string, t: number, lines: number): LogEvent[] {
      const at = (offset: number, message: string): LogEvent => ({
        timestamp: t + offset,
        message,
        logGroup: '/aws/lambda/long-lines',
        logStream: '2026/01/01/[$LATEST]long',
      });
      return [
        at(0, `START RequestId: ${id} Version: $LATEST`),
        ...Array.from({ length: lines }, (_, i) => at(1 + i, LONG)),
        at(40, `END RequestId: ${id}`),
        at(
          41,
          `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
        ),
      ];
    }

    it('keeps rows of long lines within its bytes, the oldest leaving first, and counts them dropped', () => {
      const store = createTailStore({ correlator: createCorrelator() });
      // A row: START (70 characters: 340 bytes), 10 lines of 409,800, END (302), REPORT
      // (137 characters: 474): 4,099,116 bytes. 32 of them fit in 128 MiB, not 33.
      for (let i = 0; i < 50; i++) for (const e of longInvocation(uuid(i), i * 100, 10)) store.ingest(e);
      let snap = store.snapshot();
      expect(snap.stats).toMatchObject({ held: 32, pinnedBeyond: 0, dropped: 18, invocations: 50 });
      expect(short(snap.rows.slice(0, 1))).toEqual(['00000012']);
      expect(short(snap.rows.slice(-1))).toEqual(['00000031']);
      // A pause pins the 5 oldest; 10 more come: 32 rows still fit, and 5 are kept beyond them.
      const frozen = snap.rows.slice(0, 5).map((r) => r.id);
      store.setPins('pause', new Set(frozen));
      for (let i = 50; i < 60; i++) for (const e of longInvocation(uuid(i), i * 100, 10)) store.ingest(e);
      snap = store.snapshot();
      expect(snap.stats).toMatchObject({ held: 37, pinnedBeyond: 5, dropped: 23, invocations: 60 });
      expect(short(snap.rows.slice(0, 6))).toEqual([
        '00000012',
        '00000013',
        '00000014',
        '00000015',
        '00000016',
        '0000001c',
      ]);
      for (const id of frozen) expect(store.detail(id)?.invocation.lines).toHaveLength(13);
    });

    it('lets the oldest row go while a running one grows past the bytes given', () => {
      // Two rows of one long line (410,916 bytes each) and a running one's START and first
      // line (410,140) fit in 1,300,000 bytes; its second line (409,800 more) does not.
      // One row may take all of them here, to see the ring's own bound at work.
      const store = createTailStore({
        correlator: createCorrelator(),
        maxBytes: 1_300_000,
        maxRowBytes: 1_300_000,
      });
      for (let i = 0; i < 2; i++) for (const e of longInvocation(uuid(i), i * 100, 1)) store.ingest(e);
      const running = longInvocation(uuid(2), 200, 3).slice(0, 3); // START and two long lines
      store.ingest(running[0]!);
      store.ingest(running[1]!);
      expect(store.snapshot().stats).toMatchObject({ held: 3, dropped: 0 });
      store.ingest(running[2]!);
      const snap = store.snapshot();
      expect(snap.stats).toMatchObject({ held: 2, dropped: 1, invocations: 3 });
      expect(snap.rows.map((r) => [r.requestId.slice(0, 8), r.live, r.lineCount])).toEqual([
        ['00000001', false, 4],
        ['00000002', true, 3],
      ]);
    });

    it('keeps a row past its share of the bytes, with its first lines, and counts the others not kept', () => {
      // A quarter of 4,000,000 bytes a row: START (340) and two long lines (409,800 each) fit,
      // a third does not. Such a row left at once before ("dropped 1"), nothing to open.
      const store = createTailStore({ correlator: createCorrelator(), maxBytes: 4_000_000 });
      const events = longInvocation(uuid(0), 0, 5);
      // Running: its lines past the share are counted as they come.
      for (const e of events.slice(0, 5)) store.ingest(e);
      let row = store.snapshot().rows[0];
      expect([row?.live, store.detail(row?.id ?? '')?.invocation.droppedLines]).toEqual([true, 2]);
      for (const e of events.slice(5)) store.ingest(e);
      store.end();
      const snap = store.snapshot();
      expect(snap.stats).toMatchObject({ held: 1, dropped: 0, invocations: 1 });
      row = snap.rows[0];
      const detail = store.detail(row?.id ?? '')?.invocation;
      // START, 5 long lines, END, REPORT: the first three kept, five counted.
      expect([row?.status, row?.live, detail?.lines.length, detail?.droppedLines]).toEqual([
        'success',
        false,
        3,
        5,
      ]);
      expect(detail?.lines.map((l) => l.message.slice(0, 5))).toEqual([
        'START',
        LONG.slice(0, 5),
        LONG.slice(0, 5),
      ]);
      // A row past all the ring's bytes (2,050,316 against 1,500,000) is kept too, with its START.
      const small = createTailStore({ correlator: createCorrelator(), maxBytes: 1_500_000 });
      for (const e of events) small.ingest(e);
      small.end();
      expect(small.snapshot().stats).toMatchObject({ held: 1, dropped: 0, invocations: 1 });
      expect(small.detail(small.snapshot().rows[0]?.id ?? '')?.invocation.droppedLines).toBe(7);
    });
  });
});

describe('traces that name the same request, as X-Ray gives them one after another', () => {
  const REQUEST = 'ac086670-6373-11e7-a174-f31b3397f190';
  const TRACE_ID = '1-59602603-23fc5b688855d396af79b496';
  const OTHER_ID = '1-59602603-23fc5b688855d396af790000';
  /** The saved trace, and the same one under another trace ID: both name the request. */
  const traces = (): [Trace, Trace] => {
    const text = readFileSync(TRACES, 'utf8');
    const [first] = tracesFromBatchGetTraces(JSON.parse(text));
    const [second] = tracesFromBatchGetTraces(JSON.parse(text.replaceAll(TRACE_ID, OTHER_ID)));
    if (!first || !second) throw new Error('fixture has a trace');
    return [first, second];
  };
  /** The fixture's events, the traced REPORT without its XRAY suffix: no log names the trace. */
  const untraced = (): LogEvent[] =>
    fixtureEvents().map((e) => ({ ...e, message: e.message.replace(/\nXRAY TraceId: [^\n]*/, '') }));
  /** The detail view's X-Ray section of the request's row, as drawn. */
  const section = (store: ReturnType<typeof storeOf>): string[] => {
    const detail = store.detail(rowIdOf(store, REQUEST));
    if (!detail) throw new Error('row held');
    const lines = layoutDetail(detail, {
      state: INITIAL_DETAIL,
      search: null,
      highlights: [],
      width: 140,
      glyphs: UNICODE_GLYPHS,
      region: 'us-east-1',
    }).map((l) => l.pieces.map((p) => p.text).join(''));
    const at = lines.indexOf('X-Ray trace');
    return lines.slice(at, at + 2);
  };

  it('a second trace naming a request joined by the first leaves it with neither, and says why', () => {
    const [first, second] = traces();
    const store = storeOf(untraced());
    store.attachTrace(first);
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({ traceMatch: 'attached', rivalTraces: 0 });
    expect(store.detail(rowIdOf(store, REQUEST))?.trace?.traceId).toBe(TRACE_ID);

    store.attachTrace(second);
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({
      trace: null,
      traceMatch: null,
      rivalTraces: 2,
    });
    expect(store.snapshot().rows.filter((r) => r.hasTrace)).toEqual([]);
    expect(section(store)).toEqual([
      'X-Ray trace',
      'no trace ID in its logs, and 2 traces name this request: none joined',
    ]);
    // Either given again changes nothing: still two traces name the request.
    store.attachTrace(first);
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({ trace: null, rivalTraces: 2 });
  });

  it('as when both came before the row', () => {
    const [first, second] = traces();
    const store = createTailStore({ correlator: createCorrelator() });
    store.attachTrace(first);
    store.attachTrace(second);
    for (const e of untraced()) store.ingest(e);
    store.end();
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({
      trace: null,
      traceMatch: null,
      rivalTraces: 2,
    });
  });

  it('a row whose logs name its trace keeps it, and one taken back joins when its REPORT names it', () => {
    const [first, second] = traces();
    const named = storeOf(fixtureEvents());
    named.attachTrace(first);
    named.attachTrace(second);
    expect(named.detail(rowIdOf(named, REQUEST))).toMatchObject({ traceMatch: 'attached', rivalTraces: 0 });
    expect(named.detail(rowIdOf(named, REQUEST))?.trace?.traceId).toBe(TRACE_ID);

    // Running, its logs name no trace yet: it takes the one trace naming its request, gives it
    // back when a second comes, and takes the one its REPORT names.
    const events = fixtureEvents().filter((e) => e.message.includes(REQUEST));
    const report = events.pop() as LogEvent;
    const store = createTailStore({ correlator: createCorrelator() });
    for (const e of events) store.ingest(e);
    store.attachTrace(second);
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({ live: true, traceMatch: 'attached' });
    store.attachTrace(first);
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({ live: true, trace: null, rivalTraces: 2 });
    store.ingest(report);
    store.end();
    expect(store.detail(rowIdOf(store, REQUEST))).toMatchObject({
      live: false,
      traceMatch: 'attached',
      rivalTraces: 0,
    });
    expect(store.detail(rowIdOf(store, REQUEST))?.trace?.traceId).toBe(TRACE_ID);
  });
});
