/**
 * What the log-shipping Lambda keeps of each stream between deliveries (stream-carry.ts):
 * its bounds in events, in streams and in bytes, which events each lets go (the oldest),
 * and the count of what went, which the Lambda reports.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../collectors/model.ts';
import { buildBatchDocuments, type StreamCarry } from '../../shippers/assemble.ts';
import { carriedSize, carryLetGoMessage, DEFAULT_MAX_CARRY_BYTES } from '../../shippers/stream-carry.ts';

const GROUP = '/aws/lambda/long-lines';
const clock = { now: () => 0 };
/** 200 KiB of text: the size of event a busy group of long lines sends. */
const LONG = 200 * 1024;

let n = 0;
function event(stream: string, message: string): LogEvent {
  n++;
  return {
    timestamp: Date.parse('2026-03-01T10:00:00.000Z') + n,
    message,
    logGroup: GROUP,
    logStream: stream,
    eventId: String(n).padStart(56, '0'),
  };
}

const requestId = (i: number) => `0000000${i}-aaaa-4bbb-8ccc-dddddddddddd`;
const start = (stream: string, i: number) =>
  event(stream, `START RequestId: ${requestId(i)} Version: $LATEST`);
/** Untagged text (a Python print) of exactly `LONG` characters, named so it can be found again. */
const long = (stream: string, i: number) => event(stream, `${stream} #${i} `.padEnd(LONG, 'x'));

/** A delivery of one stream: a request begun (never ended here) and `lines` long lines of it. */
function openRequest(stream: string, request: number, lines: number): LogEvent[] {
  return [start(stream, request), ...Array.from({ length: lines }, (_, i) => long(stream, i))];
}

function deliver(carry: StreamCarry, events: LogEvent[], bounds = {}) {
  const batch = buildBatchDocuments(events, carry, { clock, ...bounds });
  return batch.commitCarry();
}

const carriedBytes = (carry: StreamCarry) =>
  [...carry.values()].flat().reduce((sum, e) => sum + carriedSize(e), 0);
const namesOf = (list: LogEvent[] | undefined) => (list ?? []).map((e) => e.message.split(' ', 2).join(' '));
/** The carry's key of a stream of the group (line-time.ts streamKeys). */
const keyOf = (stream: string) => `${GROUP}\u0000${stream}`;

