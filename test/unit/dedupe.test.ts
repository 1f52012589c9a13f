/**
 * Duplicate input events: the fingerprint window against a plain Set (fuzzed), and the
 * input check end to end on real files: exports given twice, a file concatenated to
 * itself, same-millisecond lines, stdin, and the window's bound.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createEventDedupe,
  DEFAULT_DEDUPE_WINDOW,
  type DedupeVerdict,
  type EventDedupe,
} from '../../collectors/dedupe/event-dedupe.ts';
import { type Fingerprint, fingerprintEvent } from '../../collectors/dedupe/fingerprint.ts';
import { FingerprintWindow } from '../../collectors/dedupe/window.ts';
import { readLogEventBatchesByTime } from '../../collectors/files/merge-by-time.ts';
import { createInputReport, readLogEvents } from '../../collectors/files/read-inputs.ts';
import { STREAMS_REMEMBERED } from '../../collectors/line-time.ts';
import type { LogEvent } from '../../collectors/model.ts';

const EXAMPLES = join(import.meta.dirname, '../../examples/data/logs');
const T0 = Date.UTC(2026, 9, 1);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-dedupe-'));
});

/**
 * A copy of `path` under the same name in `folder`: another file with the same events (the
 * same file named twice is read once, see input-list.ts).
 */
function copyOf(path: string, folder: string): string {
  mkdirSync(join(dir, folder), { recursive: true });
  const copy = join(dir, folder, basename(path));
  writeFileSync(copy, readFileSync(path));
  return copy;
}

async function read(
  inputs: string[],
  options: { stdin?: string; window?: number; functionName?: string } = {},
) {
  const report = createInputReport();
  const named = options.functionName === undefined ? {} : { functionName: options.functionName };
  const events: LogEvent[] = [];
  const stdin = options.stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(options.stdin)]) };
  const dedupe = options.window === undefined ? {} : { dedupe: createEventDedupe(options.window) };
  for await (const e of readLogEvents(inputs, { report, ...stdin, ...dedupe, ...named })) events.push(e);
  return { events, report };
}

describe('fingerprint window', () => {
  it('answers like a Set of the last `capacity` entries, whatever the order of adds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 }),
        (capacity, keys) => {
          const w = new FingerprintWindow(capacity);
          const order: number[] = [];
          let added = 0;
          for (const k of keys) {
            const expectedNew = !order.includes(k);
            if (expectedNew) added++;
            // Keys that share a half, so probing and deletion meet collisions.
            expect(w.add(k % 7, k)).toBe(expectedNew);
            if (expectedNew) {
              order.push(k);
              if (order.length > capacity) order.shift();
            }
            expect(w.size).toBe(order.length);
          }
          for (let k = 0; k <= 60; k++) expect(w.has(k % 7, k)).toBe(order.includes(k));
          expect(w.overflow).toBe(Math.max(0, added - capacity));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets go of entries below keepFrom without counting them, wherever they sit', () => {
    const w = new FingerprintWindow(4);
    w.add(1, 1, 9_999); // stamped far ahead: it must not hold the others
    w.add(1, 2, 10);
    w.add(1, 3, 11);
    w.add(1, 4, 12);
    w.keepFrom = 100;
    expect(w.add(1, 5, 200)).toBe(true);
    expect(w.overflow).toBe(0);
    expect([1, 2, 3, 4, 5].map((lo) => w.has(1, lo))).toEqual([true, false, false, false, true]);
    // Full of entries still kept: the oldest goes, and is counted.
    w.add(1, 6, 201);
    w.add(1, 7, 202);
    w.add(1, 8, 203);
    expect(w.overflow).toBe(1);
    expect(w.lostBelow).toBe(10_000);
  });
});

