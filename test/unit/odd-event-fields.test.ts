/**
 * CloudWatch events whose fields are not of CloudWatch's types, in every JSON form that
 * holds them: subscription payloads (raw, gzip, base64, the awslogs envelope, stdin),
 * `filter-log-events` documents (whole on one line, pretty-printed) and NDJSON of their
 * events. Nothing throws and nothing is dropped: each event is kept, read as far as it
 * reads, and each kind of fault is counted and said once per input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventFields, oddEventCounts } from '../../collectors/cloudwatch-logs/event-fields.ts';
import {
  payloadEvents,
  type SubscriptionPayload,
} from '../../collectors/cloudwatch-logs/subscription-payload.ts';
import { createInputReport, readLogEvents } from '../../collectors/files/read-inputs.ts';
import type { LogEvent } from '../../collectors/model.ts';

const RID = '11111111-1111-1111-1111-111111111111';
const T = 1790854315662;
const START = `START RequestId: ${RID} Version: $LATEST`;
const END = `END RequestId: ${RID}`;
const REPORT = `REPORT RequestId: ${RID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB`;
/** An array nested 100,000 levels deep: `JSON.stringify` cannot write it, `JSON.parse` reads it. */
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

/** JSON text of `value`, with every `"@@deep@@"` string replaced by DEEP. */
const withDeep = (value: unknown, indent?: number) =>
  JSON.stringify(value, null, indent).replaceAll('"@@deep@@"', DEEP);

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function read(input: string, stdin?: string) {
  const report = createInputReport();
  const events: LogEvent[] = [];
  const options = { report, ...(stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }) };
  for await (const e of readLogEvents([input], options)) events.push(e);
  return { events, report };
}

/** What a test compares of an event: time, the start of its message, its ID. */
const shown = (e: LogEvent) => [e.timestamp, e.message.slice(0, 24), e.eventId];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-odd-fields-'));
});

describe('the one reading of fields of odd types (files and the log-shipping Lambda)', () => {
  it('reads epoch ms and ISO written as text, keeps other messages as JSON text, and counts each kind once per event', () => {
    const odd = oddEventCounts();
    const read = (timestamp: unknown, message: unknown, id: unknown, idExpected = true) =>
      eventFields(timestamp, message, id, idExpected, odd);
    expect(read(T, 'ok', '1')).toEqual({ timestamp: T, message: 'ok', eventId: '1' });
    expect(odd.events).toBe(0);
    expect(read('1790854315665', 'a', '2')).toEqual({ timestamp: 1790854315665, message: 'a', eventId: '2' });
    expect(read(' 2026-10-01T10:00:00.250Z ', 'b', '3').timestamp).toBe(Date.UTC(2026, 9, 1, 10, 0, 0, 250));
    expect(read('2026-10-01', 'c', '4').timestamp).toBe(Date.UTC(2026, 9, 1));
    for (const t of ['NaN', 'Oct 1 2026', null, true, {}, undefined])
      expect(read(t, 'd', '5').timestamp).toBeNaN();
    expect(read(T, null, '6').message).toBe('null');
    expect(read(T, 12345, '7').message).toBe('12345');
    expect(read(T, { a: [1, 'x'] }, '8').message).toBe('{"a":[1,"x"]}');
    expect(read(T, JSON.parse(DEEP), '9').message).toBe(DEEP);
    expect(read(T, undefined, '10').message).toBe('');
    // A whole number (as moto writes IDs) is read as its digits and is not odd; one past 2^53
    // may have lost digits, so it names no event.
    expect(read(T, 'e', 42).eventId).toBe('42');
    expect(read(T, 'e', 2 ** 60).eventId).toBeUndefined();
    expect(read(T, 'f', { id: 1 }).eventId).toBeUndefined();
    expect(read(T, 'g', undefined).eventId).toBeUndefined();
    // `filter-log-events` without IDs (`get-log-events` output) is not odd.
    expect(read(T, 'h', undefined, false).eventId).toBeUndefined();
    expect(odd).toEqual({
      events: 17,
      notEvents: 0,
      messages: 4,
      noMessage: 1,
      textTimes: 3,
      undated: 6,
      outOfRange: 0,
      ids: 2,
      noId: 1,
      loose: { text: 0, number: 0, boolean: 0, null: 0 },
    });
  });
});

