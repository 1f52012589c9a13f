/**
 * Following without re-reading (#18): where a poll starts, when it reaches back, and what
 * that costs, under a fake clock against an in-memory log group that answers like
 * FilterLogEvents (by timestamp, only what was ingested by the time of the call). The
 * guarantees of test/unit/follow-cursor.test.ts hold as well; these add the cost.
 */
import { describe, expect, it } from 'vitest';
import { FollowCursor } from '../../collectors/cloudwatch-logs/cursor.ts';
import { RereadBudget } from '../../collectors/cloudwatch-logs/reread-budget.ts';
import { StreamPositions } from '../../collectors/cloudwatch-logs/stream-positions.ts';
import type { LogEvent } from '../../collectors/model.ts';

const T0 = 1_800_000_000_000;

/** A log group in memory: events stamped `timestamp`, readable from `ingestionTime` on. */
class FakeGroup {
  readonly events: LogEvent[] = [];
  private n = 0;

  write(logStream: string, timestamp: number, ingestionTime: number): void {
    const id = String(this.n++);
    this.events.push({ eventId: id, timestamp, ingestionTime, message: `m${id}`, logGroup: 'g', logStream });
  }

  /** What FilterLogEvents from `start` returns at `now`, in timestamp order. */
  read(start: number, now: number): LogEvent[] {
    return this.events
      .filter((e) => e.timestamp >= start && (e.ingestionTime ?? 0) <= now)
      .sort((a, b) => a.timestamp - b.timestamp);
  }
}

/** One poll as follow runs it: plan, read, accept, advance. Returns the delivered events. */
function poll(cursor: FollowCursor, group: FakeGroup, now: number): { fresh: LogEvent[]; reread: number } {
  const plan = cursor.planRead(now);
  const fresh: LogEvent[] = [];
  let reread = 0;
  for (const e of group.read(plan.start, now)) {
    if (cursor.accept(e, now) === 'duplicate') reread++;
    else fresh.push(e);
  }
  cursor.advance(now);
  return { fresh, reread };
}

describe('stream positions', () => {
  it('place the next read just past the newest ingestion, less the delay of the slowest active stream', () => {
    const p = new StreamPositions({ activeMs: 10_000, maxDelayMs: 60_000 });
    expect(p.nextTimestampFloor()).toBe(Number.NEGATIVE_INFINITY);
    p.note('fast', T0, T0 + 100);
    expect(p.nextTimestampFloor()).toBe(T0 + 1);
    p.note('slow', T0 - 5000, T0 + 50);
    expect(p.nextTimestampFloor()).toBe(T0 + 101 - 5050);
    // A stream stamped ahead of its ingestion (a fast clock) delays nothing.
    p.note('ahead', T0 + 600_000, T0 + 100);
    expect(p.nextTimestampFloor()).toBe(T0 + 101 - 5050);
    // Silent for longer than activeMs, the slow stream stops holding the read back.
    p.note('fast', T0 + 20_000, T0 + 20_100);
    expect(p.nextTimestampFloor()).toBe(T0 + 20_001);
  });

  it('offer each active stream its newest line as a start, which finds its next event however its delay grows', () => {
    const p = new StreamPositions({ activeMs: 10_000, maxDelayMs: 60_000 });
    // A stream 3 s behind ships a line 100 ms after it was written; then a fast stream's line
    // ships 1.4 s after the slow one's, having waited 900 ms itself (a busy moment).
    p.note('slow', T0 - 3000, T0 + 100);
    p.note('fast', T0 + 500, T0 + 1400);
    // The slow stream's next line, written with the fast one, waits 950 ms: its delay grows
    // from 3.1 s to 3.45 s. Reckoned from its last delay, a read would start after it ...
    const next = T0 + 500 - 3000;
    expect(p.nextTimestampFloor()).toBe(T0 + 1401 - 3100);
    expect(p.nextTimestampFloor()).toBeGreaterThan(next);
    // ... but a stream ships in order, so its newest line is a start that finds whatever it writes next.
    const floors = p.activeFloors();
    expect(floors).toContain(T0 - 3000);
    expect(floors.filter((f) => f <= next)).toEqual([T0 - 3000]);
    // Ascending, each once: the cheaper starts from the delays are offered too.
    expect(floors).toEqual([...new Set(floors)].sort((a, b) => a - b));
    expect(floors).toContain(T0 + 1401 - 3100);
  });

  it('remember a bounded number of streams and count what the bound lets go', () => {
    const p = new StreamPositions({ activeMs: 10_000, maxDelayMs: 60_000, maxStreams: 2 });
    for (const s of ['a', 'b', 'c']) p.note(s, T0, T0);
    expect(p.size).toBe(2);
    expect(p.evicted).toBe(1);
  });
});

