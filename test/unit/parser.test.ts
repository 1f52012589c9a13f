import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCopyPrefix } from '../../collectors/files/copy-prefix.ts';
import { normaliseLevel } from '../../collectors/parser/app-line.ts';
import { closedJsonHead } from '../../collectors/parser/line-head.ts';
import { isReportLine, parseLine } from '../../collectors/parser/parse-line.ts';
import { reportByLabel } from '../../collectors/parser/text-platform.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

/** Messages of the sample block whose variant contains `text`. */
function messages(variant: string): string[] {
  const block = fixtureBlocks().find((b) => b.variant.includes(variant));
  if (!block) throw new Error(`no sample block "${variant}"`);
  return blockEvents(block).map((e) => e.message);
}

describe('platform lines outside any request (init, restore)', () => {
  it('reads INIT_START runtime version and region from its ARN', () => {
    const [line] = messages('INIT_START as documented by AWS');
    expect(parseLine(line as string)).toEqual({
      kind: 'init-start',
      runtimeVersion: 'python:3.13.v14',
      region: 'eu-south-1',
      functionName: null,
    });
  });
  it('reads INIT_REPORT timeouts and errors with their type', () => {
    const [timeout, crash] = messages('INIT_REPORT as documented').map(parseLine);
    expect(timeout).toEqual({
      kind: 'init-report',
      durationMs: 1236.04,
      phase: 'init',
      status: 'timeout',
      errorType: null,
    });
    expect(crash).toEqual({
      kind: 'init-report',
      durationMs: 1236.04,
      phase: 'init',
      status: 'error',
      errorType: 'Extension.Crash',
    });
  });
  it('reads RESTORE_REPORT failures', () => {
    const [timeout, error] = messages('SnapStart RESTORE_REPORT failure forms').map(parseLine);
    expect(timeout).toEqual({
      kind: 'restore-report',
      durationMs: 1236.04,
      status: 'timeout',
      errorType: null,
    });
    expect(error).toEqual({
      kind: 'restore-report',
      durationMs: 1236.04,
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
  });
  it('reads JSON platform.initStart with function name and region', () => {
    const [line] = messages('platform.initStart with runtimeVersion/runtimeVersionArn/functionName');
    expect(parseLine(line as string)).toMatchObject({
      kind: 'init-start',
      runtimeVersion: 'nodejs:20.v22',
      region: 'us-east-1',
      functionName: 'hello-world',
    });
  });
  it('reads JSON platform.initReport duration and init runtimeDone errors', () => {
    const [report] = messages('json: platform.initReport');
    expect(parseLine(report as string)).toMatchObject({
      kind: 'init-report',
      durationMs: 125.33,
      phase: 'init',
    });
    const [done] = messages('platform.initRuntimeDone record body');
    expect(parseLine(done as string)).toMatchObject({
      kind: 'init-report',
      status: 'error',
      errorType: 'Runtime.ExitError',
    });
  });
  it('recognises a timeout message however it is quoted', () => {
    const [line] = messages('timeout error message as shown in AWS troubleshooting docs');
    expect(parseLine(line as string)).toMatchObject({ kind: 'app', requestId: null, signal: 'timeout' });
  });
});

describe('runtime and application lines', () => {
  it.each([
    [
      '2024-01-15T10:00:00.123Z\t6f7f0961-f834-4211-8a7a-f6fe80b88d56\tINFO\thello',
      'INFO',
      '6f7f0961-f834-4211-8a7a-f6fe80b88d56',
    ],
    [
      '[WARNING]\t2024-01-15T10:00:00.123Z\t6f7f0961-f834-4211-8a7a-f6fe80b88d56\tslow',
      'WARN',
      '6f7f0961-f834-4211-8a7a-f6fe80b88d56',
    ],
    [
      '2019-10-29 21:03:04.153 (+00:00)\t6f7f0961-f834-4211-8a7a-f6fe80b88d56\tERROR\tboom',
      'ERROR',
      '6f7f0961-f834-4211-8a7a-f6fe80b88d56',
    ],
    ['just a print', null, null],
  ])('%s', (line, level, requestId) => {
    expect(parseLine(line)).toMatchObject({ kind: 'app', level, requestId });
  });
  it('takes Powertools fields from JSON lines', () => {
    const line = JSON.stringify({
      level: 'INFO',
      message: 'order placed',
      cold_start: true,
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
    });
    expect(parseLine(line)).toMatchObject({
      kind: 'app',
      level: 'INFO',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      coldStart: true,
      traceId: '1-5759e988-bd862e3fe1be46a994272793',
    });
  });
  it.each([
    ['java.lang.OutOfMemoryError: Java heap space', 'oom'],
    ['[ERROR] MemoryError', 'oom'],
    ['fatal error: runtime: out of memory', 'oom'],
    ['failed to allocate memory (NoMemoryError)', 'oom'],
    ['RequestId: d783b35e-a91d-4251-af17-035953428a2c Process exited before completing request', 'crash'],
    [
      'RequestId: d783b35e-a91d-4251-af17-035953428a2c Error: Runtime exited with error: exit status 2',
      'crash',
    ],
    [
      '2024-01-15T10:00:00.123Z\t6f7f0961-f834-4211-8a7a-f6fe80b88d56\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"x is undefined"}',
      'error',
    ],
  ])('signals %s', (line, signal) => {
    expect(parseLine(line)).toMatchObject({ signal });
  });
  it('treats an unhandled error record of the JSON format as an error with its type', () => {
    const line = JSON.stringify({
      timestamp: '2024-01-15T10:00:00.123Z',
      level: 'ERROR',
      requestId: '6f7f0961-f834-4211-8a7a-f6fe80b88d56',
      errorType: 'KeyError',
      errorMessage: "'id'",
      stackTrace: ['  File "/var/task/app.py", line 3'],
    });
    expect(parseLine(line)).toMatchObject({ signal: 'error', errorType: 'KeyError', level: 'ERROR' });
  });
  it('keeps an over-long message as an app line, never a platform record', () => {
    const huge = `REPORT RequestId: x Duration: 1 ms ${'a'.repeat(2 * 1024 * 1024)}`;
    expect(parseLine(huge)).toMatchObject({ kind: 'app', requestId: null });
  });
  it('reads the time, level and request ID at the head of an over-long message, and nothing more', () => {
    const id = '6f7f0961-f834-4211-8a7a-f6fe80b88d56';
    const long = 'Task timed out '.repeat(110_000);
    const only = { kind: 'app', traceId: null, coldStart: null, signal: null, errorType: null };
    expect(parseLine(`  2026-03-02T12:00:00.200Z\t${id}\tERROR\t${long}`)).toEqual({
      ...only,
      requestId: id,
      level: 'ERROR',
      time: '2026-03-02T12:00:00.200Z',
    });
    expect(parseLine(`[WARNING]\t2026-03-02T12:00:00.200Z\t${id}\t${long}`)).toEqual({
      ...only,
      requestId: id,
      level: 'WARN',
      time: '2026-03-02T12:00:00.200Z',
    });
    // The members before the long one, read as a JSON line of them alone.
    const json = `{"time":"2026-03-02T12:00:00.300Z","level":"warn","ctx":{"a":[1,"}"]},"requestId":"${id}","message":"${long}"}`;
    expect(parseLine(json)).toEqual({
      ...only,
      requestId: id,
      level: 'WARN',
      time: '2026-03-02T12:00:00.300Z',
    });
    expect(closedJsonHead('{"a":"x\\",}","b":[1,{"c":2}],"d":"cut sh')).toBe(
      '{"a":"x\\",}","b":[1,{"c":2}]}',
    );
    // An object that ends within the head was not cut: the message is not one JSON object.
    expect(closedJsonHead('{"a":1,"b":2} and text after it')).toBeNull();
    // The long member first: nothing whole in the head, so nothing is stated.
    expect(parseLine(`{"message":"${long}","requestId":"${id}"}`)).toEqual({
      ...only,
      requestId: null,
      level: null,
      time: undefined,
    });
  });
});

describe('request IDs', () => {
  // Lambda's IDs are UUIDs; other forms are taken up to 256 characters, a longer token is none.
  const longest = 'i'.repeat(256);
  const over = 'i'.repeat(257);
  const report = (id: string, sep: string) =>
    [
      `REPORT RequestId: ${id}`,
      'Duration: 1 ms',
      'Billed Duration: 1 ms',
      'Memory Size: 128 MB',
      'Max Memory Used: 64 MB',
    ].join(sep);
  const lines = (id: string): [string, string][] => [
    ['start', `START RequestId: ${id} Version: $LATEST`],
    ['start', `START RequestId: ${id} Version: $LATEST trailing`],
    ['end', `END RequestId: ${id}`],
    ['end', `END RequestId: ${id} trailing`],
    ['report', report(id, '\t')],
    ['report', report(id, '  ')],
    ['report', `${report(id, '\t')}\tStatus: timeout`],
    ['report', `REPORT RequestId: ${id}`],
    ['app', `RequestId: ${id} Error: Runtime exited with error: exit status 2`],
    ['start', JSON.stringify({ type: 'platform.start', record: { requestId: id } })],
    ['report', JSON.stringify({ type: 'platform.report', record: { requestId: id, metrics: {} } })],
    ['platform', JSON.stringify({ type: 'platform.fault', record: `RequestId: ${id} Process exited` })],
    ['app', JSON.stringify({ level: 'INFO', requestId: id, message: 'hi' })],
    ['app', JSON.stringify({ level: 'INFO', function_request_id: id, message: 'hi' })],
  ];

  it('are taken up to 256 characters, in every form a line names one', () => {
    for (const [kind, line] of lines(longest)) {
      expect(parseLine(line), line.slice(0, 40)).toMatchObject({ kind, requestId: longest });
    }
  });

  it('are not taken past 256 characters: the line is a plain line, tagged with no request', () => {
    for (const [, line] of lines(over)) {
      const parsed = parseLine(line);
      expect(parsed.kind === 'app' || parsed.kind === 'platform', line.slice(0, 40)).toBe(true);
      expect('requestId' in parsed ? parsed.requestId : null, line.slice(0, 40)).toBeNull();
    }
    // A megabyte of ID, as a hostile input may write one.
    expect(parseLine(`START RequestId: ${'c'.repeat(1_000_000)} Version: $LATEST`)).toMatchObject({
      kind: 'app',
      requestId: null,
    });
  });
});

describe('usual platform shapes', () => {
  const id = '5056e296-68ee-45c1-8dff-000000000000';
  const report = `REPORT RequestId: ${id}\tDuration: 159.02 ms\tBilled Duration: 160 ms\tMemory Size: 512 MB\tMax Memory Used: 85 MB\tInit Duration: 255.25 ms\t`;
  it('reads them exactly as the general, label by label, reader does', () => {
    // A field the usual shape does not have sends the line the general way.
    const general = parseLine(`${report}Status: timeout`);
    expect(general).toMatchObject({ status: 'timeout' });
    expect(parseLine(report)).toEqual({ ...general, status: null });
    expect(parseLine(report)).toMatchObject({
      requestId: id,
      durationMs: 159.02,
      billedDurationMs: 160,
      memorySizeMB: 512,
      maxMemoryUsedMB: 85,
      initDurationMs: 255.25,
    });
    const warm = report.replace('Init Duration: 255.25 ms\t', '');
    expect(parseLine(warm)).toEqual({ ...parseLine(`${warm} Restore Duration: x`), restoreDurationMs: null });
    expect(parseLine(`START RequestId: ${id} Version: $LATEST`)).toEqual(
      parseLine(`START RequestId: ${id}  Version: $LATEST trailing`),
    );
    expect(parseLine(`END RequestId: ${id}`)).toEqual(parseLine(`END RequestId: ${id} trailing`));
  });
});

describe('REPORT lines', () => {
  it('are read as the label-by-label reader reads them, whatever fields they carry and in any order', () => {
    const id = '5056e296-68ee-45c1-8dff-000000000000';
    const field = (label: string, values: string[]) =>
      fc.option(fc.constantFrom(...values.map((v) => `${label}: ${v}`)), { nil: '' });
    const line = fc
      .tuple(
        fc.constantFrom('\t', ' ', '  '),
        fc.constantFrom('159.02 ms', '160 ms', 'x ms'),
        field('Init Duration', ['255.25 ms', '3 ms']),
        fc.option(fc.constant('Restore Duration: 300.1 ms\tBilled Restore Duration: 150 ms'), { nil: '' }),
        field('Status', ['timeout', 'error', 'error\tError Type: Runtime.ExitError']),
        field('XRAY TraceId', [
          '1-5e1b4151-5ac6c58f5b5dbd6a2b1c1a2e\tSegmentId: 0a1b2c3d4e5f6a7b\tSampled: true',
        ]),
        fc.boolean(),
        fc.constantFrom('', '\t', ' '),
      )
      .map(([sep, duration, init, restore, status, xray, swap, end]) => {
        const parts = [
          `REPORT RequestId: ${id}`,
          `Duration: ${duration}`,
          'Billed Duration: 160 ms',
          'Memory Size: 512 MB',
          'Max Memory Used: 85 MB',
          init,
          restore,
          status,
          xray,
        ].filter((p) => p !== '');
        // Fields out of their usual order send the line the general way.
        if (swap) parts.splice(2, 2, parts[3] as string, parts[2] as string);
        return parts.join(sep) + end;
      });
    fc.assert(
      fc.property(line, (text) => {
        expect(parseLine(text)).toEqual(reportByLabel(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('telling a REPORT without parsing', () => {
  it('agrees with parseLine on every fixture message and on fuzzed ones', () => {
    const messages = fixtureBlocks().flatMap((b) => blockEvents(b).map((e) => e.message));
    expect(messages.filter((m) => parseLine(m).kind === 'report').length).toBeGreaterThan(20);
    const report =
      'REPORT RequestId: 5056e296-68ee-45c1-8dff-000000000000\tDuration: 1.5 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB';
    const json =
      '{"time":"2024-01-01T00:00:00.000Z","type":"platform.report","record":{"requestId":"5056e296-68ee-45c1-8dff-000000000000","metrics":{"durationMs":1.5}}}';
    const message = fc.oneof(
      fc.constantFrom(...messages),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc
        .tuple(
          fc.constantFrom('', ' ', '\t', '\n', '\r\n', ' \t '),
          fc.constantFrom(report, json, 'RESTORE_REPORT x', 'END RequestId: a'),
          fc.string({ maxLength: 4 }),
        )
        .map(([lead, body, tail]) => lead + body + tail),
    );
    fc.assert(
      fc.property(message, (m) => {
        expect(isReportLine(m)).toBe(parseLine(m).kind === 'report');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('usual runtime lines', () => {
  it('are read as the general runtime-line reader reads them', () => {
    const id = '6f7f0961-f834-4211-8a7a-f6fe80b88d56';
    const line = fc
      .tuple(
        fc.constantFrom('2024-01-15T10:00:00.123Z', '2024-01-15T10:00:00.12Z', '2024-01-15T10:00:00.123'),
        fc.constantFrom(id, id.toUpperCase(), id.slice(1)),
        fc.constantFrom(
          'INFO',
          'WARN',
          'WARNING',
          'ERROR',
          'CRITICAL',
          'INFOX',
          'INFORMATIVE',
          'Info',
          'ABC',
        ),
        fc.constantFrom('\t', ' ', '', 'x', '\tINFO'),
        fc.constantFrom(
          'hello',
          'Task timed out after 3.00 seconds',
          'Invoke Error \t{"errorType":"TypeError"}',
          '',
        ),
      )
      .map(([time, requestId, level, after, message]) => `${time}\t${requestId}\t${level}${after}${message}`);
    fc.assert(
      fc.property(line, (text) => {
        // A space after the time is not the usual shape: such a line goes the general way.
        expect(parseLine(text)).toEqual(parseLine(text.replace('\t', ' ')));
      }),
      { numRuns: 1000 },
    );
    expect(parseLine(`2024-01-15T10:00:00.123Z\t${id}\tWARNING\tTask timed out after 3.00 seconds`)).toEqual({
      kind: 'app',
      requestId: id,
      level: 'WARN',
      time: '2024-01-15T10:00:00.123Z',
      traceId: null,
      coldStart: null,
      signal: 'timeout',
      errorType: null,
    });
  });
});

describe('levels', () => {
  it('normalises the spellings of the runtimes and libraries, and nothing else', () => {
    expect(['INFO', 'info', 'Warning', 'CRITICAL', 'trace'].map(normaliseLevel)).toEqual([
      'INFO',
      'INFO',
      'WARN',
      'FATAL',
      'TRACE',
    ]);
    expect(['constructor', 'toString', '__proto__', 'NOTICE', ''].map(normaliseLevel)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(normaliseLevel(3)).toBeNull();
  });
});

describe('copy prefixes', () => {
  it('takes the stream and time off sam logs lines', () => {
    const line =
      '2026/10/03/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9 2026-10-03T10:00:00.123000 START RequestId: r-1 Version: $LATEST';
    expect(splitCopyPrefix(line)).toEqual({
      logStream: '2026/10/03/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      timestamp: Date.UTC(2026, 9, 3, 10, 0, 0, 123),
      message: 'START RequestId: r-1 Version: $LATEST',
    });
  });
  it('takes the time and stream off aws logs tail lines', () => {
    const line =
      '2026-10-03T10:00:00.123000+00:00 2026/10/03/[$LATEST]0a1b2c3d REPORT RequestId: r-1 Duration: 1 ms';
    expect(splitCopyPrefix(line)).toMatchObject({
      logStream: '2026/10/03/[$LATEST]0a1b2c3d',
      message: 'REPORT RequestId: r-1 Duration: 1 ms',
    });
  });
  it('leaves runtime lines, whose time is their own, alone', () => {
    const line = '2024-01-15T10:00:00.123Z\t6f7f0961-f834-4211-8a7a-f6fe80b88d56\tINFO\thello';
    expect(splitCopyPrefix(line)).toEqual({ message: line });
  });
});
