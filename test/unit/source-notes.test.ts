/**
 * Completeness notes while a follower runs: told when they appear, again when their count
 * changes (at most every repeatMs), and when they clear; worded as a closing account at the end.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sourceNotes, watchSourceNotes } from '../../cli/output/source-notes.ts';
import { type SourceStatus, StatusBoard } from '../../collectors/cloudwatch-logs/source-status.ts';

afterEach(() => {
  vi.useRealTimers();
});

function board(): StatusBoard {
  return new StatusBoard('follow', ['/aws/lambda/a', '/aws/lambda/b'], () => ({}));
}

describe('source notes', () => {
  it('tell each change while running, not only at the end', () => {
    vi.useFakeTimers();
    const b = board();
    const lines: string[] = [];
    let now = 0;
    const watcher = watchSourceNotes(
      () => b.snapshot(),
      (line) => lines.push(line),
      { everyMs: 1000, repeatMs: 10_000, now: () => now },
    );
    const tick = (ms: number) => {
      now += ms;
      vi.advanceTimersByTime(ms);
    };
    tick(1000);
    expect(lines).toEqual([]);

    b.group('/aws/lambda/a').missing = true;
    b.group('/aws/lambda/b').throttled = true;
    tick(1000);
    expect(lines.splice(0)).toEqual([
      'log group /aws/lambda/a does not exist (yet)',
      'AWS is throttling the reads: lambdalens slows down and catches up (--rate sets the budget)',
    ]);
    tick(1000);
    expect(lines).toEqual([]);

    // A count that changes is told again, but not more often than every 10 s.
    b.group('/aws/lambda/b').late = 2;
    tick(1000);
    b.group('/aws/lambda/b').late = 3;
    tick(1000);
    expect(lines.splice(0)).toEqual([
      '2 late events (ingested after newer ones) delivered from the look-back window',
    ]);
    tick(10_000);
    expect(lines.splice(0)).toEqual([
      '3 late events (ingested after newer ones) delivered from the look-back window',
    ]);

    // Cleared notes say so.
    b.group('/aws/lambda/a').missing = false;
    b.group('/aws/lambda/b').throttled = false;
    b.group('/aws/lambda/b').lagMs = 45_000;
    tick(1000);
    expect(lines.splice(0)).toEqual([
      'behind: the newest event was ingested 45 s before it was read',
      'log group /aws/lambda/a exists now',
      'no longer throttled',
    ]);
    watcher.stop();
    b.group('/aws/lambda/b').sampled = true;
    tick(5000);
    expect(lines).toEqual([]);
  });

  it('give a closing account at the end: throttling absorbed, swept and skewed events, overflow', () => {
    const b = board();
    b.throttleCount = 7;
    const g = b.group('/aws/lambda/a');
    g.swept = 1;
    g.futureStamped = 2;
    g.maxAheadMs = 600_000;
    g.skewedStream = '2026/10/01/[$LATEST]bad';
    b.seenOverflow = 12;
    const s: SourceStatus = b.snapshot();
    expect(sourceNotes(s).map((n) => n.text)).toEqual([
      'AWS throttled 7 calls; lambdalens slowed down and caught up',
      '1 event arrived later than the look-back and came from the wider sweep (a longer --look-back shows such events sooner)',
      '2 events of /aws/lambda/a stamped up to 600 s ahead of their ingestion (stream 2026/10/01/[$LATEST]bad: a clock running fast); shown, and the cursor keeps to the wall clock',
      '12 events fell out of the dedupe bound (a re-read may repeat one)',
    ]);
  });
});

describe('source notes of Live Tail and of functions read in their log group', () => {
  it('tell a session that cannot open until one does, and a function read from its default group', () => {
    vi.useFakeTimers();
    const b = new StatusBoard('live', ['/aws/lambda/gone'], () => ({}));
    b.group('/aws/lambda/gone').standInFor = { functionName: 'gone', reason: 'not-found' };
    const lines: string[] = [];
    const watcher = watchSourceNotes(
      () => b.snapshot(),
      (line) => lines.push(line),
      { everyMs: 1000, now: () => Date.now() },
    );
    b.liveTailClosedBy = 'AWS throttled logs:StartLiveTail: too many sessions or requests';
    vi.advanceTimersByTime(1000);
    expect(lines.splice(0)).toEqual([
      'Lambda has no function gone (deleted?): reading its log group /aws/lambda/gone',
      'Live Tail cannot open a session (AWS throttled logs:StartLiveTail: too many sessions or requests): trying again; meanwhile new events are read with FilterLogEvents',
    ]);
    b.liveTailClosedBy = null;
    b.backfillFailedBy = 'Access denied: your AWS identity is not allowed logs:FilterLogEvents';
    vi.advanceTimersByTime(1000);
    expect(lines.splice(0)).toEqual([
      'events before the Live Tail session cannot be read (Access denied: your AWS identity is not allowed logs:FilterLogEvents): only new events are shown; trying again with the next session',
      'Live Tail session open',
    ]);
    b.backfillFailedBy = null;
    vi.advanceTimersByTime(1000);
    expect(lines.splice(0)).toEqual(['events before the Live Tail session read']);
    watcher.stop();
  });
});
