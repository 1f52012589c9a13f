/**
 * What places each line in time (its stream's latest time) is kept for a bounded number of
 * streams: a month of a busy account holds a million of them.
 */
import { describe, expect, it } from 'vitest';
import { LineTimes, streamKeys } from '../../collectors/line-time.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { parseLine } from '../../collectors/parser/parse-line.ts';

const T0 = Date.UTC(2026, 9, 1);
const GROUP = '/aws/lambda/busy';
const streamName = (n: number) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`;

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
