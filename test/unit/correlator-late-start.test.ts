/**
 * A START of another request while one is open in the stream: an earlier request whose
 * events arrive late (a follower's later poll), or the next request written a moment
 * before the open one's END and REPORT (a copy's order within one millisecond). Each
 * request comes out once, with all its lines, and none is let go of before its lines came.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const T = 1_790_000_000_000;
const STREAM = '2026/10/01/[$LATEST]0123456789abcdef0123456789abcdef';

const at = (ms: number, message: string, logStream = STREAM): LogEvent => ({
  timestamp: T + ms,
  message,
  logGroup: '/aws/lambda/orders',
  logStream,
});
const start = (ms: number, id: string) => at(ms, `START RequestId: ${id} Version: $LATEST`);
const info = (ms: number, id: string, text: string) =>
  at(ms, `${new Date(T + ms).toISOString()}\t${id}\tINFO\t${text}`);
const end = (ms: number, id: string) => at(ms, `END RequestId: ${id}`);
const report = (ms: number, id: string, extra = '') =>
  at(
    ms,
    `REPORT RequestId: ${id}\tDuration: 9.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t${extra}`,
  );

/** Pushes the events; returns what came out, in order, with the event it came out at. */
function run(events: LogEvent[], options = {}) {
  const correlator = createCorrelator(options);
  const out: { at: number; inv: Invocation }[] = [];
  events.forEach((e, i) => {
    for (const inv of correlator.push(e).completed) out.push({ at: i, inv });
  });
  for (const inv of correlator.flush()) out.push({ at: events.length, inv });
  return { out, stats: correlator.stats() };
}

const summary = (inv: Invocation) => [inv.requestId, inv.status, inv.lines.map((l) => l.message)];