describe('the carry between deliveries', () => {
  it('counts a 200 KiB event as its text at two bytes a character and 200 bytes more', () => {
    expect(carriedSize(long('s', 0))).toBe(409_800);
    expect(carriedSize({ message: 'é€' })).toBe(204);
  });

  it('keeps streams of 200 KiB events within its bytes, letting the least recently delivered stream’s oldest go', () => {
    const carry: StreamCarry = new Map();
    // Each delivery: START (70 characters: 340 bytes) and 60 long lines (409,800 bytes
    // each) of a request still running: all 61 are kept, 24,588,340 bytes a stream.
    expect(deliver(carry, openRequest('s0', 0, 60))).toEqual({ perStream: 0, streams: 0, bytes: 0 });
    expect(deliver(carry, openRequest('s1', 1, 60))).toEqual({ perStream: 0, streams: 0, bytes: 0 });
    // The third makes 73,765,020 bytes, 6,656,156 over 64 MiB: s0's START and its 17
    // oldest lines go (340 + 17 × 409,800 = 6,966,940 bytes).
    expect(deliver(carry, openRequest('s2', 2, 60))).toEqual({ perStream: 0, streams: 0, bytes: 18 });
    expect(carriedBytes(carry)).toBe(66_798_080);
    expect(carriedBytes(carry)).toBeLessThanOrEqual(DEFAULT_MAX_CARRY_BYTES);
    const streams = [...carry.values()];
    expect(streams.map((list) => list.length)).toEqual([43, 61, 61]);
    // What s0 keeps is its newest: lines #17 to #59.
    expect(namesOf(streams[0])[0]).toBe('s0 #17');
    expect(namesOf(streams[0]).at(-1)).toBe('s0 #59');
    expect(namesOf(streams[2])[0]).toBe('START RequestId:');
  });

  it('keeps the newest events of one stream that alone is past its bytes', () => {
    const carry: StreamCarry = new Map();
    // START and 200 lines of 409,800 bytes: 163 lines fit in 64 MiB (66,797,400 bytes), 164 do not.
    const letGo = deliver(carry, openRequest('busy', 0, 200));
    expect(letGo).toEqual({ perStream: 0, streams: 0, bytes: 38 });
    const kept = [...carry.values()][0];
    expect(kept).toHaveLength(163);
    expect(namesOf(kept)[0]).toBe('busy #37');
    expect(namesOf(kept).at(-1)).toBe('busy #199');
    expect(carriedBytes(carry)).toBe(66_797_400);
  });

  it('takes its bytes from the batch options, and says what went and what it costs', () => {
    const carry: StreamCarry = new Map();
    // 1 MB: two long lines (819,600 bytes) fit, with START (340) too; a third does not.
    const bounds = { maxCarryBytes: 1_000_000 };
    const letGo = deliver(carry, openRequest('s', 0, 4), bounds);
    expect(letGo).toEqual({ perStream: 0, streams: 0, bytes: 3 });
    expect(namesOf([...carry.values()][0])).toEqual(['s #2', 's #3']);
    expect(carryLetGoMessage(letGo, bounds)).toBe(
      'let go of 3 event(s) kept for the next deliveries of their streams (3 past 1000000 bytes kept, set by CARRY_MAX_MB): they were ' +
        'shipped, but a request they began is written without them, and its untagged lines to come with no request ID',
    );
  });

  it('still keeps the newest events a stream, and counts those it lets go', () => {
    const carry: StreamCarry = new Map();
    const bounds = { maxCarryPerStream: 3 };
    const first = [
      start('s', 0),
      event('s', 'one'),
      event('s', 'two'),
      event('s', 'three'),
      event('s', 'four'),
    ];
    const letGo = deliver(carry, first, bounds);
    expect(letGo).toEqual({ perStream: 2, streams: 0, bytes: 0 });
    expect(carry.get(keyOf('s'))?.map((e) => e.message)).toEqual(['two', 'three', 'four']);
    expect(carryLetGoMessage(letGo, bounds)).toMatch(
      /^let go of 2 event\(s\) .* \(2 past 3 events a stream, set by CARRY_MAX_EVENTS_PER_STREAM\)/,
    );
    // The request's END and REPORT: nothing of it is needed any more, and nothing is let go.
    const end = [
      event('s', `END RequestId: ${requestId(0)}`),
      event(
        's',
        `REPORT RequestId: ${requestId(0)}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB`,
      ),
    ];
    expect(deliver(carry, end, bounds)).toEqual({ perStream: 0, streams: 0, bytes: 0 });
    expect(carry.size).toBe(0);
  });

  it('still keeps the most recently delivered streams, and counts the events of those it lets go', () => {
    const carry: StreamCarry = new Map();
    const bounds = { maxCarryStreams: 2 };
    expect(deliver(carry, [start('a', 0), event('a', 'a1'), event('a', 'a2')], bounds)).toEqual({
      perStream: 0,
      streams: 0,
      bytes: 0,
    });
    deliver(carry, [start('b', 1)], bounds);
    // a delivered again: b is now the least recently delivered, and goes with its one event.
    deliver(carry, [event('a', 'a3')], bounds);
    const letGo = deliver(carry, [start('c', 2), event('c', 'c1')], bounds);
    expect(letGo).toEqual({ perStream: 0, streams: 1, bytes: 0 });
    expect([...carry.keys()]).toEqual([keyOf('a'), keyOf('c')]);
    expect(carry.get(keyOf('a'))).toHaveLength(4);
  });

  it('keeps its running count of bytes: every delivery lets go what a count from scratch would', () => {
    // Streams delivered in a shuffled order, requests ending and beginning, under a bound that
    // several streams pass: `carry` keeps its total from commit to commit, and a copy of it
    // (a carry first met, summed from scratch) takes the same delivery to the same result.
    const bounds = { maxCarryBytes: 3_000_000, maxCarryStreams: 6 };
    const carry: StreamCarry = new Map();
    let seed = 7;
    const next = (k: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % k;
    };
    let letGoInAll = 0;
    for (let d = 0; d < 200; d++) {
      const stream = `s${next(9)}`;
      const events = next(4) === 0 ? [start(stream, d)] : [];
      for (let i = next(6); i > 0; i--)
        events.push(event(stream, `${stream} line ${d}.${i} `.padEnd(20_000 * (1 + next(20)), 'y')));
      const copy: StreamCarry = new Map(carry);
      const fresh = deliver(copy, events, bounds);
      const kept = deliver(carry, events, bounds);
      expect(kept).toEqual(fresh);
      expect([...carry.entries()]).toEqual([...copy.entries()]);
      expect(carriedBytes(carry)).toBeLessThanOrEqual(bounds.maxCarryBytes);
      letGoInAll += kept.bytes;
    }
    // The bound was met and acted on, not left idle.
    expect(letGoInAll).toBeGreaterThan(0);
  });
});
