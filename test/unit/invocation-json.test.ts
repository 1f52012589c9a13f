/**
 * The NDJSON of an invocation is `JSON.stringify` of the object the correlator builds, so
 * the contract's field names and order are the object's own keys: these tests hold the
 * correlator to them, over the examples, the real fixtures and its every event path, and
 * pin the text of one invocation character for character. One whose NDJSON is longer than
 * V8's longest string is written a field and a line at a time: the pieces together are
 * `JSON.stringify`'s text wherever that can be made, and past it they make the text
 * `JSON.stringify` would, measured against a twin of short lines.
 */
import { constants } from 'node:buffer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import {
  invocationJson,
  invocationJsonPieces,
  putInvocationNdjson,
} from '../../collectors/invocation-json.ts';
import { emptyInvocation, type Invocation, type LogEvent } from '../../collectors/model.ts';
import { EXAMPLES_DATA_DIR } from '../../examples/generate.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

/** The contract's field names in order: what `--output ndjson` has always written. */
const INVOCATION_FIELDS = [
  'requestId',
  'functionName',
  'logGroup',
  'logStream',
  'status',
  'errorType',
  'coldStart',
  'start',
  'end',
  'durationMs',
  'billedDurationMs',
  'memorySizeMB',
  'maxMemoryUsedMB',
  'initDurationMs',
  'restoreDurationMs',
  'billedRestoreDurationMs',
  'traceId',
  'lines',
  'droppedLines',
  'version',
  'region',
  'accountId',
  'runtimeVersion',
  'initializationType',
];
const LINE_FIELDS = ['timestamp', 'level', 'message'];

function correlate(events: Iterable<LogEvent>): Invocation[] {
  const correlator = createCorrelator({ maxOpenInvocations: 10_000, maxLinesPerInvocation: 1_000 });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  return out;
}

/** What in an invocation's keys (or its lines') is not the contract's, in words; empty when none is. */
function shapeProblems(inv: Invocation): string[] {
  const problems: string[] = [];
  const keys = Object.keys(inv).join(',');
  if (keys !== INVOCATION_FIELDS.join(',')) problems.push(`${inv.requestId}: fields ${keys}`);
  for (const line of inv.lines) {
    const expected = line.eventId === undefined ? LINE_FIELDS : [...LINE_FIELDS, 'eventId'];
    const lineKeys = Object.keys(line).join(',');
    if (lineKeys !== expected.join(',')) problems.push(`${inv.requestId}: line fields ${lineKeys}`);
  }
  return problems;
}

describe('invocation NDJSON', () => {
  it('an empty invocation holds the contract fields, in order', () => {
    expect(Object.keys(emptyInvocation('r'))).toEqual(INVOCATION_FIELDS);
  });

  it('every invocation of the examples holds the contract fields in order, and so does each of its lines', async () => {
    const events: LogEvent[] = [];
    for await (const e of readLogEvents([join(EXAMPLES_DATA_DIR, 'logs')])) events.push(e);
    const invocations = correlate(events);
    expect(invocations.length).toBe(2163);
    expect(invocations.flatMap(shapeProblems)).toEqual([]);
  });

  it('every invocation of the real fixtures holds the contract fields in order, and so does each of its lines', () => {
    const invocations = fixtureBlocks().flatMap((block) => correlate(blockEvents(block)));
    expect(invocations.length).toBeGreaterThan(20);
    expect(invocations.flatMap(shapeProblems)).toEqual([]);
  });

  it('writes an invocation as this text: fields in order, nulls, numbers, escapes, a line with its event ID', () => {
    const stream = { logGroup: '/aws/lambda/orders-api', logStream: '2026/10/01/[$LATEST]0123456789abcdef' };
    const at = Date.UTC(2026, 9, 1, 12, 0, 0);
    const id = '6f1c1a2e-6f4b-4c39-9c1b-2f0d3e4a5b6c';
    const invocations = correlate([
      { ...stream, timestamp: at, message: `START RequestId: ${id} Version: $LATEST\n` },
      {
        ...stream,
        timestamp: at + 12,
        message: `2026-10-01T12:00:00.012Z\t${id}\tINFO\tsaid "hi" \\ \u0001 \ud800 😀\n`,
        eventId: '38000000000000000000000000000000000000000000000000000000',
      },
      { ...stream, timestamp: at + 30, message: `END RequestId: ${id}\n` },
      {
        ...stream,
        timestamp: at + 30,
        message: `REPORT RequestId: ${id}\tDuration: 29.51 ms\tBilled Duration: 30 ms\tMemory Size: 512 MB\tMax Memory Used: 85 MB\t\n`,
      },
    ]);
    expect(invocations.map(invocationJson)).toEqual([
      `{"requestId":"${id}","functionName":"orders-api","logGroup":"/aws/lambda/orders-api",` +
        `"logStream":"2026/10/01/[$LATEST]0123456789abcdef","status":"success","errorType":null,` +
        `"coldStart":false,"start":"2026-10-01T12:00:00.000Z","end":"2026-10-01T12:00:00.030Z",` +
        `"durationMs":29.51,"billedDurationMs":30,"memorySizeMB":512,"maxMemoryUsedMB":85,` +
        `"initDurationMs":null,"restoreDurationMs":null,"billedRestoreDurationMs":null,"traceId":null,` +
        `"lines":[{"timestamp":"2026-10-01T12:00:00.000Z","level":null,"message":"START RequestId: ${id} Version: $LATEST"},` +
        `{"timestamp":"2026-10-01T12:00:00.012Z","level":"INFO","message":"2026-10-01T12:00:00.012Z\\t${id}\\tINFO\\tsaid \\"hi\\" \\\\ \\u0001 \\ud800 😀",` +
        `"eventId":"38000000000000000000000000000000000000000000000000000000"},` +
        `{"timestamp":"2026-10-01T12:00:00.030Z","level":null,"message":"END RequestId: ${id}"},` +
        `{"timestamp":"2026-10-01T12:00:00.030Z","level":null,"message":"REPORT RequestId: ${id}\\tDuration: 29.51 ms\\tBilled Duration: 30 ms\\tMemory Size: 512 MB\\tMax Memory Used: 85 MB\\t"}],` +
        `"droppedLines":0,"version":"$LATEST","region":null,"accountId":null,"runtimeVersion":null,"initializationType":null}`,
    ]);
  });
});

