/**
 * The forms of input beyond plain text and CloudWatch JSON, case by case: time columns,
 * Insights tables and CSV, JSON documents cut into pieces, Firehose and Kinesis records,
 * S3 export objects, gzip members and bombs, and detection that a long line without
 * spaces does not fool. Lines are real ones from the samples; the wrapping around them
 * (a time column, a table, a record) is built the way each tool writes it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { JsonPieces } from '../../collectors/files/json-stream.ts';
import { createInputReport, exportObjectStream, readLogEvents } from '../../collectors/files/read-inputs.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import { runCli } from '../support/cli.ts';

const ID = 'c793869b-ee49-115b-a5b6-4fd21e8dedac';
const START = `START RequestId: ${ID} Version: $LATEST`;
const END = `END RequestId: ${ID}`;
const REPORT = `REPORT RequestId: ${ID}\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB\tInit Duration: 166.62 ms`;

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function read(inputs: string[], stdinChunks?: Buffer[]) {
  const report = createInputReport();
  const events: LogEvent[] = [];
  const options = { report, ...(stdinChunks ? { stdin: Readable.from(stdinChunks) } : {}) };
  for await (const e of readLogEvents(inputs, options)) events.push(e);
  return { events, report };
}

function fold(events: LogEvent[]): Invocation[] {
  const c = createCorrelator();
  const out: Invocation[] = [];
  for (const e of events) out.push(...c.push(e).completed);
  return [...out, ...c.flush()];
}

/** A subscription payload holding one event whose ID is `id`, gzipped. */
function gzippedPayload(id: string): Buffer {
  return gzipSync(
    JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '1',
      logGroup: '/aws/lambda/a',
      logStream: 's',
      subscriptionFilters: [],
      logEvents: [{ id, timestamp: 1, message: `END RequestId: ${id}` }],
    }),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-forms-'));
});

describe('console copies with a time column', () => {
  it('reads times of day glued to the message under a date row, and rows wrapped across lines', async () => {
    const text = [
      '2019-06-05',
      `21:30:03${START}`,
      `21:30:03[ERROR]\tKeyError: 'id'`,
      'Traceback (most recent call last):',
      '  File "/var/task/app.py", line 5, in handler',
      `21:30:04${END}`,
      `21:30:04${REPORT}`,
    ].join('\n');
    const { events } = await read([file('glued.log', text)]);
    expect(events.map((e) => [new Date(e.timestamp).toISOString(), e.message.split('\n').length])).toEqual([
      ['2019-06-05T21:30:03.000Z', 1],
      ['2019-06-05T21:30:03.000Z', 3],
      ['2019-06-05T21:30:04.000Z', 1],
      ['2019-06-05T21:30:04.000Z', 1],
    ]);
    const [inv] = fold(events);
    expect([inv?.status, inv?.errorType, inv?.billedDurationMs, inv?.lines.length]).toEqual([
      'error',
      'KeyError',
      200,
      4,
    ]);
  });

  it('reads a time row above its message, a pipe separator, and a date taken from a runtime line', async () => {
    const text = [
      '2023-04-20 10:07:04.227 | START RequestId: dae59f59-e955-53d7-94e6-c3e2f855105c Version: $LATEST',
      '10:07:04.231',
      '2023-04-20T10:07:04.231Z\tdae59f59-e955-53d7-94e6-c3e2f855105c\tINFO\tReceived message from SQS: testing',
      '2023-04-20 10:07:04.233 | END RequestId: dae59f59-e955-53d7-94e6-c3e2f855105c',
    ].join('\n');
    const { events } = await read([file('rows.log', text)]);
    expect(events.map((e) => [e.timestamp, e.message.slice(0, 12)])).toEqual([
      [Date.UTC(2023, 3, 20, 10, 7, 4, 227), 'START Reques'],
      [Date.UTC(2023, 3, 20, 10, 7, 4, 231), '2023-04-20T1'],
      [Date.UTC(2023, 3, 20, 10, 7, 4, 233), 'END RequestI'],
    ]);
  });

  it('leaves a runtime’s own time and request ID alone: a copy without a column is not read as one', async () => {
    const text = [
      `2026-10-03T10:00:00.000Z\t${ID}\tINFO\tone`,
      `2026-10-03T10:00:00.001Z\t${ID}\tINFO\ttwo`,
      START,
    ].join('\n');
    const { events } = await read([file('runtime.log', text)]);
    expect(events.map((e) => e.message)).toEqual(text.split('\n'));
  });
});

