/**
 * The NDJSON of an invocation is `JSON.stringify` of the object the correlator builds, so
 * the contract's field names and order are the object's own keys: these tests hold the
 * correlator to them, over the examples, the real fixtures and its every event path, and
 * pin the text of one invocation character for character.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import { invocationJson } from '../../collectors/invocation-json.ts';
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
