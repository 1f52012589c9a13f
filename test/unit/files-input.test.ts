/**
 * Local input in every form, and bad input: each failure names the file and what was
 * wrong; a bad input beside good ones is reported and the rest is processed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInputReport, readLogEvents } from '../../collectors/files/read-inputs.ts';
import type { LogEvent } from '../../collectors/model.ts';

const ID = 'c793869b-ee49-115b-a5b6-4fd21e8dedac';
const REPORT = `REPORT RequestId: ${ID}\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB`;
const payload = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/orders',
  logStream: '2026/10/01/[$LATEST]abc',
  subscriptionFilters: ['to-es'],
  logEvents: [
    { id: '1', timestamp: 1000, message: `START RequestId: ${ID} Version: $LATEST\n` },
    { id: '2', timestamp: 1001, message: `END RequestId: ${ID}\n` },
    { id: '3', timestamp: 1002, message: `${REPORT}\n` },
  ],
};

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function read(inputs: string[], stdin?: string) {
  const report = createInputReport();
  const events: LogEvent[] = [];
  const options = { report, ...(stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }) };
  for await (const e of readLogEvents(inputs, options)) events.push(e);
  return { events, report };
}

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['bin/lambdalens.mjs', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
}

/** A PNG's signature and header chunk, then bytes as compressed image data looks: any value. */
function png(): Buffer {
  const head = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');
  const data = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    data[i] = x >>> 16;
  }
  return Buffer.concat([head, data]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-input-'));
});

describe('input formats', () => {
  it('reads lines cut anywhere by chunk boundaries, multi-byte characters and CRLF included', async () => {
    const text =
      '2026-10-03T10:00:00.000Z\tr-1\tINFO\tgrüße 🌍\r\n' +
      'START RequestId: r-1 Version: $LATEST\r\n' +
      'a line longer than one chunk '.repeat(4) +
      '\nlast line without a newline';
    const whole = await read(['-'], text);
    const bytes = Buffer.from(text);
    // Every cut point of 1-, 2- and 7-byte chunks: mid-character, between \r and \n, mid-line.
    for (const size of [1, 2, 7]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
      const events: LogEvent[] = [];
      for await (const e of readLogEvents(['-'], { stdin: Readable.from(chunks) })) events.push(e);
      expect(events).toEqual(whole.events);
    }
    expect(whole.events.map((e) => e.message)).toEqual([
      '2026-10-03T10:00:00.000Z\tr-1\tINFO\tgrüße 🌍',
      'START RequestId: r-1 Version: $LATEST',
      `${'a line longer than one chunk '.repeat(4)}`,
      'last line without a newline',
    ]);
  });
  it('reads aws logs filter-log-events output, pretty-printed as the CLI prints it', async () => {
    const doc = {
      events: payload.logEvents.map((e) => ({
        logStreamName: 's1',
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp + 5,
        eventId: `ev-${e.id}`,
      })),
      searchedLogStreams: [],
    };
    const { events, report } = await read([file('orders.json', JSON.stringify(doc, null, 4))]);
    expect(report.inputs[0]).toMatchObject({ format: 'json', events: 3, error: null });
    expect(events.map((e) => [e.eventId, e.logStream, e.functionName, e.ingestionTime])).toEqual([
      ['ev-1', 's1', 'orders', 1005],
      ['ev-2', 's1', 'orders', 1006],
      ['ev-3', 's1', 'orders', 1007],
    ]);
  });

  it('reads a subscription payload raw, base64+gzip, and as the awslogs envelope (each a copy of the first)', async () => {
    const data = gzipSync(JSON.stringify(payload)).toString('base64');
    const inputs = [
      file('raw.json', JSON.stringify(payload)),
      file('payload.b64', data),
      file('envelope.json', JSON.stringify({ awslogs: { data } })),
      file('payload.gz', gzipSync(JSON.stringify(payload))),
    ];
    const { events, report } = await read(inputs);
    // The same three events four times: read in every form, kept once.
    expect(report.inputs.map((i) => [i.format, i.events, i.duplicates, i.error])).toEqual([
      ['json-lines', 3, 0, null],
      ['base64', 0, 3, null],
      ['json-lines', 0, 3, null],
      ['gzip', 0, 3, null],
    ]);
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.logGroup === '/aws/lambda/orders' && e.accountId === '123456789012')).toBe(
      true,
    );
  });

  it('skips a CONTROL_MESSAGE probe and counts it', async () => {
    const control = {
      ...payload,
      messageType: 'CONTROL_MESSAGE',
      logEvents: [{ id: '0', timestamp: 1, message: 'CWL CONTROL MESSAGE' }],
    };
    const { events, report } = await read([file('control.json', JSON.stringify(control))]);
    expect(events).toHaveLength(0);
    expect(report.controlMessages).toBe(1);
  });

  it('reads NDJSON of events and of Lambda JSON log records, and stdin', async () => {
    const ndjson = [
      JSON.stringify({ timestamp: 5, message: `START RequestId: ${ID}`, logGroup: '/aws/lambda/a' }),
      JSON.stringify({ time: '2026-10-01T00:00:00.000Z', type: 'platform.start', record: { requestId: ID } }),
    ].join('\n');
    const { events } = await read(['-'], ndjson);
    expect(events.map((e) => [e.timestamp, e.logGroup])).toEqual([
      [5, '/aws/lambda/a'],
      [Number.NaN, undefined],
    ]);
    expect(events[1]?.message).toContain('platform.start');
  });
  it('keeps a Lambda JSON log record whose own members are named events, results or records whole', async () => {
    const record = (message: string, member: Record<string, unknown>) =>
      JSON.stringify({
        timestamp: '2026-10-01T10:00:00.000Z',
        level: 'INFO',
        requestId: ID,
        message,
        ...member,
      });
    const lines = [
      record('batch done', { events: ['a', 'b'] }),
      record('query done', { results: [1] }),
      record('records done', { records: [{ a: 1 }] }),
    ];
    const { events, report } = await read(['-'], lines.join('\n'));
    expect(events.map((e) => [e.timestamp, e.message])).toEqual(lines.map((line) => [Number.NaN, line]));
    expect(report.inputs[0]?.warnings).toBe(0);
  });

  it('keeps an NDJSON line that fails part-way as one text line, without the events read before', async () => {
    const good = JSON.stringify({ timestamp: 7, message: 'before', logGroup: '/aws/lambda/a' });
    const broken = JSON.stringify([
      { timestamp: 8, message: 'first of the line' },
      { awslogs: { data: 'H4sIAAAAAAAAA+3OMQqAMBAEwN5v5RMS6lLYWrmJ5FQ0QvL/Q8Q3eE0ABfCWxZ' } },
    ]);
    const { events, report } = await read(['-'], [good, broken].join('\n'));
    expect(events.map((e) => e.message)).toEqual(['before', broken]);
    expect(report.inputs[0]?.warnings).toBe(1);
    expect(report.messages[0]).toMatch(/line 2: awslogs.data is not valid gzip.*kept as a text line/);
  });
});

