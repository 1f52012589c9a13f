import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import { INVOCATION_FIELDS, invocationJson } from '../../collectors/invocation-json.ts';
import {
  emptyInvocation,
  INITIALIZATION_TYPES,
  INVOCATION_STATUSES,
  type Invocation,
  type InvocationLine,
  type LogEvent,
} from '../../collectors/model.ts';
import { EXAMPLES_DATA_DIR } from '../../examples/generate.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

function correlate(events: Iterable<LogEvent>): Invocation[] {
  const correlator = createCorrelator({ maxOpenInvocations: 10_000, maxLinesPerInvocation: 1_000 });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  return out;
}

// Any string JSON must escape: quotes, backslashes, control characters, lone surrogates, astral characters.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u2028', '\ud800', '\udfff', 'a', '😀'),
  }),
);
const maybeText = fc.option(anyText, { nil: null });
const anyNumber = fc.option(
  fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 5e-7),
  ),
  { nil: null },
);
const anyLine: fc.Arbitrary<InvocationLine> = fc
  .record({
    timestamp: maybeText,
    level: fc.constantFrom(null, 'INFO', 'ERROR'),
    message: anyText,
    eventId: fc.option(anyText, { nil: undefined }),
  })
  .map((l) => {
    const line: InvocationLine = {
      timestamp: l.timestamp,
      level: l.level as InvocationLine['level'],
      message: l.message,
    };
    if (l.eventId !== undefined) line.eventId = l.eventId;
    return line;
  });

const anyInvocation = fc
  .record({
    requestId: anyText,
    functionName: maybeText,
    logGroup: maybeText,
    logStream: maybeText,
    status: fc.constantFrom(...INVOCATION_STATUSES),
    errorType: maybeText,
    coldStart: fc.boolean(),
    start: maybeText,
    end: maybeText,
    durationMs: anyNumber,
    billedDurationMs: anyNumber,
    memorySizeMB: anyNumber,
    maxMemoryUsedMB: anyNumber,
    initDurationMs: anyNumber,
    restoreDurationMs: anyNumber,
    billedRestoreDurationMs: anyNumber,
    traceId: maybeText,
    lines: fc.array(anyLine, { maxLength: 6 }),
    droppedLines: fc.nat(),
    version: maybeText,
    region: maybeText,
    accountId: maybeText,
    runtimeVersion: maybeText,
    initializationType: fc.constantFrom(null, ...INITIALIZATION_TYPES),
  })
  // Built the way the correlator builds one, so the keys are in the contract's order.
  .map((fields) => Object.assign(emptyInvocation(fields.requestId), fields) as Invocation);

describe('invocation NDJSON writer', () => {
  it('writes the contract fields, in the order an invocation is built with', () => {
    expect([...INVOCATION_FIELDS]).toEqual(Object.keys(emptyInvocation('r')));
  });

  it('writes what JSON.stringify writes for every invocation of the examples', async () => {
    const events: LogEvent[] = [];
    for await (const e of readLogEvents([join(EXAMPLES_DATA_DIR, 'logs')])) events.push(e);
    const invocations = correlate(events);
    expect(invocations.length).toBe(2163);
    let same = 0;
    for (const inv of invocations) if (invocationJson(inv) === JSON.stringify(inv)) same++;
    expect(same).toBe(invocations.length);
  });

  it('writes what JSON.stringify writes for every invocation of the real fixtures', () => {
    const invocations = fixtureBlocks().flatMap((block) => correlate(blockEvents(block)));
    expect(invocations.length).toBeGreaterThan(20);
    for (const inv of invocations) expect(invocationJson(inv), inv.requestId).toBe(JSON.stringify(inv));
  });

  it('writes what JSON.stringify writes for runs of invocations whose fields repeat, change and come back', () => {
    // A few values (some of one length), each also as a second string of the same text made
    // at run time: a field is written again unchanged, changed, changed back, and equal in
    // text but not the same string.
    const pool = fc.constantFrom(null, 'orders-api', 'b"\\', '\u0000', 'x', '😀', 'ab', '');
    const repeated = pool.chain((v) => fc.constantFrom(v, v === null ? null : [...v].join('')));
    const inRun = fc
      .record({
        requestId: anyText,
        functionName: repeated,
        logGroup: repeated,
        logStream: repeated,
        status: fc.constantFrom(...INVOCATION_STATUSES),
        errorType: repeated,
        version: repeated,
        region: repeated,
        accountId: repeated,
        runtimeVersion: repeated,
        initializationType: fc.constantFrom(null, ...INITIALIZATION_TYPES),
        lines: fc.array(anyLine, { maxLength: 3 }),
      })
      .map((fields) => Object.assign(emptyInvocation(fields.requestId), fields) as Invocation);
    fc.assert(
      fc.property(fc.array(inRun, { minLength: 2, maxLength: 12 }), (run) =>
        run.every((inv) => invocationJson(inv) === JSON.stringify(inv)),
      ),
      { numRuns: 1_000 },
    );
  });

  it('writes what JSON.stringify writes for fuzzed invocations: any text, any number, lines with and without IDs', () => {
    fc.assert(
      fc.property(anyInvocation, (inv) => invocationJson(inv) === JSON.stringify(inv)),
      { numRuns: 2_000 },
    );
  });
});