describe('a START stamped before the request open in its stream (late ingestion)', () => {
  it('gives both requests once, whole, the late one first: the open one takes the stream back', () => {
    const { out, stats } = run([
      start(1000, A),
      info(1001, A, 'A working'),
      // Ingested late: a request that ran before A in the same environment.
      start(500, B),
      at(501, 'B print without an ID'),
      info(502, B, 'B working'),
      end(600, B),
      report(600, B),
      // A's own lines go on, one of them untagged (a Python print).
      at(1400, 'A print without an ID'),
      info(1500, A, 'A done'),
      end(2000, A),
      report(2000, A),
    ]);
    expect(out.map((o) => summary(o.inv))).toEqual([
      [
        B,
        'success',
        [
          `START RequestId: ${B} Version: $LATEST`,
          'B print without an ID',
          `${new Date(T + 502).toISOString()}\t${B}\tINFO\tB working`,
          `END RequestId: ${B}`,
          expect.stringMatching(/^REPORT RequestId: bbbbbbbb/),
        ],
      ],
      [
        A,
        'success',
        [
          `START RequestId: ${A} Version: $LATEST`,
          `${new Date(T + 1001).toISOString()}\t${A}\tINFO\tA working`,
          'A print without an ID',
          `${new Date(T + 1500).toISOString()}\t${A}\tINFO\tA done`,
          `END RequestId: ${A}`,
          expect.stringMatching(/^REPORT RequestId: aaaaaaaa/),
        ],
      ],
    ]);
    expect(out.map((o) => [o.inv.requestId, o.inv.start, o.inv.end])).toEqual([
      [B, new Date(T + 500).toISOString(), new Date(T + 600).toISOString()],
      [A, new Date(T + 1000).toISOString(), new Date(T + 2000).toISOString()],
    ]);
    expect(stats).toMatchObject({ events: 11, attributed: 11, unattributed: 0, invocations: 2, evicted: 0 });
  });

  it('gives an untagged line stamped after the open request began to it, while the late one runs', () => {
    const { out } = run([
      start(1000, A),
      start(500, B),
      // Polls sort by time, but B's REPORT may come in a later poll still than A's next line.
      at(1200, 'A print without an ID'),
      at(550, 'B print without an ID'),
      report(600, B),
      report(2000, A),
    ]);
    expect(out.map((o) => summary(o.inv))).toEqual([
      [
        B,
        'success',
        [`START RequestId: ${B} Version: $LATEST`, 'B print without an ID', expect.stringMatching(/^REPORT/)],
      ],
      [
        A,
        'success',
        [`START RequestId: ${A} Version: $LATEST`, 'A print without an ID', expect.stringMatching(/^REPORT/)],
      ],
    ]);
  });

  it('unwinds late arrivals within late arrivals, each once', () => {
    const { out, stats } = run([
      start(1000, A),
      start(500, B),
      start(100, C),
      report(200, C),
      info(550, B, 'B working'),
      report(600, B),
      info(1500, A, 'A working'),
      report(2000, A),
    ]);
    expect(out.map((o) => [o.inv.requestId, o.inv.status, o.inv.lines.length])).toEqual([
      [C, 'success', 2],
      [B, 'success', 3],
      [A, 'success', 3],
    ]);
    expect(stats.invocations).toBe(3);
  });

  it('takes a late cold start (INIT_START before the open request) for the late request', () => {
    const { out } = run([
      start(1000, A),
      at(
        100,
        'INIT_START Runtime Version: nodejs:20.v101\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:1867',
      ),
      start(400, B),
      report(600, B, 'Init Duration: 250.00 ms\t'),
      info(1500, A, 'A working'),
      report(2000, A),
    ]);
    expect(out.map((o) => [o.inv.requestId, o.inv.status, o.inv.coldStart, o.inv.lines.length])).toEqual([
      [B, 'success', true, 3],
      [A, 'success', false, 3],
    ]);
  });

  it('lets a request set aside go once when it never reports: at its idle expiry, not twice', () => {
    const clock = { ms: 0, now: () => clock.ms };
    const correlator = createCorrelator({}, clock);
    const got: Invocation[] = [];
    for (const e of [start(1000, A), info(1001, A, 'A working'), start(500, B), report(600, B)]) {
      got.push(...correlator.push(e).completed);
    }
    got.push(...correlator.expire(500));
    clock.ms = 1_000;
    got.push(...correlator.expire(500));
    // B reported and went quiet; A, running again, may run for 15 minutes.
    expect(got.map((i) => [i.requestId, i.status])).toEqual([[B, 'success']]);
    clock.ms = 16 * 60_000;
    got.push(...correlator.expire(500));
    expect(got.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([
      [B, 'success', 2],
      [A, 'incomplete', 2],
    ]);
    expect(correlator.flush()).toEqual([]);
    expect(correlator.stats()).toMatchObject({ open: 0, invocations: 2 });
  });
});

describe('a START of the next request before the open one’s END and REPORT (one millisecond, copied)', () => {
  it('gives the open request its END and REPORT, once, before the next one', () => {
    const { out } = run([
      start(1000, A),
      info(1001, A, 'A working'),
      start(1009, B),
      end(1009, A),
      report(1009, A),
      info(1010, B, 'B working'),
      end(1020, B),
      report(1020, B),
    ]);
    expect(out.map((o) => [o.inv.requestId, o.inv.status, o.inv.lines.length])).toEqual([
      [A, 'success', 4],
      [B, 'success', 4],
    ]);
  });

  it('lets a request that never reports go when the next one reports, before it', () => {
    const { out, stats } = run([
      start(1000, A),
      info(1001, A, 'A working'),
      start(2000, B),
      info(2001, B, 'B working'),
      end(2002, B),
      report(2002, B),
      start(3000, C),
      report(3001, C),
    ]);
    expect(out.map((o) => [o.at, ...summary(o.inv)])).toEqual([
      [
        5,
        A,
        'incomplete',
        [
          `START RequestId: ${A} Version: $LATEST`,
          `${new Date(T + 1001).toISOString()}\t${A}\tINFO\tA working`,
        ],
      ],
      [6, B, 'success', expect.any(Array)],
      [8, C, 'success', expect.any(Array)],
    ]);
    expect(stats).toMatchObject({ invocations: 3, evicted: 0, open: 0 });
  });

  it('keeps at most one such request per stream: STARTs alone (a filter on START) each go at the next', () => {
    const starts = Array.from({ length: 50 }, (_, n) =>
      start(1000 + n, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
    );
    const { out, stats } = run(starts, { maxOpenInvocations: 3 });
    expect(out.map((o) => o.at)).toEqual([...Array.from({ length: 48 }, (_, n) => n + 2), 50, 50]);
    expect(out.map((o) => o.inv.requestId)).toEqual(starts.map((e) => e.message.split(' ')[2]));
    expect(stats).toMatchObject({ invocations: 50, evicted: 0 });
  });
});

describe('live: a request whose END and REPORT are read after the whole next request (a later poll)', () => {
  /** A live correlator on a clock the test moves: each poll's events, then a second passes. */
  function follow() {
    const clock = { ms: 0, now: () => clock.ms };
    const correlator = createCorrelator({ live: true }, clock);
    const out: Invocation[] = [];
    const poll = (events: LogEvent[]) => {
      for (const e of events) out.push(...correlator.push(e).completed);
      out.push(...correlator.expire(500));
      clock.ms += 1000;
      out.push(...correlator.expire(500));
    };
    return { correlator, out, poll };
  }
  const firstWords = (inv: Invocation) => [
    inv.requestId,
    inv.status,
    inv.lines.map((l) => l.message.split(/[ \t]/)[0]),
  ];

  it('comes out once, whole, when its REPORT arrives, after the request that followed it', () => {
    const run = follow();
    run.poll([start(0, A), info(1, A, 'A working')]);
    run.poll([start(1000, B), info(1001, B, 'B working'), end(1002, B), report(1003, B)]);
    expect(run.out.map(firstWords)).toEqual([[B, 'success', ['START', expect.any(String), 'END', 'REPORT']]]);
    run.poll([end(500, A), report(500, A)]);
    expect(run.out.map(summary)).toEqual([
      [B, 'success', expect.any(Array)],
      [
        A,
        'success',
        [
          `START RequestId: ${A} Version: $LATEST`,
          `${new Date(T + 1).toISOString()}\t${A}\tINFO\tA working`,
          `END RequestId: ${A}`,
          expect.stringMatching(/^REPORT RequestId: aaaaaaaa/),
        ],
      ],
    ]);
    expect(run.correlator.flush()).toEqual([]);
    expect(run.correlator.stats()).toMatchObject({ events: 8, attributed: 8, invocations: 2, open: 0 });
  });

  it('comes out incomplete at the stream’s next START, before the request it starts', () => {
    const run = follow();
    run.poll([start(0, A), info(1, A, 'A working')]);
    run.poll([start(1000, B), report(1003, B), start(2000, C), report(2003, C)]);
    expect(run.out.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([
      [B, 'success', 2],
      [A, 'incomplete', 2],
      [C, 'success', 2],
    ]);
  });

  it('waits no longer than a running request: silent for 16 minutes, it comes out incomplete', () => {
    const run = follow();
    run.poll([start(0, A), info(1, A, 'A working')]);
    run.poll([start(1000, B), report(1003, B)]);
    // One poll a second, nothing read: 15 minutes on, A still waits.
    for (let s = 0; s < 15 * 60; s++) run.poll([]);
    expect(run.out.map((i) => [i.requestId, i.status])).toEqual([[B, 'success']]);
    for (let s = 0; s < 60; s++) run.poll([]);
    expect(run.out.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([
      [B, 'success', 2],
      [A, 'incomplete', 2],
    ]);
  });

  it('is let go when the next request reports, as before, in a file (no wall clock)', () => {
    const { out } = run([start(0, A), start(1000, B), report(1003, B), end(500, A), report(500, A)]);
    expect(out.map((o) => [o.at, o.inv.requestId, o.inv.status, o.inv.lines.length])).toEqual([
      [2, A, 'incomplete', 1],
      [4, B, 'success', 2],
      [5, A, 'success', 2],
    ]);
  });
});