describe('bad input', () => {
  it.each([
    [
      'binary.bin',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
      /binary content \(a NUL byte at offset 7\)/,
    ],
    ['image.png', png(), /binary content \(a NUL byte at offset 8\)/],
    [
      // UTF-16 without a mark is read (unmarked-utf16.test.ts), but not when half a character is missing.
      'utf16-without-mark-cut.log',
      Buffer.from(`START RequestId: ${ID} Version: $LATEST\n`, 'utf16le').subarray(0, -1),
      /: binary content \(a NUL byte at offset 1\): every other byte is NUL as in UTF-16LE text without a byte order mark, but its 141 bytes are an odd number, which UTF-16 never is; expected Lambda log text/,
    ],
    ['empty.log', '', /empty input; expected Lambda log text/],
    [
      'bad.b64',
      'H4sIAAAAAAAAA+3OMQqAMBAEwN5v5RMS6lLYWrmJ5FQ0QvL/Q8Q3eE0ABfCWxZ',
      /looks like base64 but is not a subscription payload: awslogs.data is not valid gzip/,
    ],
    [
      'bad.gz',
      Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('not really gzip')]),
      /gzip data is corrupt/,
    ],
    ['bad.json', '{\n  "events": [ { "timestamp": 1, "message": "x" \n', /invalid JSON/],
  ])(
    '%s is named with what was wrong, and fails the run when it is the only input',
    (name, content, message) => {
      const path = file(name, content);
      const run = cli(['logs', path]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(path);
      expect(run.stderr).toMatch(message);
    },
  );

  it('names a bad input beside a good one, processes the rest, then fails the run', () => {
    const good = file(
      'good.log',
      `START RequestId: ${ID} Version: $LATEST\nhello\nEND RequestId: ${ID}\n${REPORT}\n`,
    );
    const bad = file('bad2.bin', Buffer.from([0, 1, 2, 3]));
    const run = cli(['logs', bad, good, '--output', 'ndjson']);
    // Everything read is printed; the run still fails, as `cat` does on a file it cannot read.
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${bad}: binary content`);
    expect(run.stderr).toMatch(
      /lambdalens: 1 of the 2 inputs could not be read whole \(named above\): the output lacks what it holds\nhint: fix or leave out the input named above and run the same command again\n$/,
    );
    const invocations = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toMatchObject({
      requestId: ID,
      functionName: 'good',
      status: 'success',
      billedDurationMs: 200,
    });
    expect(invocations[0].lines.map((l: { message: string }) => l.message)).toEqual([
      `START RequestId: ${ID} Version: $LATEST`,
      'hello',
      `END RequestId: ${ID}`,
      REPORT,
    ]);
  });

  describe('a stray NUL byte in text', () => {
    const lines = [`START RequestId: ${ID} Version: $LATEST`, 'hello\0world', `END RequestId: ${ID}`, REPORT];
    const text = `${lines.join('\n')}\n`;

    it('is read as text from a file and from a pipe, the line kept and named in a warning', () => {
      const path = file('stray-nul.log', text);
      const runs = [
        [path, cli(['logs', path, '--output', 'ndjson'])],
        ['-', cli(['logs', '-', '--function-name', 'stray-nul', '--output', 'ndjson'], text)],
      ] as const;
      for (const [name, run] of runs) {
        expect(run.status).toBe(0);
        expect(run.stderr).toContain(`${name}: line 2 holds a NUL byte, which text does not; kept as it is`);
        const invocations = run.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(invocations).toHaveLength(1);
        expect(invocations[0]).toMatchObject({ requestId: ID, functionName: 'stray-nul', status: 'success' });
        expect(invocations[0].lines.map((l: { message: string }) => l.message)).toEqual(lines);
      }
    });

    it('names each line that holds one once, wherever the chunks are cut', async () => {
      // A pipe's first chunk decides the form: here it holds at least the first line, as a pipe's does.
      const first = 'text '.repeat(12);
      const long = `d\0${'x'.repeat(100)}\0e`;
      const bytes = Buffer.from(`${first}\na\0\0b\nc\n${long}\nf\0\n`);
      for (const cut of [61, 64, 67, 100, 4096]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += cut) chunks.push(bytes.subarray(at, at + cut));
        const report = createInputReport();
        const events: LogEvent[] = [];
        for await (const e of readLogEvents(['-'], { report, stdin: Readable.from(chunks) })) events.push(e);
        expect(events.map((e) => e.message)).toEqual([first, 'a\0\0b', 'c', long, 'f\0']);
        expect(report.messages).toEqual([
          '-: line 2 holds a NUL byte, which text does not; kept as it is',
          '-: line 4 holds a NUL byte, which text does not; kept as it is',
          '-: line 5 holds a NUL byte, which text does not; kept as it is',
        ]);
      }
    });
  });

  describe('bytes that are not UTF-8', () => {
    // Lines 2, 4 and 5 hold bytes no UTF-8 has: 0xFF 0xFE (UTF-16's mark), a surrogate
    // encoded as UTF-8 (ED A0 80), an over-long slash (C0 AF). Line 3 holds U+FFFD itself,
    // written in UTF-8, and line 6 a character of two bytes: text, both. The first line is
    // long enough for the start to be text (a few odd characters in many).
    const first = 'text '.repeat(40);
    const bytes = Buffer.concat([
      Buffer.from(`${first}\nhello `),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' one\nsaid \uFFFD as it is\nsurrogate '),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('\nslash '),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('\ncaf\u00e9\n'),
    ]);
    const decoded = [
      'hello \uFFFD\uFFFD one',
      'said \uFFFD as it is',
      'surrogate \uFFFD\uFFFD\uFFFD',
      'slash \uFFFD\uFFFD',
    ];

    it('are said once for the input, with how many lines hold them and the first, wherever the chunks are cut', async () => {
      // Each chunk of a pipe is cut somewhere: inside the bad bytes, inside é, between lines.
      for (const cut of [201, 202, 208, 243, 244, 253, 259, 4096]) {
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += cut) chunks.push(bytes.subarray(at, at + cut));
        const report = createInputReport();
        const events: LogEvent[] = [];
        for await (const e of readLogEvents(['-'], { report, stdin: Readable.from(chunks) })) events.push(e);
        expect(report.inputs[0]?.error ?? null).toBeNull();
        expect(events.map((e) => e.message)).toEqual([first, ...decoded, 'caf\u00e9']);
        expect(report.messages).toEqual([
          '-: 3 lines hold bytes that are not UTF-8 (text in another encoding, or damaged), the first line 2; each such byte is read as U+FFFD',
        ]);
        expect(report.inputs[0]?.warnings).toBe(1);
      }
    });

    it('in one line of a file: named', async () => {
      const path = file(
        'latin-1.log',
        Buffer.concat([Buffer.from(`${first}\ncaf`), Buffer.from([0xe9]), Buffer.from('\n')]),
      );
      const { events, report } = await read([path]);
      expect(events.map((e) => e.message)).toEqual([first, 'caf\uFFFD']);
      expect(report.messages).toEqual([
        `${path}: line 2 holds bytes that are not UTF-8 (text in another encoding, or damaged); each is read as U+FFFD`,
      ]);
    });
    it('in NDJSON of CloudWatch events: named as in text', async () => {
      const event = (message: string) =>
        Buffer.from(`${JSON.stringify({ timestamp: 1790854315662, message, logStreamName: 's' })}\n`);
      const latin1 = Buffer.concat([
        Buffer.from('{"timestamp":1790854315663,"message":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('","logStreamName":"s"}\n'),
      ]);
      const path = file('latin-1.ndjson', Buffer.concat([event('one'), latin1, event('three')]));
      const { events, report } = await read([path]);
      expect(events.map((e) => e.message)).toEqual(['one', 'caf\uFFFD', 'three']);
      expect(report.messages).toEqual([
        `${path}: line 2 holds bytes that are not UTF-8 (text in another encoding, or damaged); each is read as U+FFFD`,
      ]);
    });
  });

  describe('lines that end in a carriage return alone (classic Mac OS)', () => {
    const lines = [`START RequestId: ${ID} Version: $LATEST`, 'working', `END RequestId: ${ID}`, REPORT];

    it('are read as lines, with a note, from a file and from a pipe', async () => {
      const path = file('classic-mac.log', `${lines.join('\r')}\r`);
      const fromFile = await read([path]);
      expect(fromFile.events.map((e) => e.message)).toEqual(lines);
      expect(fromFile.report.messages).toEqual([
        `${path}: lines end in a carriage return alone (as classic Mac OS wrote them): read as line breaks`,
      ]);
      const fromPipe = await read(['-'], lines.join('\r'));
      expect(fromPipe.events.map((e) => e.message)).toEqual(lines);
      expect(fromPipe.report.messages).toEqual([
        '-: lines end in a carriage return alone (as classic Mac OS wrote them): read as line breaks',
      ]);
    });

    it('are told from CRLF cut at its carriage return, and from text with a stray one', async () => {
      const crlf = Buffer.from(`${lines.join('\r\n')}\r\n`);
      const cutAtCr = crlf.indexOf('\r');
      const chunks = [crlf.subarray(0, cutAtCr + 1), crlf.subarray(cutAtCr + 1)];
      const report = createInputReport();
      const events: LogEvent[] = [];
      for await (const e of readLogEvents(['-'], { report, stdin: Readable.from(chunks) })) events.push(e);
      expect(events.map((e) => e.message)).toEqual(lines);
      const stray = await read([
        file('stray-cr.log', `${lines[0]}\n${lines[1]}\rmore\n${lines.slice(2).join('\n')}\n`),
      ]);
      expect(stray.events).toHaveLength(4);
      expect([report.messages, stray.report.messages]).toEqual([[], []]);
    });
  });

  it('keeps an invalid JSON line of an NDJSON file as text, with a counted warning', async () => {
    const path = file(
      'mixed.ndjson',
      `${JSON.stringify({ timestamp: 1, message: 'ok' })}\n{"timestamp": 3, "message": \n${JSON.stringify({ timestamp: 2, message: 'ok2' })}\n`,
    );
    const { events, report } = await read([path]);
    expect(events.map((e) => e.message)).toEqual(['ok', '{"timestamp": 3, "message": ', 'ok2']);
    expect(report.inputs[0]?.warnings).toBe(1);
    expect(report.messages[0]).toMatch(/mixed\.ndjson: line 2: invalid JSON/);
  });

  it('keeps a 10 MB line, its head alone parsed, with a warning, and the lines around it', () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const path = file(
      'fn.log',
      `START RequestId: ${ID} Version: $LATEST\n${big}\nEND RequestId: ${ID}\n${REPORT}\n`,
    );
    const run = cli(['logs', path, '--output', 'ndjson']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /fn\.log: line 2 is 10485760 characters, over the 1 MiB parse limit; only its first 8 KiB are read for its time, level and request ID/,
    );
    const [inv] = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(inv.lines).toHaveLength(4);
    expect(inv.lines[1].message).toHaveLength(10 * 1024 * 1024);
  });

  it('names a file that does not exist', () => {
    const run = cli(['logs', join(dir, 'missing.log')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('missing.log: no such file');
  });
});
