/**
 * The copy-prefix reader reads a line of the same stream and minute as the `aws logs tail`
 * prefix before it by comparing in place. That shortcut must give exactly the event the
 * general way gives, whatever the line before was.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CopyPrefixReader, MAX_TAIL_RUNS } from '../../collectors/files/copy-prefix.ts';

// The parts of an `aws logs tail` prefix, each with its usual form first and then forms
// that differ from it by a character or that the general way refuses.
const PARTS: readonly (readonly string[])[] = [
  [
    '2026-10-01T11:31:',
    '2026-10-01T11:32:',
    '2026-10-01T23:07:',
    '2026-10-02T11:31:',
    '2026-10-01T1x:31:',
    '2026-10-01T11-31:',
    '2026-10-01T11:3:',
    '2026-02-30T23:59:',
    '2026-13-01T00:00:',
    '2026-10-01 11:31:',
  ],
  ['55', '07', '61', '5', 'x9'],
  ['.662000', '', '.1', '.123', '.999999', '.', '.12a', ',123'],
  ['+00:00', '', 'Z', 'z', '-05:30', '+0000', '+00:00Z'],
  [' ', '  ', '\t', ''],
  [
    '2026/10/01/[$LATEST]f01e1eacc16c',
    '2026/10/01/[$LATEST]f01e1eacc16cX',
    '2026/10/01/[$LATEST]f01e1eacc16',
    '2026/10/01/[my version]f01e',
    '2026/10/01/[$LATEST]f01e1eacc16c-1',
    '2026-10-01/[$LATEST]ab',
  ],
  [' ', '\t', '', ']', '\r'],
  [
    'START RequestId: 6f7f0961-f834-4211-8a7a-f6fe80b88d56 Version: $LATEST',
    '2026-10-01T11:31:55.845Z\t6f7f0961-f834-4211-8a7a-f6fe80b88d56\tINFO\thello',
    '',
    ' two  spaces',
  ],
];

/**
 * Runs of lines as a copy has them: each line is the one before with a part or two
 * changed, so that most lines share their minute, zone and stream with the line before.
 */
const run = fc
  .tuple(
    // Mostly the usual form of each part, so that most first lines start a run.
    fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.nat()), {
      minLength: PARTS.length,
      maxLength: PARTS.length,
    }),
    fc.array(fc.array(fc.tuple(fc.nat(PARTS.length - 1), fc.nat()), { maxLength: 2 }), { maxLength: 8 }),
  )
  .map(([first, changes]) => {
    const choice = first.map((n, i) => n % (PARTS[i] as string[]).length);
    const lines = [choice.map((c, i) => PARTS[i]?.[c]).join('')];
    for (const change of changes) {
      for (const [part, n] of change) choice[part] = n % (PARTS[part] as string[]).length;
      lines.push(choice.map((c, i) => PARTS[i]?.[c]).join(''));
    }
    return lines;
  });

/** The event the general way gives: a reader that has seen no line before. */
function general(text: string) {
  return new CopyPrefixReader('orders').event(text);
}