describe('lines that continue one event', () => {
  it('join it up to 1 MiB, then are events of their own: nothing lost, memory bounded, said once', async () => {
    // One prefix, then 3 MB of lines without one (a tail copy with an app log pasted after it).
    const filler = 'x'.repeat(99);
    const rest = Array.from({ length: 30_000 }, (_, i) => `${String(i).padStart(5, '0')}${filler}`);
    for (const [name, first] of [
      ['tail-copy.log', `2026-10-03T06:25:08.816000+00:00 2026/10/03/[$LATEST]41073dd2 ${START}`],
      ['time-column.log', `2026-10-03T06:25:08.816Z\t${START}`],
    ] as const) {
      const head = name === 'time-column.log' ? `2026-10-03T06:25:08.900Z\t${END}\n` : '';
      const { events, report } = await read([file(name, `${head}${first}\n${rest.join('\n')}\n`)]);
      const held = events.find((e) => e.message.includes(START)) as LogEvent;
      expect(held.message.length).toBeLessThan(1024 * 1024);
      expect(held.message.length).toBeGreaterThan(1024 * 1024 - 200);
      // Every line read is in exactly one event, in order.
      const lines = events.flatMap((e) => e.message.split('\n')).filter((l) => /^\d{5}x/.test(l));
      expect(lines).toEqual(rest);
      expect(report.messages.filter((m) => m.includes('more than an event holds'))).toHaveLength(1);
    }
  });
});