describe('fingerprint window counters', () => {
  it('keep the counters of each entry through growth and eviction, and start new entries at zero', () => {
    const w = new FingerprintWindow(3000, 2);
    for (let k = 0; k < 5000; k++) {
      expect(w.locate(k, k)).toBe(-1);
      const at = w.put(k, k);
      expect([w.value(at, 0), w.value(at, 1)]).toEqual([0, 0]);
      w.setValue(at, 0, k);
      w.setValue(at, 1, k * 2);
    }
    expect(w.overflow).toBe(2000);
    expect(w.locate(1999, 1999)).toBe(-1);
    for (const k of [2000, 3001, 4999]) {
      const at = w.locate(k, k);
      expect([w.value(at, 0), w.value(at, 1)]).toEqual([k, k * 2]);
    }
  });
});

describe('fingerprints', () => {
  it('tell apart events that differ in any part, and know events by ID when they have one', () => {
    const base: LogEvent = { timestamp: 1000, message: 'processed item 12', logGroup: 'g', logStream: 's' };
    const a: Fingerprint = { hi: 0, lo: 0 };
    const b: Fingerprint = { hi: 0, lo: 0 };
    const differs = (x: LogEvent, y: LogEvent) => {
      fingerprintEvent(x, a);
      fingerprintEvent(y, b);
      return a.hi !== b.hi || a.lo !== b.lo;
    };
    expect(differs(base, { ...base })).toBe(false);
    expect(differs(base, { ...base, message: 'processed item 13' })).toBe(true);
    expect(differs(base, { ...base, timestamp: 1001 })).toBe(true);
    expect(differs(base, { ...base, logStream: 's2' })).toBe(true);
    expect(differs(base, { ...base, logGroup: 'g2' })).toBe(true);
    expect(
      differs({ ...base, logGroup: 'gs', logStream: '' }, { ...base, logGroup: 'g', logStream: 's' }),
    ).toBe(true);
    expect(differs({ ...base, eventId: '1' }, { ...base, eventId: '1', message: 'other' })).toBe(false);
    expect(differs({ ...base, eventId: '1' }, { ...base, eventId: '2' })).toBe(true);
    expect(differs(base, { ...base, message: 'grüße 🌍' })).toBe(true);
    // No ID and no time: no identity, never a duplicate.
    expect(fingerprintEvent({ timestamp: Number.NaN, message: 'x' }, a)).toBe(false);
  });

  it('take none of a million distinct events for another, streams and IDs alike but for one character', () => {
    // One environment a stream, one INIT_START each (a million cold streams): stream names and
    // IDs differ in hex digits anywhere in a word, which a hash without rotations loses.
    const seen = new FingerprintWindow(1_000_000);
    const seenByContent = new FingerprintWindow(1_000_000);
    const print: Fingerprint = { hi: 0, lo: 0 };
    let taken = 0;
    let takenByContent = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const event: LogEvent = {
        timestamp: 1_790_000_000_000 + (i >> 10),
        message: 'INIT_START Runtime Version: nodejs:20.v13',
        logGroup: '/aws/lambda/cold',
        logStream: `2026/10/01/[$LATEST]${i.toString(16).padStart(32, '0')}`,
        eventId: `${10n ** 20n + BigInt(i)}`,
      };
      fingerprintEvent(event, print);
      if (!seen.add(print.hi, print.lo)) taken++;
      // The same events without their IDs: known by stream, time and message.
      fingerprintEvent(event, print, true);
      if (!seenByContent.add(print.hi, print.lo)) takenByContent++;
    }
    expect([taken, takenByContent]).toEqual([0, 0]);
    expect([seen.size, seenByContent.size]).toEqual([1_000_000, 1_000_000]);
  });
});