describe('copy prefix reader', () => {
  it('gives every line the event the general way gives, after any line', () => {
    fc.assert(
      fc.property(run, (lines) => {
        const reader = new CopyPrefixReader('orders');
        for (const text of lines) expect(reader.event(text)).toEqual(general(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every line the event the general way gives, with runs of several streams interleaved', () => {
    fc.assert(
      fc.property(fc.array(run, { minLength: 2, maxLength: 5 }), fc.array(fc.nat()), (runs, picks) => {
        const reader = new CopyPrefixReader('orders');
        const queues = runs.map((lines) => [...lines]);
        for (let p = 0; queues.some((q) => q.length > 0); p++) {
          const open = queues.filter((q) => q.length > 0);
          const text = (open[(picks[p % Math.max(1, picks.length)] ?? p) % open.length] as string[]).shift();
          expect(reader.event(text as string)).toEqual(general(text as string));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads lines of streams interleaved line by line without matching their prefix again', () => {
    const reader = new CopyPrefixReader('orders');
    const spy = vi.spyOn(reader as unknown as { general: (line: string) => unknown }, 'general');
    const streams = ['a', 'b', 'c'].map((c) => `2026/10/01/[$LATEST]f01e1eacc16cca7f87ecfa33500000${c}0`);
    const times = ['23:59:58.1', '23:59:59.25', '00:00:00.5'];
    const events = times.flatMap((time, n) =>
      streams.map((s) => reader.event(`2026-10-0${time < '12' ? 2 : 1}T${time}+00:00 ${s} line ${n}`)),
    );
    // One line of each stream starts its run; one more for each when the day turns.
    expect(spy).toHaveBeenCalledTimes(6);
    expect(events.map((e) => [e.timestamp, e.logStream, e.message])).toEqual(
      [
        [Date.UTC(2026, 9, 1, 23, 59, 58, 100), 'line 0'],
        [Date.UTC(2026, 9, 1, 23, 59, 59, 250), 'line 1'],
        [Date.UTC(2026, 9, 2, 0, 0, 0, 500), 'line 2'],
      ].flatMap(([time, message]) => streams.map((s) => [time, s, message])),
    );
    // The same stream string for every line of a stream: consumers hash it once.
    expect(events[0]?.logStream).toBe(events[3]?.logStream);
  });

  it('remembers a bounded number of streams, and reads the rest the general way', () => {
    const reader = new CopyPrefixReader('orders');
    const spy = vi.spyOn(reader as unknown as { general: (line: string) => unknown }, 'general');
    const streams = Array.from(
      { length: MAX_TAIL_RUNS + 1 },
      (_, n) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`,
    );
    for (const round of [1, 2]) {
      for (const s of streams) {
        const e = reader.event(`2026-10-01T11:31:0${round}.000Z ${s} hello`);
        expect([e.timestamp, e.logStream, e.message]).toEqual([
          Date.UTC(2026, 9, 1, 11, 31, round),
          s,
          'hello',
        ]);
      }
    }
    // Past the bound, a stream alternating with all the others is no longer remembered.
    expect(spy).toHaveBeenCalledTimes(2 * (MAX_TAIL_RUNS + 1));
  });

  it('reads the lines of a run without matching their prefix again', () => {
    const reader = new CopyPrefixReader('orders');
    const spy = vi.spyOn(reader as unknown as { general: (line: string) => unknown }, 'general');
    const s = '2026/10/01/[$LATEST]f01e1eacc16cca7f87ecfa3350000000';
    const events = [
      `2026-10-01T11:31:55.662000+00:00 ${s} START RequestId: r-1 Version: $LATEST`,
      `2026-10-01T11:31:56.066000+00:00 ${s} hello`,
      `2026-10-01T11:31:59.9+00:00 ${s} END RequestId: r-1`,
      `2026-10-01T11:32:00.000000+00:00 ${s} a new minute`,
      `2026-10-02T00:00:01.5+00:00 ${s} a new day`,
    ].map((text) => reader.event(text));
    expect(spy).toHaveBeenCalledTimes(2);
    expect(events.map((e) => [e.timestamp, e.logStream, e.message])).toEqual([
      [Date.UTC(2026, 9, 1, 11, 31, 55, 662), s, 'START RequestId: r-1 Version: $LATEST'],
      [Date.UTC(2026, 9, 1, 11, 31, 56, 66), s, 'hello'],
      [Date.UTC(2026, 9, 1, 11, 31, 59, 900), s, 'END RequestId: r-1'],
      [Date.UTC(2026, 9, 1, 11, 32, 0, 0), s, 'a new minute'],
      [Date.UTC(2026, 9, 2, 0, 0, 1, 500), s, 'a new day'],
    ]);
  });
});
