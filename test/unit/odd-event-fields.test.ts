/**
 * CloudWatch events whose fields are not of CloudWatch's types, in every form a
 * subscription payload comes in (raw, gzip, base64, the awslogs envelope, stdin). Nothing
 * throws and nothing is dropped: each event is kept, read as far as it reads, and each kind
 * of fault is counted and said once per input.
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
    expect(read(T, 'e', 42).eventId).toBe('42');
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
      ids: 2,
      noId: 1,
    });
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
      ids: 0,
      noId: 0,
    });
  });
});