describe('Logs Insights tables and CSV', () => {
  it('puts rows exported newest first back in time order, and reads quoted CSV fields', async () => {
    const csv = [
      '@timestamp,@message,@logStream,@log',
      `2025-08-15 12:44:57.964,"${REPORT}\n",2025/08/15/[$LATEST]4a1f,123456789012:/aws/lambda/claude`,
      `2025-08-15 12:44:57.963,"${END}\n",2025/08/15/[$LATEST]4a1f,123456789012:/aws/lambda/claude`,
      `2025-08-15 12:44:55.000,"2025-08-15T12:44:55.000Z\t${ID}\tINFO\tsaid ""hi"", then left",2025/08/15/[$LATEST]4a1f,123456789012:/aws/lambda/claude`,
      `2025-08-15 12:44:54.465,${START},2025/08/15/[$LATEST]4a1f,123456789012:/aws/lambda/claude`,
      '2025-08-15 12:44:54.400,one field too many,x,y,z',
    ].join('\n');
    const { events, report } = await read([file('insights.csv', csv)]);
    expect(report.inputs[0]?.format).toBe('csv');
    expect(report.messages).toEqual([
      expect.stringMatching(/insights\.csv: line 8: 5 CSV fields under a header of 4; kept as a text line/),
    ]);
    const invocations = fold(events);
    const inv = invocations.find((i) => i.requestId === ID);
    expect(inv?.lines.map((l) => l.message.slice(0, 10))).toEqual([
      'START Requ',
      '2025-08-15',
      'END Reques',
      'REPORT Req',
    ]);
    expect(inv?.lines[1]?.message).toContain('said "hi", then left');
    expect([inv?.logGroup, inv?.logStream, inv?.accountId, inv?.coldStart]).toEqual([
      '/aws/lambda/claude',
      '2025/08/15/[$LATEST]4a1f',
      '123456789012',
      true,
    ]);
  });

  it("reads a console table's zoneless times in the zone that puts its rows inside the header's range, not the first row's", async () => {
    // A browser at UTC-4 exported a day (UTC) newest first: its first row, 19:00, fits the range
    // read as UTC too; only the last, 20:30 the day before, shows the zone.
    const rows = [
      ['2026-10-01 19:00:00.000', 'a'],
      ['2026-10-01 10:00:00.000', 'b'],
      ['2026-09-30 20:30:00.000', 'c'],
    ];
    const md = [
      '**CloudWatch Logs Insights**  ',
      'region: us-east-1  ',
      'log-group-names: /aws/lambda/tz  ',
      'start-time: 2026-10-01T00:00:00.000Z  ',
      'end-time: 2026-10-02T00:00:00.000Z  ',
      '---',
      '| @timestamp | @message |',
      '| --- | --- |',
      ...rows.map(([t, m]) => `| ${t} | ${m} |`),
    ].join('\n');
    const { events } = await read([file('tz.md', `${md}\n`)]);
    expect(events.map((e) => [e.message, new Date(e.timestamp).toISOString()])).toEqual([
      ['c', '2026-10-01T00:30:00.000Z'],
      ['b', '2026-10-01T14:00:00.000Z'],
      ['a', '2026-10-01T23:00:00.000Z'],
    ]);
  });

  describe('a CSV quote too few', () => {
    const reportOf = (i: number) =>
      `REPORT RequestId: 0000000${i}-aaaa-bbbb-cccc-dddddddddddd\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB`;
    const row = (i: number, message: string) =>
      `2026-10-01 10:0${i}:00.000,${message},s1,111122223333:/aws/lambda/fn`;
    const header = '@timestamp,@message,@logStream,@log';

    it('keeps a row whose closing quote is lost as a text line and reads the next row as a row', async () => {
      const rows = [1, 2, 3, 4, 5, 6].map((i) => row(i, i === 2 ? `"${reportOf(i)}` : `"${reportOf(i)}"`));
      const { events, report } = await read([file('lost-quote.csv', [header, ...rows].join('\n'))]);
      expect(report.inputs[0]).toMatchObject({ format: 'csv', events: 6, warnings: 1 });
      expect(report.messages).toEqual([
        expect.stringMatching(
          /lost-quote\.csv: line 3: a quoted CSV field ends on line 4 with a quote followed by "R", not by a delimiter or the line's end; kept as a text line, and the 1 line after it read again as rows$/,
        ),
      ]);
      expect(events.filter((e) => e.logStream === 's1').map((e) => e.message)).toEqual(
        [1, 3, 4, 5, 6].map(reportOf),
      );
      expect(events.filter((e) => e.logStream === undefined).map((e) => e.message)).toEqual([rows[1]]);
    });

    it('reads the rows after a quoted field that runs to the end of the input', async () => {
      // Rows whose messages need no quotes: nothing closes the broken one before the end.
      const rows = [1, 2, 3, 4, 5, 6].map((i) => row(i, i === 1 ? `"${reportOf(i)}` : reportOf(i)));
      const { events, report } = await read([file('open-quote.csv', [header, ...rows].join('\n'))]);
      expect(report.messages).toEqual([
        expect.stringMatching(
          /open-quote\.csv: line 2: a quoted CSV field begun here runs to the end of the input; kept as a text line, and the 5 lines after it read again as rows$/,
        ),
      ]);
      expect(events.filter((e) => e.logStream === 's1').map((e) => e.message)).toEqual(
        [2, 3, 4, 5, 6].map(reportOf),
      );
      expect(events.filter((e) => e.logStream === undefined).map((e) => e.message)).toEqual([rows[0]]);
    });

    it('keeps a whole multi-line record whose field count is wrong, not only its last line', async () => {
      const broken = `2026-10-01 10:01:00.000,"${reportOf(1)}\nsecond line",s1`;
      const { events, report } = await read([
        file('short-row.csv', [header, broken, row(2, reportOf(2))].join('\n')),
      ]);
      expect(report.messages).toEqual([
        expect.stringMatching(
          /short-row\.csv: line 2: 3 CSV fields under a header of 4; kept as a text line, and the 1 line after it read again as rows$/,
        ),
        expect.stringMatching(
          /short-row\.csv: line 3: 2 CSV fields under a header of 4; kept as a text line$/,
        ),
      ]);
      expect(events.map((e) => e.message)).toEqual([
        `2026-10-01 10:01:00.000,"${reportOf(1)}`,
        'second line",s1',
        reportOf(2),
      ]);
    });
  });

  it('keeps pipes inside a message, joins a wrapped row, and decodes the Markdown export', async () => {
    const table = [
      '| @timestamp | @message | @requestId |',
      '| --- | --- | --- |',
      `| 2025-09-23 11:29:49.929 | ${START} | ${ID} |`,
      `| 2025-09-23 11:29:49.930 | [INFO] 2025-09-23T11:29:49.929Z ${ID} Received HEAD request for &#x27;&#x2f;index&#x27; \\| a | b | ${ID} |`,
      '|  | second line of the same message |  |',
      `| 2025-09-23 11:29:50.000 | ${REPORT} | ${ID} |`,
    ].join('\n');
    const { events, report } = await read([file('insights.md', table)]);
    expect(report.inputs[0]).toMatchObject({ format: 'insights-table', warnings: 0 });
    expect(events[1]?.message).toBe(
      `[INFO] 2025-09-23T11:29:49.929Z ${ID} Received HEAD request for '/index' | a | b\nsecond line of the same message`,
    );
    expect(fold(events).map((i) => [i.requestId, i.lines.length, i.billedDurationMs])).toEqual([
      [ID, 3, 200],
    ]);
  });
});

