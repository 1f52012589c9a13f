/**
 * An invocation whose NDJSON is longer than V8's longest string is written a field and a line
 * at a time: the pieces together are `JSON.stringify`'s text wherever that can be made (the
 * examples, the real fixtures, with a trace and with a field left undefined), and past it
 * they make the text `JSON.stringify` would, measured against a twin of short lines.
 */
import { constants } from 'node:buffer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import { invocationJsonPieces, putInvocationNdjson } from '../../collectors/invocation-json.ts';
import { emptyInvocation, type Invocation, type LogEvent } from '../../collectors/model.ts';
import { EXAMPLES_DATA_DIR } from '../../examples/generate.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

function correlate(events: Iterable<LogEvent>): Invocation[] {
  const correlator = createCorrelator({ maxOpenInvocations: 10_000, maxLinesPerInvocation: 1_000 });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  return out;
}

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