describe('re-read budget', () => {
  const config = {
    ratio: 0.5,
    freeEvents: 10,
    lookBackEveryMs: 60_000,
    lookBackGapMs: 5000,
    sweepEveryMs: 600_000,
    sweepGapMs: 50_000,
  };
  const starts = { recent: T0, lookBack: T0 - 60_000, sweep: T0 - 600_000 };

  it('reads back at once when it costs little, and waits for credit when it costs much', () => {
    const quiet = new RereadBudget(config, T0);
    for (let i = 0; i < 10; i++) quiet.delivered(T0 - 1000);
    // Cheap enough to fit in the page the poll costs anyway: the deepest read, every poll.
    expect(quiet.choose(T0 + 1, starts)).toBe('sweep');

    const busy = new RereadBudget(config, T0);
    for (let i = 0; i < 1000; i++) busy.delivered(T0 - 1000);
    expect(busy.deliveredBetween(starts.lookBack, starts.recent)).toBe(1000);
    expect(busy.credit).toBe(500);
    expect(busy.choose(T0 + 30_000, starts)).toBe('recent');
    // New events (stamped after the recent start) earn what the look-back costs.
    for (let i = 0; i < 1000; i++) busy.delivered(T0 + 10);
    expect(busy.choose(T0 + 30_000, starts)).toBe('look-back');
    busy.reread(1000);
    busy.readDone('look-back', T0 + 30_000);
    expect(busy.choose(T0 + 31_000, starts)).toBe('recent');
    // Never later than the longest wait, whatever it costs.
    expect(busy.choose(T0 + 90_000, starts)).toBe('look-back');
    expect(busy.choose(T0 + 600_000, starts)).toBe('sweep');
  });

  it('forgets counts below what any read reaches', () => {
    const b = new RereadBudget(config, T0);
    b.delivered(T0 - 700_000);
    b.delivered(T0);
    b.prune(T0 - 600_000);
    expect(b.deliveredBetween(0, T0 + 1000)).toBe(1);
  });
});

describe('follow cursor reading only what can be new', () => {
  it('starts past the watermark, and learns how far back a late event turned up', () => {
    const c = new FollowCursor({ startTime: T0 - 60_000, lookBackMs: 60_000, now: T0 });
    const group = new FakeGroup();
    group.write('s', T0 - 100, T0 - 50);
    // The first poll reads the whole backfill from the start time.
    expect(c.planRead(T0)).toEqual({ start: T0 - 60_000, depth: 'recent' });
    c.advance(T0);
    expect(poll(c, group, T0).fresh).toHaveLength(1);
    expect(c.recentStart(T0 + 1000)).toBe(T0 - 99);
    // Late: stamped 20 s back in a stream never seen. A read from the recent start misses it ...
    group.write('late', T0 - 20_000, T0 + 500);
    expect(c.recentStart(T0 + 1000)).toBeGreaterThan(T0 - 20_000);
    // ... but re-reading one event fits in any page: the poll reads back and finds it ...
    const found = poll(c, group, T0 + 1000);
    expect(found.fresh.map((e) => e.logStream)).toEqual(['late']);
    expect(found.reread).toBe(1);
    // ... and from then on the recent read reaches back that far.
    expect(c.recentStart(T0 + 6000)).toBeLessThanOrEqual(T0 - 20_000);
  });

  it('is not derailed by a future stamp: what is written after it still comes, each once', () => {
    const c = new FollowCursor({ startTime: T0 - 1000, now: T0 });
    const group = new FakeGroup();
    group.write('bad-clock', T0 + 600_000, T0);
    expect(poll(c, group, T0).fresh).toHaveLength(1);
    expect(c.recentStart(T0 + 1000)).toBeLessThanOrEqual(T0 + 1);
    const got: LogEvent[] = [];
    for (let i = 1; i <= 5; i++) {
      group.write('ok', T0 + i * 1000, T0 + i * 1000 + 20);
      got.push(...poll(c, group, T0 + i * 1000 + 100).fresh);
    }
    expect(got.map((e) => e.logStream)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('in a steady stream with slow, late and new streams: everything once, re-reads no more than the new events', () => {
    const c = new FollowCursor({ startTime: T0, now: T0 });
    const group = new FakeGroup();
    const delivered: LogEvent[] = [];
    let reread = 0;
    const SECONDS = 600;
    for (let s = 1; s <= SECONDS + 120; s++) {
      const now = T0 + s * 1000;
      if (s <= SECONDS) {
        for (let k = 0; k < 50; k++) {
          // Shipped in one-second batches: the batch's first line waited a second, its last hardly at all.
          group.write('fast', now - 1000 + k * 20, now - 10);
          // A stream whose whole batch waits 8 s more.
          group.write('slow', now - 9000 + k * 20, now - 10);
        }
        // Every 30 s an event ingested 40 s after its stamp (later than any stream's delay).
        if (s % 30 === 0 && s > 60) group.write('straggler', now - 40_000, now - 10);
        // Every 45 s a new execution environment: a new stream, 3 s behind.
        if (s % 45 === 0) group.write(`env-${s}`, now - 3000, now - 10);
      }
      const r = poll(c, group, now);
      delivered.push(...r.fresh);
      reread += r.reread;
    }
    const ids = delivered.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    // Everything stamped from the start on (the slow stream's first batches are older).
    expect(ids.length).toBe(group.events.filter((e) => e.timestamp >= T0).length);
    expect(delivered.filter((e) => e.logStream === 'straggler')).toHaveLength(18);
    // Every event once, and no more re-read than new: bytes read within 2x the least possible.
    expect(reread).toBeLessThanOrEqual(delivered.length);
    expect(c.overflow).toBe(0);
  });
});