describe('JSON documents, Firehose and Kinesis records', () => {
  it('reads a pretty-printed document cut in pieces the same whatever the chunks', async () => {
    const doc = JSON.stringify(
      {
        events: [START, END, REPORT].map((message, i) => ({
          logStreamName: 's1',
          timestamp: 1000 + i,
          message: `${message}\n`,
          eventId: `e${i}`,
        })),
        searchedLogStreams: [],
      },
      null,
      2,
    );
    const bytes = Buffer.from(doc);
    const whole = await read(['-'], [bytes]);
    for (const size of [1, 3, 64]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      expect((await read(['-'], chunks)).events).toEqual(whole.events);
    }
    expect(whole.events.map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2']);
  });

  it('refuses one JSON value over its bound, naming where it began', () => {
    const pieces = new JsonPieces(new Set(['events']), 100);
    expect(() => pieces.feed(`{\n"events": [\n{"message": "${'x'.repeat(200)}"}]}`)).toThrow(
      /the JSON value begun at line 3 is over/,
    );
  });

  it('reads Kinesis and Firehose records whose data is gzip, plain JSON, or extracted messages; a bad one is a warning', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/orders',
      logStream: '2026/10/01/[$LATEST]abc',
      subscriptionFilters: ['f'],
      logEvents: [START, END, REPORT].map((message, i) => ({ id: `${i}`, timestamp: 1000 + i, message })),
    };
    const kinesis = {
      Records: [
        {
          kinesis: { data: gzipSync(JSON.stringify(payload)).toString('base64') },
          eventSource: 'aws:kinesis',
        },
        {
          kinesis: {
            data: Buffer.from(
              JSON.stringify({
                ...payload,
                logEvents: payload.logEvents.map((e) => ({ ...e, id: `again-${e.id}` })),
              }),
            ).toString('base64'),
          },
        },
        { kinesis: { data: Buffer.from(`${START}\n${END}\n`).toString('base64') } },
        { kinesis: { data: 'H4sIAAAAAAAAA+3OMQqAMBAEwN5v5RMS6lLYWrmJ5FQ0QvL/Q8Q3eE0ABfCWxZ' } },
      ],
    };
    const { events, report } = await read([file('kinesis.json', JSON.stringify(kinesis, null, 2))]);
    expect(events.map((e) => [e.logGroup ?? null, e.message.slice(0, 5)])).toEqual([
      ['/aws/lambda/orders', 'START'],
      ['/aws/lambda/orders', 'END R'],
      ['/aws/lambda/orders', 'REPOR'],
      ['/aws/lambda/orders', 'START'],
      ['/aws/lambda/orders', 'END R'],
      ['/aws/lambda/orders', 'REPOR'],
      [null, 'START'],
      [null, 'END R'],
      [null, '{\n   '],
    ]);
    expect(report.messages).toEqual([
      expect.stringMatching(
        /an element of "Records" at line \d+: the record's data is not valid gzip.*kept as a text line/,
      ),
    ]);
  });

  it('reads several base64 payloads, one a line', async () => {
    const { events, report } = await read([
      file(
        'two.b64',
        `${gzippedPayload('r-1').toString('base64')}\n${gzippedPayload('r-2').toString('base64')}\n`,
      ),
    ]);
    expect(report.inputs[0]?.format).toBe('base64');
    expect(events.map((e) => e.eventId)).toEqual(['r-1', 'r-2']);
  });

  it('does not take a long line without spaces for base64', async () => {
    const line = 'a1b2c3d4'.repeat(1024);
    const { events, report } = await read([file('long.log', `${line}\n${START}\n`)]);
    expect(report.inputs[0]).toMatchObject({ format: 'text', error: null });
    expect(events.map((e) => e.message.length)).toEqual([line.length, START.length]);
  });
});