describe('duplicate input events', () => {
  it('counts an export given twice once, by event ID, and reports what it dropped', async () => {
    const orders = join(EXAMPLES, 'orders-api.json');
    const once = await read([orders]);
    const twice = await read([orders, copyOf(orders, 'export-again')]);
    expect(twice.events).toHaveLength(once.events.length);
    expect(twice.report.inputs.map((i) => [i.events, i.duplicates])).toEqual([
      [once.events.length, 0],
      [0, once.events.length],
    ]);
  });

  it('counts a text copy given twice once, by stream, time and message; one file is one input', async () => {
    const path = join(EXAMPLES, 'image-resizer.log');
    const text = readFileSync(path, 'utf8');
    mkdirSync(join(dir, 'again'), { recursive: true });
    const again = join(dir, 'again', 'image-resizer.log');
    writeFileSync(again, text);
    const once = await read([path]);
    const both = await read([path, again]);
    expect(both.events.map((e) => e.message)).toEqual(once.events.map((e) => e.message));
    expect(both.report.inputs.map((i) => [i.events, i.duplicates])).toEqual([
      [once.events.length, 0],
      [0, once.events.length],
    ]);
    // Concatenated to itself, one file: where each stream's time goes back, another pass
    // over it begins, and that pass is a copy of the first.
    const doubled = join(dir, 'image-resizer-twice.log');
    writeFileSync(doubled, text + text);
    const concatenated = await read([doubled]);
    expect(concatenated.events.map((e) => e.message)).toEqual(once.events.map((e) => e.message));
    expect(concatenated.report.inputs[0]!.duplicates).toBe(once.events.length);
  });

  it('catches overlapping exports: only the shared part is dropped', async () => {
    const lines = readFileSync(join(EXAMPLES, 'image-resizer.log'), 'utf8').split('\n').filter(Boolean);
    // Two exports of one function, named after it (the name is the function's when the copy names no group).
    mkdirSync(join(dir, 'monday'));
    mkdirSync(join(dir, 'tuesday'));
    const first = join(dir, 'monday', 'image-resizer.log');
    const second = join(dir, 'tuesday', 'image-resizer.log');
    writeFileSync(first, `${lines.slice(0, 600).join('\n')}\n`);
    writeFileSync(second, `${lines.slice(400).join('\n')}\n`);
    const whole = await read([join(EXAMPLES, 'image-resizer.log')]);
    const parts = await read([first, second]);
    expect(parts.events.map((e) => e.message)).toEqual(whole.events.map((e) => e.message));
    expect(parts.report.inputs.reduce((n, i) => n + i.duplicates, 0)).toBeGreaterThan(150);
  });

  it('tells apart two functions whose exports share stream names and short IDs', async () => {
    const doc = (fn: string) => ({
      events: [0, 1, 2].map((k) => ({
        logStreamName: 's',
        eventId: String(k),
        timestamp: 1000 + k,
        message: `${fn} ${k}`,
      })),
    });
    const api = join(dir, 'api.json');
    const worker = join(dir, 'worker.json');
    writeFileSync(api, JSON.stringify(doc('api')));
    writeFileSync(worker, JSON.stringify(doc('worker')));
    const { events, report } = await read([api, worker, copyOf(api, 'api-again')]);
    expect(events.map((e) => e.message)).toEqual([
      'api 0',
      'api 1',
      'api 2',
      'worker 0',
      'worker 1',
      'worker 2',
    ]);
    expect(report.inputs.map((i) => i.duplicates)).toEqual([0, 0, 3]);
  });

  it('keeps lines repeated in one millisecond of one input, drops them read again, and checks stdin from the start', async () => {
    const t = '2026-10-03T10:00:00.000Z';
    const stream = '2026/10/03/[$LATEST]aaaa';
    const lines = ['item 12', 'item 13', 'item 12'].map((m) => `${t} ${stream} ${m}\n`).join('');
    // One input: three events, two of them alike.
    const alone = await read(['-'], { stdin: lines, functionName: 'items' });
    expect(alone.events.map((e) => e.message)).toEqual(['item 12', 'item 13', 'item 12']);
    expect(alone.report.inputs[0]!.duplicates).toBe(0);
    // The same lines in a file first: stdin adds only the copies the file did not hold.
    const file = join(dir, 'items.log');
    writeFileSync(file, lines);
    const more = `${lines}${t} ${stream} item 12\n${t} ${stream} item 14\n`;
    const { events, report } = await read([file, '-'], { stdin: more, functionName: 'items' });
    expect(events.map((e) => e.message)).toEqual(['item 12', 'item 13', 'item 12', 'item 12', 'item 14']);
    expect(report.inputs.map((i) => [i.events, i.duplicates])).toEqual([
      [3, 0],
      [2, 3],
    ]);
  });

  it('knows an event read once with its ID and once without, and a Lambda group by its function', async () => {
    // The same three REPORTs of one stream, as a subscription payload of the group (with IDs)
    // and as an Insights CSV without `@ptr` (no IDs), each named as the other does not.
    const reports = [0, 1, 2].map((k) => ({
      id: `3760000000000000000000000${k}`,
      timestamp: 1_790_000_000_000 + k * 60_000,
      message: `REPORT RequestId: 00000000-0000-4000-8000-00000000000${k}\tDuration: 10.00 ms\tBilled Duration: 10 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
    }));
    const payload = join(dir, 'payload.json');
    writeFileSync(
      payload,
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '111122223333',
        logGroup: '/aws/lambda/orders-api',
        logStream: 's1',
        subscriptionFilters: ['f'],
        logEvents: reports,
      }),
    );
    const csv = join(dir, 'orders-api.csv');
    writeFileSync(
      csv,
      `@timestamp,@message,@logStream\n${reports
        .map((r) => `${new Date(r.timestamp).toISOString()},"${r.message}",s1`)
        .join('\n')}\n`,
    );
    // An export that names no group, with the payload's IDs: the function the file is named after.
    const exported = join(dir, 'orders-api.json');
    writeFileSync(
      exported,
      JSON.stringify({
        events: reports.map((r) => ({
          logStreamName: 's1',
          eventId: r.id,
          timestamp: r.timestamp,
          message: r.message,
        })),
      }),
    );
    for (const inputs of [
      [payload, csv],
      [csv, payload],
      [payload, exported],
      [exported, payload],
      [csv, exported, payload],
    ]) {
      const { events, report } = await read(inputs);
      expect(events.map((e) => e.message)).toEqual(reports.map((r) => r.message));
      expect(report.inputs.map((i) => i.duplicates)).toEqual(inputs.map((_, n) => (n === 0 ? 0 : 3)));
    }
    // From stdin too, fingerprinted from the start (stdin names no function: `@log` names the group).
    const stdin = `@timestamp,@message,@logStream,@log\n${reports
      .map(
        (r) => `${new Date(r.timestamp).toISOString()},"${r.message}",s1,111122223333:/aws/lambda/orders-api`,
      )
      .join('\n')}\n`;
    const fromStdin = await read([payload, '-'], { stdin });
    expect(fromStdin.events).toHaveLength(3);
    expect(fromStdin.report.inputs.map((i) => i.duplicates)).toEqual([0, 3]);
  });

  it('knows an event read with its ID and the newline CloudWatch keeps, and again from a text copy without either', async () => {
    const stream = '2026/10/03/[$LATEST]bbbb';
    const t = Date.UTC(2026, 9, 3, 10, 0, 0, 5);
    const messages = ['START RequestId: r1 Version: $LATEST', 'resized 3 images', 'END RequestId: r1'];
    mkdirSync(join(dir, 'with-newlines'), { recursive: true });
    const exported = join(dir, 'with-newlines', 'thumbnails.json');
    writeFileSync(
      exported,
      JSON.stringify({
        events: messages.map((m, k) => ({
          logStreamName: stream,
          eventId: `3760000000000000000000000${k}`,
          timestamp: t + k,
          message: `${m}\n`,
        })),
      }),
    );
    const text = messages.map((m, k) => `${new Date(t + k).toISOString()} ${stream} ${m}\n`).join('');
    const copy = join(dir, 'thumbnails.log');
    writeFileSync(copy, text);
    for (const inputs of [
      [exported, copy],
      [copy, exported],
    ]) {
      const { events, report } = await read(inputs);
      expect(events.map((e) => e.message.trimEnd())).toEqual(messages);
      expect(report.inputs.map((i) => i.duplicates)).toEqual([0, 3]);
    }
    // Fingerprinted from the start (stdin, named as the export's function), the same.
    const fromStdin = await read([exported, '-'], { stdin: text, functionName: 'thumbnails' });
    expect(fromStdin.events).toHaveLength(3);
    expect(fromStdin.report.inputs.map((i) => i.duplicates)).toEqual([0, 3]);
  });

  it('keeps two events with different IDs that share stream, time and message, and drops their copy without IDs', async () => {
    const t = 1_790_000_000_000;
    const same = { logStreamName: 's1', timestamp: t, message: 'retrying' };
    const withIds = join(dir, 'retrying.json');
    writeFileSync(
      withIds,
      JSON.stringify({
        events: [
          { ...same, eventId: '1' },
          { ...same, eventId: '2' },
        ],
      }),
    );
    const withoutIds = join(dir, 'retrying-copy.json');
    writeFileSync(withoutIds, JSON.stringify({ events: [same, same] }));
    // retrying.json and retrying-copy.json stand for different functions; one name for both:
    mkdirSync(join(dir, 'copy'), { recursive: true });
    const copy = join(dir, 'copy', 'retrying.json');
    writeFileSync(copy, readFileSync(withoutIds));
    const { events, report } = await read([withIds, copy]);
    expect(events.map((e) => e.eventId)).toEqual(['1', '2']);
    expect(report.inputs.map((i) => i.duplicates)).toEqual([0, 2]);
    // Read the other way round, the copy's two equal lines are two events, and the two with
    // IDs are those two.
    const reversed = await read([copy, withIds]);
    expect(reversed.events).toHaveLength(2);
    expect(reversed.report.inputs.map((i) => i.duplicates)).toEqual([0, 2]);
  });

  it('keeps two events given one ID with different messages, counts the ID reused, and drops their copies', async () => {
    const t = 1_790_000_000_000;
    const at = (ms: number, message: string, eventId: string) => ({
      logStreamName: 's1',
      timestamp: t + ms,
      message,
      eventId,
    });
    const events = [
      at(0, 'first', '1'),
      at(1, 'hello one', '2'),
      at(1, 'DIFFERENT MESSAGE SAME ID', '2'),
      at(1, 'and a third', '2'),
      // Another time under an ID already given: not a copy either, kept without being told.
      at(5, 'later', '2'),
      at(6, 'last', '3'),
    ];
    mkdirSync(join(dir, 'reused-1'), { recursive: true });
    mkdirSync(join(dir, 'reused-2'), { recursive: true });
    // One name, so that both stand for one function: the second is a copy of the first.
    const first = join(dir, 'reused-1', 'ids.json');
    const copy = join(dir, 'reused-2', 'ids.json');
    writeFileSync(first, JSON.stringify({ events }));
    writeFileSync(copy, JSON.stringify({ events: [...events, at(1, 'one more', '2')] }));
    const messages = ['first', 'hello one', 'DIFFERENT MESSAGE SAME ID', 'and a third', 'later', 'last'];
    const once = await read([first]);
    expect(once.events.map((e) => e.message)).toEqual(messages);
    expect(once.report.inputs.map((i) => [i.events, i.duplicates, i.reusedIds])).toEqual([[6, 0, 2]]);
    // Read after the first, the copy gives only its one event not read before.
    const twice = await read([first, copy]);
    expect(twice.events.map((e) => e.message)).toEqual([...messages, 'one more']);
    expect(twice.report.inputs.map((i) => [i.events, i.duplicates, i.reusedIds])).toEqual([
      [6, 0, 2],
      [1, 6, 1],
    ]);
    // Merged by time, one check sees every event: the same verdicts.
    const report = createInputReport();
    let merged = 0;
    for await (const batch of readLogEventBatchesByTime([first, copy], { report })) merged += batch.length;
    expect(merged).toBe(7);
    expect(report.inputs.map((i) => [i.events, i.duplicates, i.reusedIds])).toEqual([
      [6, 0, 2],
      [1, 6, 1],
    ]);
  });

  it('is bounded: a copy further back than the window is kept, and the overflow is reported', async () => {
    const orders = join(EXAMPLES, 'orders-api.json');
    const once = await read([orders]);
    const twice = await read([orders, copyOf(orders, 'bounded-again')], { window: 100 });
    expect(twice.events).toHaveLength(2 * once.events.length);
    // Each event, read with its ID, is remembered by its ID and by its content.
    expect(twice.report.dedupeOverflow).toBe(2 * 2 * once.events.length - 100);
    expect(twice.report.dedupeWindow).toBe(100);
  });

  it('keeps the lines of a twin copy when files are merged by time, and drops them in a second copy', async () => {
    const stream = '2026/10/03/[$LATEST]cccc';
    const lines = ['a', 'a', 'b', 'a']
      .map((m, k) => `2026-10-03T10:00:00.00${k < 2 ? 0 : 1}Z ${stream} ${m}\n`)
      .join('');
    mkdirSync(join(dir, 'merge-1'), { recursive: true });
    mkdirSync(join(dir, 'merge-2'), { recursive: true });
    const first = join(dir, 'merge-1', 'loop.log');
    const second = join(dir, 'merge-2', 'loop.log');
    writeFileSync(first, lines);
    writeFileSync(second, `${lines}2026-10-03T10:00:00.001Z ${stream} a\n`);
    const report = createInputReport();
    const messages: string[] = [];
    for await (const batch of readLogEventBatchesByTime([first, second], { report })) {
      for (const e of batch) messages.push(`${e.timestamp % 1000} ${e.message}`);
    }
    expect(messages).toEqual(['0 a', '0 a', '1 b', '1 a', '1 a']);
    expect(report.inputs.map((i) => [i.events, i.duplicates])).toEqual([
      [4, 0],
      [1, 4],
    ]);
  });
});

describe('counting copies', () => {
  /**
   * A real event: its content, and the ID it has wherever it is read with one. Two events
   * may be given one ID (a hand-made input): they are still two.
   */
  interface Real {
    group?: string;
    stream: string;
    ts: number;
    message: string;
    id: string;
  }
  interface Input {
    picks: number[];
    withIds: boolean;
    sorted: boolean;
  }

  const eventsOf = (pool: Real[], input: Input): LogEvent[] => {
    const picks = input.sorted
      ? [...input.picks].sort((a, b) => (pool[a] as Real).ts - (pool[b] as Real).ts)
      : input.picks;
    return picks.map((k) => {
      const r = pool[k] as Real;
      const e: LogEvent = {
        timestamp: r.ts,
        message: r.message,
        logGroup: r.group ?? 'g',
        logStream: r.stream,
      };
      if (input.withIds) e.eventId = r.id;
      return e;
    });
  };

  /**
   * The rule, written plainly: per content, events without IDs count per pass (an input, or
   * the part of it after a stream's time went back) and give what exceeds the most given
   * before; an event with an ID (the ID and its content: one ID may be given to two events)
   * is given once, and counts as one more event of its content. One whose ID an event of
   * the same millisecond had first is told as such.
   */
  // A stream is its group's: two groups' streams of one name are two streams.
  const streamOfEvent = (e: LogEvent): string => `${e.logGroup ?? ''}/${e.logStream ?? ''}`;

  const expected = (inputs: LogEvent[][]): DedupeVerdict[] => {
    const given = new Map<string, number>();
    const idsOf = new Map<string, Set<string>>();
    const seenIds = new Set<string>();
    const firstTimeOf = new Map<string, number>();
    const out: DedupeVerdict[] = [];
    for (const events of inputs) {
      const here = new Map<string, number>();
      const latest = new Map<string, number>();
      for (const e of events) {
        if (e.eventId === undefined) {
          // The stream's time went back: another pass over it, whose counts start afresh.
          const stream = streamOfEvent(e);
          if (e.timestamp < (latest.get(stream) ?? Number.NEGATIVE_INFINITY))
            for (const key of [...here.keys()]) if (key.startsWith(`${stream}|`)) here.delete(key);
          latest.set(stream, e.timestamp);
        }
        const content = `${streamOfEvent(e)}|${e.timestamp}|${e.message}`;
        let n: number;
        let reused = false;
        if (e.eventId !== undefined) {
          const key = `${streamOfEvent(e)}|${e.eventId}`;
          const id = `${key}|${content}`;
          if (seenIds.has(id)) {
            out.push('duplicate');
            continue;
          }
          seenIds.add(id);
          reused = firstTimeOf.get(key) === e.timestamp;
          if (!firstTimeOf.has(key)) firstTimeOf.set(key, e.timestamp);
          const ids = idsOf.get(content) ?? new Set();
          ids.add(id);
          idsOf.set(content, ids);
          n = ids.size;
        } else {
          n = (here.get(content) ?? 0) + 1;
          here.set(content, n);
        }
        if (n <= (given.get(content) ?? 0)) out.push('duplicate');
        else {
          given.set(content, n);
          out.push(reused ? 'id-reused' : 'new');
        }
      }
    }
    return out;
  };

  /** As the reader drives the check: when it is unsure, everything read before is recalled. */
  const actual = (dedupe: EventDedupe, inputs: LogEvent[][]): DedupeVerdict[] => {
    const history: [LogEvent, number][] = [];
    const out: DedupeVerdict[] = [];
    for (const [input, events] of inputs.entries()) {
      for (const e of events) {
        let verdict = dedupe.check(e, input);
        if (verdict === 'unsure') {
          dedupe.fingerprintAll();
          for (const [before, at] of history) dedupe.recall(before, at);
          verdict = dedupe.check(e, input);
        }
        out.push(verdict);
        history.push([e, input]);
      }
    }
    return out;
  };

  it('drops what multiset counting drops, whether it fingerprints from the start or once unsure', () => {
    const real = fc.record({
      stream: fc.constantFrom('s1', 's2'),
      ts: fc.integer({ min: 1, max: 4 }),
      message: fc.constantFrom('a', 'b'),
      id: fc.constantFrom('id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6'),
    });
    fc.assert(
      fc.property(
        fc.array(real, { minLength: 1, maxLength: 10 }),
        fc.array(
          fc.record({
            picks: fc.array(fc.nat(), { maxLength: 12 }),
            withIds: fc.boolean(),
            sorted: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (pool, shapes) => {
          const inputs = shapes.map((shape) =>
            eventsOf(pool, { ...shape, picks: shape.picks.map((k) => k % pool.length) }),
          );
          const want = expected(inputs);
          expect(actual(createEventDedupe(), inputs)).toEqual(want);
          const fromStart = createEventDedupe();
          fromStart.fingerprintAll();
          expect(actual(fromStart, inputs)).toEqual(want);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("follows two groups' streams of one name apart, interleaved line by line", () => {
    // Looked up by name first: the stream another group's stream of that name holds is not
    // this one, though their events are of one millisecond with one ID and one message. Each
    // is followed in order, never 'unsure' (taken for one stream, the two would go back to
    // fingerprinting everything, exact but slower).
    const dedupe = createEventDedupe(DEFAULT_DEDUPE_WINDOW, 2);
    const line = (group: string, timestamp: number): LogEvent => ({
      timestamp,
      message: 'a',
      logGroup: group,
      logStream: 's1',
      eventId: 'id-1',
    });
    const inputs = [[line('g', 5), line('h', 5), line('g', 6), line('h', 6)]];
    expect((inputs[0] ?? []).map((e) => dedupe.check(e, 0))).toEqual(['new', 'new', 'new', 'new']);
    expect(dedupe.streams.held).toBe(2);
    expect(actual(createEventDedupe(DEFAULT_DEDUPE_WINDOW, 2), [...inputs, inputs[0] ?? []])).toEqual([
      ...['new', 'new', 'new', 'new'],
      ...['duplicate', 'duplicate', 'duplicate', 'duplicate'],
    ]);
  });

  it('drops what multiset counting drops when it follows fewer streams than the input holds', () => {
    // Two streams followed of five names in two groups: a stream forgotten and read again, a
    // copy of its events from another input, its time going back, a name two groups' streams
    // share, all give what the unbounded check gives.
    const real = fc.record({
      group: fc.constantFrom('g', 'h'),
      stream: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
      ts: fc.integer({ min: 1, max: 6 }),
      message: fc.constantFrom('a', 'b'),
      id: fc.constantFrom('id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6'),
    });
    fc.assert(
      fc.property(
        fc.array(real, { minLength: 1, maxLength: 16 }),
        fc.array(
          fc.record({
            picks: fc.array(fc.nat(), { maxLength: 16 }),
            withIds: fc.boolean(),
            sorted: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (pool, shapes) => {
          const inputs = shapes.map((shape) =>
            eventsOf(pool, { ...shape, picks: shape.picks.map((k) => k % pool.length) }),
          );
          const bounded = createEventDedupe(DEFAULT_DEDUPE_WINDOW, 2);
          expect(actual(bounded, inputs)).toEqual(expected(inputs));
          // Two by name, two more by group and name when another group's stream has the name.
          expect(bounded.streams.held).toBeLessThanOrEqual(4);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('checks a time-ordered input of many more streams than it follows in order to its end', () => {
    // 150,000 streams of one START each, a millisecond apart (a month of a busy account's
    // streams, cut short). Past 100,000 streams the check was unsure, and every event from
    // there on was fingerprinted, with everything read before read again.
    const dedupe = createEventDedupe();
    const verdicts = new Map<DedupeVerdict, number>();
    for (let n = 0; n < 150_000; n++) {
      const e: LogEvent = {
        timestamp: T0 + n,
        message: `START RequestId: ${n} Version: $LATEST`,
        logGroup: '/aws/lambda/busy',
        logStream: `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`,
      };
      const verdict = dedupe.check(e, 0);
      verdicts.set(verdict, (verdicts.get(verdict) ?? 0) + 1);
    }
    expect([...verdicts]).toEqual([['new', 150_000]]);
    expect(dedupe.fingerprinting).toBe(false);
    expect(dedupe.streams.held).toBeLessThanOrEqual(STREAMS_REMEMBERED);
    expect(dedupe.streams.forgotten).toBeGreaterThanOrEqual(150_000 - STREAMS_REMEMBERED);
    // A stream forgotten, read again by another input at a time it had: perhaps a copy, so
    // unsure (fingerprints decide), never new.
    const first: LogEvent = {
      timestamp: T0,
      message: 'START RequestId: 0 Version: $LATEST',
      logGroup: '/aws/lambda/busy',
      logStream: `2026/10/01/[$LATEST]${'0'.repeat(32)}`,
    };
    expect(dedupe.check(first, 1)).toBe('unsure');
  });

  it('gives twins once, their copies never, and the excess of a later input', () => {
    const twin: LogEvent = { timestamp: 5, message: 'retrying', logGroup: 'g', logStream: 's' };
    const other: LogEvent = { ...twin, message: 'done' };
    const inputs = [
      [twin, twin, other],
      [twin, twin, other],
      [twin, twin, twin],
      [
        { ...twin, eventId: '1' },
        { ...twin, eventId: '2' },
        { ...twin, eventId: '3' },
        { ...twin, eventId: '4' },
      ],
    ];
    for (const fromStart of [false, true]) {
      const dedupe = createEventDedupe();
      if (fromStart) dedupe.fingerprintAll();
      expect(actual(dedupe, inputs)).toEqual([
        ...['new', 'new', 'new'],
        ...['duplicate', 'duplicate', 'duplicate'],
        ...['duplicate', 'duplicate', 'new'],
        ...['duplicate', 'duplicate', 'duplicate', 'new'],
      ]);
      expect(dedupe.duplicates).toBe(8);
    }
  });
});