describe('timestamps no date can have, and array elements that are no events', () => {
  it('keeps an event at a number no log event can have undated, and counts it', () => {
    const odd = oddEventCounts();
    for (const t of [-1, 1e20, 8.64e15 + 1, -8.64e15, '-1', '100000000000000000000'])
      expect(eventFields(t, 'x', '1', true, odd).timestamp).toBeNaN();
    // The last millisecond a date holds, and the first of 1970, are times.
    expect(eventFields(8.64e15, 'x', '1', true, odd).timestamp).toBe(8.64e15);
    expect(eventFields(0, 'x', '1', true, odd).timestamp).toBe(0);
    expect(odd).toMatchObject({ events: 6, outOfRange: 6, undated: 0, textTimes: 0 });
  });

  it('says once a file how many events were at such a time, and keeps them undated', async () => {
    const events = [-1, 1e20, T].map((timestamp, i) => ({
      logStreamName: 's',
      timestamp,
      message: [START, END, REPORT][i],
      eventId: String(i),
    }));
    const input = file('out-of-range.json', JSON.stringify({ events }));
    const { events: read_, report } = await read(input);
    expect(read_.map((e) => e.timestamp)).toEqual([Number.NaN, Number.NaN, T]);
    expect(report.messages).toEqual([
      `${input}: 2 CloudWatch events had a timestamp no date can have (negative, or past the year 275760): kept undated, with the lines around them`,
    ]);
  });

  it('says once a file of each kind of element of a top-level array that is no event, with the count', async () => {
    const input = file(
      'loose.json',
      JSON.stringify([
        1,
        'text',
        null,
        true,
        2,
        'more',
        false,
        { logStreamName: 's', timestamp: T, message: START },
      ]),
    );
    const { events, report } = await read(input);
    expect(events.map((e) => e.message)).toEqual([
      '1',
      '"text"',
      'null',
      'true',
      '2',
      '"more"',
      'false',
      START,
    ]);
    expect(report.messages).toEqual([
      `${input}: 2 elements of an array of events were text, not an event: kept as lines of their JSON text, undated`,
      `${input}: 2 elements of an array of events were a number, not an event: kept as lines of their JSON text, undated`,
      `${input}: 2 elements of an array of events were true or false, not an event: kept as lines of their JSON text, undated`,
      `${input}: 1 element of an array of events was null, not an event: kept as a line of its JSON text, undated`,
    ]);
  });
});

describe('a subscription payload with events of odd types', () => {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/sub',
    logStream: '2026/10/01/[$LATEST]x',
    subscriptionFilters: ['f'],
    logEvents: [
      { id: '1', timestamp: T, message: START },
      { id: '2', timestamp: T + 1, message: null },
      { id: '3', timestamp: T + 2, message: 12345 },
      { id: '4', timestamp: T + 3, message: { a: 1 } },
      '@@deep@@',
      { id: '5', timestamp: '1790854315667', message: END },
      { id: '6', timestamp: T + 6, message: REPORT },
    ],
  };
  const expected = [
    [T, START.slice(0, 24), '1'],
    [T + 1, 'null', '2'],
    [T + 2, '12345', '3'],
    [T + 3, '{"a":1}', '4'],
    [Number.NaN, '['.repeat(24), undefined],
    [T + 5, END.slice(0, 24), '5'],
    [T + 6, REPORT.slice(0, 24), '6'],
  ];
  const notes = [
    '1 entry where an event belongs was not a CloudWatch event (an object with a message or a timestamp): kept as a line of its JSON text, undated',
    '3 CloudWatch events had a message that is not text (null, a number, an object or an array): kept as JSON text',
    '1 CloudWatch event had a timestamp written as text: read as the time it writes',
  ];

  it('keeps every event, of its stream, in every form the payload comes in, and says what was odd', async () => {
    const text = withDeep(payload);
    const data = gzipSync(text).toString('base64');
    const forms: [string, string | undefined][] = [
      [file('sub.json', text), undefined],
      [file('sub.json.gz', gzipSync(text)), undefined],
      [file('sub.b64', data), undefined],
      [file('envelope.json', JSON.stringify({ awslogs: { data } })), undefined],
      ['-', text],
    ];
    for (const [input, stdin] of forms) {
      const { events, report } = await read(input, stdin);
      expect(events.map(shown)).toEqual(expected);
      expect(events[4]?.message).toBe(DEEP);
      expect(events.every((e) => e.logStream === payload.logStream && e.logGroup === payload.logGroup)).toBe(
        true,
      );
      expect(report.inputs[0]).toMatchObject({ events: 7, warnings: 3, error: null });
      expect(report.messages).toEqual(notes.map((note) => `${input}: ${note}`));
    }
  });

  it('counts in the caller’s counter what the Lambda reports as malformed', () => {
    const odd = oddEventCounts();
    const events = payloadEvents(JSON.parse(withDeep(payload)) as SubscriptionPayload, odd);
    expect(events.map(shown)).toEqual(expected);
    expect(odd).toEqual({
      events: 5,
      notEvents: 1,
      messages: 3,
      noMessage: 0,
      textTimes: 1,
      undated: 0,
      outOfRange: 0,
      ids: 0,
      noId: 0,
      loose: { text: 0, number: 0, boolean: 0, null: 0 },
    });
  });
});

