/**
 * Live input (a follower's polls): a stream's earlier lines may be read after the lines
 * that follow them, after their request was closed and given out. A line tagged with a
 * request closed lately is a late line of it, never the first line of another invocation,
 * and nothing is counted twice. File input keeps its rules.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { RECENTLY_CLOSED, RecentlyClosed } from '../../collectors/correlator/recently-closed.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const T = 1_790_000_000_000;
const STREAM = '2026/10/01/[$LATEST]0123456789abcdef0123456789abcdef';

const at = (ms: number, message: string): LogEvent => ({
  timestamp: T + ms,
  message,
  logGroup: '/aws/lambda/orders',
  logStream: STREAM,
});
const start = (ms: number, id: string) => at(ms, `START RequestId: ${id} Version: $LATEST`);
const info = (ms: number, id: string, text: string) =>
  at(ms, `${new Date(T + ms).toISOString()}\t${id}\tINFO\t${text}`);
const end = (ms: number, id: string) => at(ms, `END RequestId: ${id}`);
const report = (ms: number, id: string) =>
  at(
    ms,
    `REPORT RequestId: ${id}\tDuration: 9.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  );

/** A live correlator on a clock the test moves; each step's events, then an expiry tick. */
function live() {
  const clock = { ms: 0, now: () => clock.ms };
  const correlator = createCorrelator({ live: true }, clock);
  const out: Invocation[] = [];
  const late: [string | null, string][] = [];
  return {
    correlator,
    out,
    late,
    /** Pushes one poll's events, then lets a second pass (the reported ones come out). */
    poll(events: LogEvent[]) {
      for (const e of events) {
        const result = correlator.push(e);
        out.push(...result.completed);
        if (result.late) late.push([result.requestId, result.late.message]);
      }
      out.push(...correlator.expire(500));
      clock.ms += 1000;
      out.push(...correlator.expire(500));
    },
  };
}

describe('live: a request let go before its END and REPORT were read', () => {
  it('came out incomplete at the stream’s next START: its END and REPORT are late lines of it, not another invocation', () => {
    const run = live();
    run.poll([start(0, A), info(1, A, 'A working')]);
    run.poll([start(1000, B), report(1003, B), start(2000, C)]);
    expect(run.out.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([
      [B, 'success', 2],
      [A, 'incomplete', 2],
    ]);
    run.poll([end(500, A), report(500, A)]);
    expect(run.late).toEqual([
      [A, `END RequestId: ${A}`],
      [A, expect.stringMatching(/^REPORT RequestId: aaaaaaaa/)],
    ]);
    run.out.push(...run.correlator.flush());
    expect(run.out.map((i) => [i.requestId, i.status])).toEqual([
      [B, 'success'],
      [A, 'incomplete'],
      [C, 'incomplete'],
    ]);
    expect(run.correlator.stats()).toMatchObject({ events: 7, attributed: 5, late: 2, invocations: 3 });
  });
});

describe('live: a line tagged with a request already closed', () => {
  it('is a late line of it: no invocation opens, nothing is counted twice', () => {
    const run = live();
    run.poll([start(0, C), info(1, C, 'C working'), end(2, C), report(3, C)]);
    expect(run.out.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([[C, 'success', 4]]);
    run.poll([info(1, C, 'C flushed late')]);
    expect(run.late).toEqual([[C, `${new Date(T + 1).toISOString()}\t${C}\tINFO\tC flushed late`]]);
    expect(run.correlator.flush()).toEqual([]);
    expect(run.correlator.stats()).toMatchObject({
      events: 5,
      attributed: 4,
      unattributed: 0,
      late: 1,
      invocations: 1,
      open: 0,
    });
  });

  it('gives the line out as it would have joined the invocation: time, level, message, event ID', () => {
    const correlator = createCorrelator({ live: true }, { now: () => 0 });
    for (const e of [start(0, C), report(3, C), start(10, A)]) correlator.push(e);
    const result = correlator.push({ ...info(2, C, 'late'), eventId: '3789' });
    expect([result.requestId, result.completed, result.late]).toEqual([
      C,
      [],
      {
        timestamp: new Date(T + 2).toISOString(),
        level: 'INFO',
        message: info(2, C, 'late').message,
        eventId: '3789',
      },
    ]);
    // The next event is not late: the result says so again.
    expect(correlator.push(info(11, A, 'A working')).late).toBeNull();
  });

  it('takes a START under a closed ID as Lambda retrying the event: a new invocation, with its own lines', () => {
    const run = live();
    run.poll([start(0, C), report(3, C)]);
    run.poll([start(5000, C), info(5001, C, 'retry working'), report(5002, C)]);
    expect(run.out.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([
      [C, 'success', 2],
      [C, 'success', 3],
    ]);
    expect(run.late).toEqual([]);
  });

  it('remembers the last RECENTLY_CLOSED requests: a line of one closed before them opens an invocation', () => {
    const run = live();
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    for (let n = 0; n <= RECENTLY_CLOSED; n++) {
      for (const e of [start(n, id(n)), report(n, id(n))]) run.out.push(...run.correlator.push(e).completed);
    }
    run.out.push(...run.correlator.flush());
    expect(run.out).toHaveLength(RECENTLY_CLOSED + 1);
    // The first was forgotten; the second is remembered.
    expect(run.correlator.push(info(1, id(1), 'late')).late).not.toBeNull();
    expect(run.correlator.push(info(0, id(0), 'late')).late).toBeNull();
    expect(run.correlator.flush().map((i) => [i.requestId, i.status])).toEqual([[id(0), 'incomplete']]);
  });

  it('opens an invocation of its own in a file, as before', () => {
    const correlator = createCorrelator();
    const out: Invocation[] = [];
    for (const e of [start(0, C), report(3, C), start(10, A), info(2, C, 'late')]) {
      const result = correlator.push(e);
      expect(result.late).toBeNull();
      out.push(...result.completed);
    }
    out.push(...correlator.flush());
    expect(out.map((i) => [i.requestId, i.status, i.lines.length])).toEqual([
      [C, 'success', 2],
      [A, 'incomplete', 1],
      [C, 'incomplete', 1],
    ]);
  });
});

describe('RecentlyClosed', () => {
  it('keeps the last `max` IDs, a retried one as the newest', () => {
    const closed = new RecentlyClosed(2);
    closed.add('a');
    closed.add('b');
    closed.add('a');
    closed.add('c');
    expect([closed.has('a'), closed.has('b'), closed.has('c'), closed.size]).toEqual([true, false, true, 2]);
  });
});
