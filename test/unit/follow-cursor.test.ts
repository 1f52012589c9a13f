/**
 * The follow cursor's guarantees, event by event under a fake clock (the same guarantees
 * run against moto in test/integration/aws/follow*.test.ts). Whoever changes how follow
 * reads (per-stream positions, fewer re-reads) must keep every one of these.
 */
import { describe, expect, it } from 'vitest';
import { FollowCursor } from '../../collectors/cloudwatch-logs/cursor.ts';
import type { LogEvent } from '../../collectors/model.ts';

const NOW = 1_800_000_000_000;
const e = (id: string, timestamp: number, ingestionTime = timestamp + 50, logStream = 's'): LogEvent => ({
  eventId: id,
  timestamp,
  ingestionTime,
  message: `message ${id}`,
  logGroup: '/aws/lambda/fn',
  logStream,
});

describe('follow cursor', () => {
  it('delivers late and same-millisecond events once and re-reads the look-back', () => {
    const c = new FollowCursor({ startTime: NOW - 10_000, lookBackMs: 1000 });
    expect(c.accept(e('a', NOW), NOW + 100)).toBe('new');
    expect(c.accept(e('b', NOW), NOW + 100)).toBe('new');
    c.advance(NOW + 100);
    expect(c.watermark).toBe(NOW);
    expect(c.queryStart()).toBe(NOW - 1000);
    expect(c.accept(e('a', NOW), NOW + 200)).toBe('duplicate');
    // The rest of a same-millisecond burst, on a later page or poll.
    expect(c.accept(e('c', NOW), NOW + 200)).toBe('new');
    // Ingested late, inside the look-back.
    expect(c.accept(e('late', NOW - 500, NOW + 150), NOW + 200)).toBe('late');
    expect(c.accept(e('late', NOW - 500, NOW + 150), NOW + 300)).toBe('duplicate');
  });

  it('never moves the watermark past the wall clock or an event’s ingestion: a future stamp loses nothing', () => {
    const c = new FollowCursor({ startTime: NOW - 60_000, lookBackMs: 5000 });
    // A container with a clock ten minutes fast: stamped ahead, ingested now.
    const skewed = e('skewed', NOW + 600_000, NOW, 'bad-clock');
    expect(c.accept(skewed, NOW)).toBe('new');
    c.advance(NOW);
    expect(c.watermark).toBe(NOW);
    expect(c.queryStart()).toBe(NOW - 5000);
    expect(c.skew).toEqual({ events: 1, maxAheadMs: 600_000, logStream: 'bad-clock' });
    // Correctly stamped events written afterwards are still read, and each only once.
    for (let i = 1; i <= 5; i++) {
      const t = NOW + i * 1000;
      expect(c.accept(e(`ok${i}`, t), t + 100)).toBe('new');
      expect(c.accept(skewed, t + 100)).toBe('duplicate');
      c.advance(t + 100);
      expect(c.queryStart()).toBeLessThanOrEqual(t);
    }
    // Without ingestion times (Live Tail backfills have them; other sources may not) the clock bounds it.
    const noIngest = new FollowCursor({ startTime: NOW - 60_000, lookBackMs: 5000 });
    noIngest.accept({ ...skewed, ingestionTime: undefined }, NOW);
    noIngest.advance(NOW);
    expect(noIngest.watermark).toBe(NOW);
  });

  it('finds an event later than the look-back in the wider sweep, and only there', () => {
    const c = new FollowCursor({ startTime: NOW - 3_600_000, lookBackMs: 1000, sweepBackMs: 60_000 });
    c.accept(e('a', NOW), NOW);
    c.advance(NOW);
    const veryLate = e('very-late', NOW - 30_000, NOW + 500);
    expect(c.queryStart()).toBe(NOW - 1000);
    expect(c.sweepStart()).toBe(NOW - 60_000);
    expect(c.accept(veryLate, NOW + 600)).toBe('swept');
    expect(c.accept(veryLate, NOW + 700)).toBe('duplicate');
    // What was delivered by the regular polls and then re-read by the sweep is not delivered again.
    expect(c.accept(e('a', NOW), NOW + 800)).toBe('duplicate');
  });

  it('lets go of fingerprints below the sweep, and counts what its bound pushes out', () => {
    const c = new FollowCursor({ startTime: 0, lookBackMs: 1000, sweepBackMs: 1000 });
    c.accept(e('a', 5000), 5000);
    c.advance(5000);
    expect(c.size).toBe(1);
    c.accept(e('b', 7000), 7000);
    c.advance(7000);
    expect(c.size).toBe(1);
    expect(c.overflow).toBe(0);

    const small = new FollowCursor({ startTime: 0, maxSeen: 2 });
    for (const id of ['a', 'b', 'c']) small.accept(e(id, 10), 10);
    expect(small.overflow).toBe(1);
    expect(small.size).toBe(2);
  });

  it('keys Live Tail events by content, so a backfilled copy with an ID is the same event', () => {
    const c = new FollowCursor({ startTime: NOW - 60_000, byContent: true });
    const live: LogEvent = { timestamp: NOW, message: 'hello', logGroup: 'g', logStream: 's' };
    expect(c.accept(live, NOW)).toBe('new');
    expect(c.accept({ ...live, eventId: '3770' }, NOW)).toBe('duplicate');
    expect(c.accept({ ...live, message: 'hello again' }, NOW)).toBe('new');
  });

  it('names the bad setting', () => {
    expect(() => new FollowCursor({ startTime: Number.NaN })).toThrow('startTime must be a number');
    expect(() => new FollowCursor({ startTime: 0, lookBackMs: -1 })).toThrow(
      'lookBackMs must be >= 0, got -1',
    );
    expect(() => new FollowCursor({ startTime: 0, maxSeen: 0 })).toThrow(
      'maxSeen must be a whole number >= 1',
    );
  });
});