describe('a filter-log-events document with events of odd types', () => {
  const STREAM = '2026/10/01/[$LATEST]abc';
  const event = (timestamp: unknown, message: unknown, n: number): Record<string, unknown> => ({
    logStreamName: STREAM,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(message === undefined ? {} : { message }),
    ingestionTime: T + 100,
    eventId: `10000000000000000000${n}`,
  });
  const objects = [
    event(T, `${START}\n`, 0),
    event(T + 1, 12345, 1),
    event(T + 2, null, 2),
    event(T + 3, { a: 1 }, 3),
    event('2026-10-01T11:31:55.666Z', 'iso time', 4),
    event('NaN', 'no time', 5),
    event(undefined, 'missing time', 6),
    event(T + 7, undefined, 7),
    event('1790854315670', `${REPORT}\n`, 8),
  ];
  const expected = [
    [T, START.slice(0, 24), '100000000000000000000'],
    [T + 1, '12345', '100000000000000000001'],
    [T + 2, 'null', '100000000000000000002'],
    [T + 3, '{"a":1}', '100000000000000000003'],
    [Date.UTC(2026, 9, 1, 11, 31, 55, 666), 'iso time', '100000000000000000004'],
    [Number.NaN, 'no time', '100000000000000000005'],
    [Number.NaN, 'missing time', '100000000000000000006'],
    [T + 7, '', '100000000000000000007'],
    [T + 8, REPORT.slice(0, 24), '100000000000000000008'],
  ];
  const fieldNotes = [
    '3 CloudWatch events had a message that is not text (null, a number, an object or an array): kept as JSON text',
    '1 CloudWatch event had no message: kept as an empty line',
    '2 CloudWatch events had a timestamp written as text: read as the time it writes',
    '2 CloudWatch events had no timestamp that reads as a time (none, null, "NaN", …): kept undated, with the lines around them',
  ];

  it('keeps every event, whole on one line or pretty-printed, and names what is not an event', async () => {
    // Every element of `events` stands for an event: one that is not is kept and named.
    const doc = { events: [...objects, 7, '@@deep@@', { foo: 1 }], searchedLogStreams: [] };
    const notEvents = [
      [Number.NaN, '7', undefined],
      [Number.NaN, '['.repeat(24), undefined],
      [Number.NaN, '{"foo":1}', undefined],
    ];
    for (const [name, text] of [
      ['one-line.json', withDeep(doc)],
      ['pretty.json', withDeep(doc, 2)],
    ] as const) {
      const path = file(name, text);
      const { events, report } = await read(path);
      expect(events.map(shown)).toEqual([...expected, ...notEvents]);
      expect(events.slice(0, 9).every((e) => e.logStream === STREAM)).toBe(true);
      expect(events[10]?.message).toBe(DEEP);
      expect(report.inputs[0]).toMatchObject({ events: 12, warnings: 5, error: null });
      expect(report.messages).toEqual(
        [
          '3 entries where events belong were not a CloudWatch event (an object with a message or a timestamp): kept as lines of their JSON text, undated',
          ...fieldNotes,
        ].map((note) => `${path}: ${note}`),
      );
    }
  });

  it('reads its events given one a line (NDJSON) as it reads them in the document', async () => {
    const path = file('events.ndjson', objects.map((o) => JSON.stringify(o)).join('\n'));
    const { events, report } = await read(path);
    expect(report.inputs[0]).toMatchObject({ format: 'json-lines', events: 9, warnings: 4 });
    expect(events.map(shown)).toEqual(expected);
    expect(events.every((e) => e.logStream === STREAM)).toBe(true);
    expect(report.messages).toEqual(fieldNotes.map((note) => `${path}: ${note}`));
  });

  it('leaves a Lambda JSON log record, whose members are not only CloudWatch’s, a message of its own', async () => {
    const record = JSON.stringify({
      timestamp: '2026-10-01T11:31:55.666Z',
      level: 'INFO',
      requestId: RID,
      message: { a: 1 },
      eventId: 'mine',
    });
    const { events, report } = await read('-', `${JSON.stringify(objects[0])}\n${record}\n`);
    expect(events.map((e) => [e.timestamp, e.message])).toEqual([
      [T, `${START}\n`],
      [Number.NaN, record],
    ]);
    expect(report.messages).toEqual([]);
  });
});