/** What `putInvocationNdjson` handed over, kept as its length, its ends and its pieces' count. */
function received(value: Pick<Invocation, 'lines'>) {
  let length = 0;
  let head = '';
  let tail = '';
  let pieces = 0;
  let longest = 0;
  putInvocationNdjson(value, (text) => {
    pieces++;
    length += text.length;
    longest = Math.max(longest, text.length);
    if (head.length < 300) head += text.slice(0, 300 - head.length);
    tail = (tail + text.slice(-300)).slice(-300);
    return false;
  });
  return { length, head, tail, pieces, longest };
}

/**
 * The first and last 300 characters of a twin's text with each `\u0001` in it written many
 * times over, as the invocation it stands for has it: sixty times (360 characters) already
 * reaches as far into the text as 300 characters can.
 */
function expandedEnds(twin: string): { head: string; tail: string } {
  const text = twin.split('\\u0001').join('\\u0001'.repeat(60));
  return { head: text.slice(0, 300), tail: text.slice(-300) };
}

const JUNK = 15 * 1024 * 1024;
/** 15 MiB of a control character, which JSON writes as six (`\u0001`). */
const junk = '\u0001'.repeat(JUNK);

/** An ended invocation of `count` lines, each `message`, with fields besides as given. */
function invocationOf(message: string, count: number, fields: Partial<Invocation> = {}): Invocation {
  const inv: Invocation = { ...emptyInvocation('6f1b3a2e-1111-4222-8333-444455556666'), ...fields };
  inv.status = 'success';
  inv.lines = Array.from({ length: count }, (_, i) => ({
    timestamp: `2026-10-01T10:00:00.${String(i).padStart(3, '0')}Z`,
    level: 'INFO',
    message,
  }));
  return inv;
}

describe('an invocation written in pieces', () => {
  it('makes JSON.stringify’s text of every invocation of the examples and of the real fixtures', async () => {
    const events: LogEvent[] = [];
    for await (const e of readLogEvents([join(EXAMPLES_DATA_DIR, 'logs')])) events.push(e);
    const invocations = [...correlate(events), ...fixtureBlocks().flatMap((b) => correlate(blockEvents(b)))];
    expect(invocations.length).toBeGreaterThan(2163);
    const differ = invocations.filter(
      (inv) => [...invocationJsonPieces(inv)].join('') !== JSON.stringify(inv),
    );
    expect(differ.map((inv) => inv.requestId)).toEqual([]);
  });

  it('makes it with fields after the lines (a trace), with none, and without a field left undefined', () => {
    const inv = invocationOf('said "hi" \\ \u0001 \ud800 😀', 3, {
      traceId: '1-5f84c7a1-2b3c4d5e6f7a8b9c0d1e2f3a',
    });
    const withTrace = { ...inv, trace: { id: inv.traceId, segments: 4, faults: ['Timeout'] } };
    const undefinedField = { ...inv, trace: undefined };
    const noLines = { ...inv, lines: [] };
    for (const value of [withTrace, undefinedField, noLines])
      expect([...invocationJsonPieces(value)].join('')).toBe(JSON.stringify(value));
  });

  it('writes an invocation whose lines pass V8’s longest string, a line at a time', () => {
    const huge = invocationOf(junk, 6);
    // Past the longest string indeed: the test would prove nothing otherwise.
    expect(() => JSON.stringify(huge)).toThrow(RangeError);
    const twin = `${JSON.stringify(invocationOf('\u0001', 6))}\n`;
    const got = received(huge);
    expect(got.length).toBe(twin.length + 6 * (JUNK - 1) * 6);
    expect(got.length).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect({ head: got.head, tail: got.tail }).toEqual(expandedEnds(twin));
    expect(got.tail.endsWith('"initializationType":null}\n')).toBe(true);
    expect(got.longest).toBeLessThan(100_000_000);
  });

  it('writes one whose other fields take it past, a field at a time', () => {
    // The lines alone are well within: JSON.stringify is asked, refuses, and pieces follow.
    const long = '\u0001'.repeat(16 * 1024 * 1024);
    const fields = {
      logStream: long,
      errorType: long,
      version: long,
      runtimeVersion: long,
      functionName: long,
      logGroup: long,
    };
    const huge = invocationOf('short line', 2, fields);
    expect(() => JSON.stringify(huge)).toThrow(RangeError);
    const short = Object.fromEntries(Object.keys(fields).map((k) => [k, '\u0001']));
    const twin = `${JSON.stringify(invocationOf('short line', 2, short))}\n`;
    const got = received(huge);
    expect(got.length).toBe(twin.length + 6 * (long.length - 1) * 6);
    expect({ head: got.head, tail: got.tail }).toEqual(expandedEnds(twin));
    expect(got.pieces).toBeGreaterThan(6);
  });

  it('writes any other invocation as one text and its newline', () => {
    const inv = invocationOf('a line', 2);
    const got = received(inv);
    expect(got.pieces).toBe(1);
    expect(got.length).toBe(JSON.stringify(inv).length + 1);
  });
});