describe('gzip and S3 export objects', () => {
  it('reads an S3 export object: its stream from its path, its events from `<time> <message>` lines', async () => {
    const stream = '2026/10/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';
    const folder = join(dir, 'exportedlogs', '1a2b3c4d-task', ...stream.split('/'));
    mkdirSync(folder, { recursive: true });
    const lines = [START, 'multi-line message\ncontinued', END, REPORT].map(
      (m, i) => `2026-10-01T10:00:0${i}.000Z ${m}`,
    );
    const path = join(folder, '000000.gz');
    writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
    expect(exportObjectStream(path)).toBe(stream);
    const { events, report } = await read([path], undefined);
    expect(report.inputs[0]?.format).toBe('gzip');
    expect(events.map((e) => [e.logStream, e.timestamp, e.message])).toEqual([
      [stream, Date.UTC(2026, 9, 1, 10, 0, 0), START],
      [stream, Date.UTC(2026, 9, 1, 10, 0, 1), 'multi-line message\ncontinued'],
      [stream, Date.UTC(2026, 9, 1, 10, 0, 2), END],
      [stream, Date.UTC(2026, 9, 1, 10, 0, 3), REPORT],
    ]);
  });

  it('reads gzip members back to back (a Firehose object of payloads)', async () => {
    const { events } = await read([
      file('firehose-object', Buffer.concat([gzippedPayload('a'), gzippedPayload('b'), gzippedPayload('c')])),
    ]);
    expect(events.map((e) => e.eventId)).toEqual(['a', 'b', 'c']);
  });

  it('reads gzip that expands a thousand times as a stream, its one endless line cut at the line bound', () => {
    const bomb = file('bomb.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a'), { level: 9 }));
    const run = runCli(['logs', bomb], {});
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      `lambdalens: warning: ${bomb}: line 1 is 67108864 bytes, over the 16 MiB line bound; its start is kept`,
      `lambdalens: warning: ${bomb}: line 1 is 16777216 characters, over the 1 MiB parse limit; only its first 8 KiB are read for its time, level and request ID`,
      `lambdalens: no Lambda invocations in ${bomb}: 1 line read, none from a Lambda function's log`,
    ]);
  });

  it('says a gzip of binary content is binary, not corrupt', () => {
    const zeros = file('zeros.gz', gzipSync(Buffer.alloc(1024 * 1024)));
    const run = runCli(['logs', zeros], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/zeros\.gz: the gzip holds binary content \(a NUL byte at offset 0\)/);
  });
});
