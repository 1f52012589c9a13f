/**
 * What places and names each line (its stream's latest time, its ordinal among identical
 * lines of its millisecond) is kept for a bounded number of streams: a month of a busy
 * account holds a million of them, and kept for all, shipping one took past a gigabyte.
 * A stream read again after it was forgotten is named as it was when nothing was forgotten.
 */
import { describe, expect, it } from 'vitest';
import { LineTimes, STREAMS_REMEMBERED, streamKeys } from '../../collectors/line-time.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { parseLine } from '../../collectors/parser/parse-line.ts';
import { lineDocumentId } from '../../shippers/documents.ts';
import { positionCounter } from '../../shippers/line-positions.ts';

const T0 = Date.UTC(2026, 9, 1);
const GROUP = '/aws/lambda/busy';
const streamName = (n: number) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`;
const rid = (n: number, k: number) =>
  `00000000-0000-4000-8000-${(n * 1000 + k).toString(16).padStart(12, '0')}`;

/**
 * One request of stream `n` at `at`: its START, a line logged three times in one
 * millisecond (a loop), another line, END and REPORT; `withIds` gives each event an ID.
 */
function request(n: number, k: number, at: number, withIds: boolean): LogEvent[] {
  const id = rid(n, k);
  const lines: [number, string][] = [
    [0, `START RequestId: ${id} Version: $LATEST`],
    [1, `${new Date(at + 1).toISOString()}\t${id}\tINFO\tpolling`],
    [1, `${new Date(at + 1).toISOString()}\t${id}\tINFO\tpolling`],
    [1, `${new Date(at + 1).toISOString()}\t${id}\tINFO\tpolling`],
    [2, `${new Date(at + 2).toISOString()}\t${id}\tINFO\tdone`],
    [3, `END RequestId: ${id}`],
    [
      3,
      `REPORT RequestId: ${id}\tDuration: 2.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
    ],
  ];
  return lines.map(([ms, message], i) => ({
    timestamp: at + ms,
    message,
    logGroup: GROUP,
    logStream: streamName(n),
    ...(withIds ? { eventId: `${at + ms}${String(n).padStart(8, '0')}${i}` } : {}),
  }));
}

/**
 * Stream 0 serves a request, 50 other streams one each, then stream 0 another, a second
 * later (after it was forgotten by a counter that keeps 8), and the others again.
 */
function busyHour(withIds: boolean): LogEvent[] {
  const events: LogEvent[] = [];
  let at = T0;
  for (const round of [0, 1]) {
    for (let n = 0; n <= 50; n++) {
      events.push(...request(n, round, at, withIds));
      at += 10;
    }
    at += 1_000;
  }
  return events;
}

/** Each event's document ID, as the shipper names it, by a counter that keeps `streams`. */
function namesOf(events: LogEvent[], streams: number) {
  const position = positionCounter(streams);
  position.newInput();
  const ids = events.map((e) => {
    const p = position(e, parseLine(e.message));
    return lineDocumentId(e, p.ordinal, p.time, p.complete);
  });
  return { ids, streams: position.streams() };
}

describe('line positions of many streams', () => {
  it('keeps at most its bound of streams, and names a stream read again after it was forgotten as before', () => {
    for (const withIds of [false, true]) {
      const events = busyHour(withIds);
      const bounded = namesOf(events, 8);
      const unbounded = namesOf(events, 1_000_000);
      expect(bounded.ids).toEqual(unbounded.ids);
      // Every line its own document: the three identical lines of a millisecond too.
      expect(new Set(bounded.ids).size).toBe(events.length);
      expect(bounded.streams.held).toBeLessThanOrEqual(8);
      expect(bounded.streams.forgotten).toBeGreaterThan(0);
      expect(unbounded.streams).toEqual({ held: 51, forgotten: 0 });
    }
  });

  it('keeps its default bound over five times as many streams', () => {
    const position = positionCounter();
    position.newInput();
    const parsed = parseLine('a line');
    const streams = 5 * STREAMS_REMEMBERED;
    let ordinals = 0;
    for (let n = 0; n < streams; n++) {
      const e: LogEvent = { timestamp: T0 + n, message: 'a line', logGroup: GROUP, logStream: streamName(n) };
      ordinals += position(e, parsed).ordinal;
    }
    expect(ordinals).toBe(0);
    const { held, forgotten } = position.streams();
    expect(held).toBeLessThanOrEqual(STREAMS_REMEMBERED);
    expect(held + forgotten).toBe(streams);
  });
});

describe('line times of many streams', () => {
  it('places an untimed line by the last timed line of its stream, for the last half of its bound streams read', () => {
    const times = new LineTimes(8);
    const key = streamKeys();
    const untimed = (n: number): LogEvent => ({
      timestamp: Number.NaN,
      message: 'a line without a time',
      logGroup: GROUP,
      logStream: streamName(n),
    });
    const place = (e: LogEvent) => times.place(e, parseLine(e.message), key(e));
    for (let n = 0; n < 100; n++) {
      place({ timestamp: T0 + n, message: 'timed', logGroup: GROUP, logStream: streamName(n) });
      // Three streams back, well within the last 4 read: its anchor is there.
      if (n >= 3) {
        expect(place(untimed(n - 3))).toBe(T0 + n - 3);
        expect(times.source).toBe('anchor');
      }
      expect(times.streams.held).toBeLessThanOrEqual(8);
    }
    // Not read while 8 others were: forgotten, so its untimed line is placed as a stream's
    // first one is, by its invocation later.
    expect(Number.isNaN(place(untimed(80)))).toBe(true);
    expect(times.source).toBe('none');
    expect(times.streams.forgotten).toBeGreaterThan(80);
  });
});
